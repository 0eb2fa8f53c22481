/**
 * Options of the network sources (registry and engine), as the command line fills them.
 * Everything read from the environment comes through `env`, so tests and library users
 * control HOME, DOCKER_CONFIG, XDG_CACHE_HOME, DOCKER_HOST and PATH without touching process.env.
 */

export interface RetryOptions {
  /** Tries per request, the first included (default 5). */
  attempts?: number;
  /** First backoff delay in ms, doubled each retry with jitter (default 500). */
  baseDelayMs?: number;
  /** Longest backoff delay in ms (default 8000). */
  maxDelayMs?: number;
  /** Longest Retry-After (seconds) plimsoll waits for; longer ones fail at once with the time (default 60). */
  maxRetryAfterSeconds?: number;
}

/** One HTTP exchange, for `onRequest` observers (tests, --debug). Never carries credentials. */
export interface RequestRecord {
  method: string;
  url: string;
  status?: number;
  error?: string;
}

export interface RemoteOptions {
  /** Environment to read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** `--username` / `--password-stdin`: used for the registry of the reference. */
  username?: string;
  password?: string;
  /** `--insecure-registry HOST[:PORT]`: HTTPS without verification, then plain HTTP. */
  insecureRegistries?: string[];
  /** `--registry-ca FILE`: PEM CA certificates trusted besides the system's and Node's. */
  caFiles?: string[];
  /** False for `--no-cache`: neither read nor write the blob cache. */
  cache?: boolean;
  /** Overrides the cache folder (default `$PLIMSOLL_CACHE_DIR`, `$XDG_CACHE_HOME/plimsoll`, `~/.cache/plimsoll`). */
  cacheDir?: string;
  /** Cache size bound in bytes (default `$PLIMSOLL_CACHE_MAX`, else 10 GiB). */
  cacheMaxBytes?: number;
  retry?: RetryOptions;
  /** Idle time in ms after which a connection counts as failed (default 60000). */
  timeoutMs?: number;
  /** Called after every HTTP exchange. */
  onRequest?(record: RequestRecord): void;
  /** Engine address (default `$DOCKER_HOST`, else /var/run/docker.sock). */
  dockerHost?: string;
  /** `--source podman`: look for podman's socket when DOCKER_HOST is not set. */
  engine?: 'docker' | 'podman';
}

/** What `--source` may say: an engine, a registry, or a local format. */
export const SOURCE_CHOICES = ['docker', 'podman', 'registry', 'docker-archive', 'oci-archive', 'oci'] as const;
export type SourceChoice = (typeof SOURCE_CHOICES)[number];

const PREFIX: Record<SourceChoice, string> = {
  docker: 'docker-daemon:',
  podman: 'docker-daemon:',
  registry: 'docker://',
  'docker-archive': 'docker-archive:',
  'oci-archive': 'oci-archive:',
  oci: 'oci:',
};

/**
 * The reference `openImage` should get for `--source`: `--source docker nginx` is
 * `docker-daemon:nginx`; a reference that already carries that prefix is kept. Returns an
 * error message when the reference's own prefix says another source.
 */
export function referenceForSource(ref: string, source: SourceChoice): { ref: string; engine?: 'docker' | 'podman' } | { error: string } {
  const prefix = PREFIX[source];
  const engine = source === 'docker' || source === 'podman' ? source : undefined;
  if (ref.startsWith(prefix)) return { ref, engine };
  const other = Object.values(PREFIX).find((p) => ref.startsWith(p) && p !== prefix);
  if (other) return { error: `--source ${source} does not go with the reference "${ref}" (its ${other} prefix says otherwise)` };
  return { ref: `${prefix}${ref}`, engine };
}
