/**
 * Where registry credentials come from, in order: `--username`/`--password-stdin`;
 * `$REGISTRY_AUTH_FILE`; Docker's config (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`:
 * `credHelpers[host]`, else `credsStore`, else `auths`); then podman's auth files
 * (`$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`). Helpers run as
 * `docker-credential-NAME get` with the server on stdin, as Docker runs them. Secrets never
 * appear in messages: `from` says where a credential came from, not what it is.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB } from './reference.js';

export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user). */
  identityToken?: string;
  /** A bearer token to send as is (`registrytoken`). */
  registryToken?: string;
  /** Where it came from, for messages: `~/.docker/config.json (auths)`. */
  from: string;
}

export interface CredentialLookup {
  credential?: Credential;
  /** Problems met on the way (a helper that is not installed, an unreadable file), for messages. */
  problems: string[];
}

/** The server name Docker stores Docker Hub credentials under. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** `https://index.docker.io/v1/` → `docker.io`; `https://host:5000/v2/` → `host:5000`. */
export function normaliseServer(key: string): string {
  let s = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '');
  const slash = s.indexOf('/');
  if (slash >= 0) s = s.slice(0, slash);
  if (s === 'index.docker.io' || s === 'registry-1.docker.io' || s === 'registry.hub.docker.com') return DOCKER_HUB;
  return s;
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

function shorten(path: string, env: NodeJS.ProcessEnv): string {
  const h = home(env);
  return h && path.startsWith(`${h}/`) ? `~${path.slice(h.length)}` : path;
}

async function readJson(path: string, problems: string[], env: NodeJS.ProcessEnv): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`cannot read ${shorten(path, env)} (${(e as NodeJS.ErrnoException).code})`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    problems.push(`${shorten(path, env)} is not valid JSON (ignored)`);
    return undefined;
  }
}

function fromEntry(e: AuthEntry | undefined, from: string, problems: string[]): Credential | undefined {
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.identitytoken === 'string' && e.identitytoken) return { identityToken: e.identitytoken, username: decodeAuth(e.auth)?.username, from };
  if (typeof e.registrytoken === 'string' && e.registrytoken) return { registryToken: e.registrytoken, from };
  if (typeof e.auth === 'string' && e.auth) {
    const d = decodeAuth(e.auth);
    if (!d) {
      problems.push(`${from}: "auth" is not base64 of user:password (ignored)`);
      return undefined;
    }
    return { ...d, from };
  }
  if (typeof e.username === 'string' && typeof e.password === 'string' && e.username) return { username: e.username, password: e.password, from };
  return undefined;
}

function decodeAuth(auth: string | undefined): { username: string; password: string } | undefined {
  if (!auth) return undefined;
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i <= 0) return undefined;
  return { username: text.slice(0, i), password: text.slice(i + 1) };
}

/** The entry for `registry` (and, for podman's files, the most specific `registry/namespace` key first). */
function lookupAuths(auths: Record<string, AuthEntry> | undefined, registry: string, repository?: string): AuthEntry | undefined {
  if (!auths || typeof auths !== 'object') return undefined;
  const byKey = new Map<string, AuthEntry>();
  for (const [k, v] of Object.entries(auths)) {
    const withPath = k.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/v[12]\/?$/, '').replace(/\/+$/, '');
    const slash = withPath.indexOf('/');
    const host = normaliseServer(slash >= 0 ? withPath.slice(0, slash) : withPath);
    const key = slash >= 0 ? `${host}${withPath.slice(slash)}` : host;
    if (!byKey.has(key)) byKey.set(key, v);
  }
  if (repository) {
    const parts = repository.split('/');
    for (let n = parts.length; n > 0; n--) {
      const e = byKey.get(`${registry}/${parts.slice(0, n).join('/')}`);
      if (e) return e;
    }
  }
  return byKey.get(registry);
}

export interface HelperResult {
  credential?: Credential;
  problem?: string;
}

/** Runs `docker-credential-NAME get`; "not found" answers are no credential, not an error. */
export function runHelper(name: string, server: string, env: NodeJS.ProcessEnv, from: string): Promise<HelperResult> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let done = false;
    const finish = (r: HelperResult) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    let child;
    try {
      child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      finish({ problem: `${program} could not be started (${(e as Error).message}; ${from})` });
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      finish({ problem: `${program} did not answer within 60 s (${from})` });
    }, 60_000);
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({ problem: e.code === 'ENOENT' ? `${program} is not installed or not on PATH (${from})` : `${program} failed: ${e.message}` });
    });
    child.on('close', (code) => {
      const text = `${out}\n${err}`;
      if (code !== 0) {
        if (/credentials not found|not found in native keychain|no credentials/i.test(text)) finish({});
        else finish({ problem: `${program} get exited with ${code}${err.trim() ? `: ${err.trim().split('\n')[0]!.slice(0, 200)}` : ''}` });
        return;
      }
      let j: { Username?: unknown; Secret?: unknown };
      try {
        j = JSON.parse(out);
      } catch {
        finish({ problem: `${program} get did not print JSON` });
        return;
      }
      const user = typeof j.Username === 'string' ? j.Username : '';
      const secret = typeof j.Secret === 'string' ? j.Secret : '';
      if (!secret) return finish({});
      if (user === '<token>') finish({ credential: { identityToken: secret, from: `${program}` } });
      else finish({ credential: { username: user, password: secret, from: `${program}` } });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(server);
  });
}

/** Finds credentials for `registry` (as named in references: `docker.io`, `host:port`). */
export async function findCredentials(
  registry: string,
  env: NodeJS.ProcessEnv,
  explicit?: { username?: string; password?: string },
  repository?: string,
): Promise<CredentialLookup> {
  const problems: string[] = [];
  if (explicit?.username !== undefined) {
    return { credential: { username: explicit.username, password: explicit.password ?? '', from: '--username' }, problems };
  }
  if (env.REGISTRY_AUTH_FILE) {
    const j = (await readJson(env.REGISTRY_AUTH_FILE, problems, env)) as DockerConfig | undefined;
    const c = fromEntry(lookupAuths(j?.auths, registry, repository), `$REGISTRY_AUTH_FILE (${shorten(env.REGISTRY_AUTH_FILE, env)})`, problems);
    if (c) return { credential: c, problems };
  }
  const dockerDir = env.DOCKER_CONFIG || join(home(env), '.docker');
  const dockerFile = join(dockerDir, 'config.json');
  const shown = shorten(dockerFile, env);
  const cfg = (await readJson(dockerFile, problems, env)) as DockerConfig | undefined;
  if (cfg && typeof cfg === 'object') {
    const server = registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
    let helper: string | undefined;
    let helperFrom = '';
    if (cfg.credHelpers && typeof cfg.credHelpers === 'object') {
      for (const [k, v] of Object.entries(cfg.credHelpers)) {
        if (normaliseServer(k) === registry && typeof v === 'string' && v) {
          helper = v;
          helperFrom = `credHelpers in ${shown}`;
        }
      }
    }
    if (!helper && typeof cfg.credsStore === 'string' && cfg.credsStore) {
      helper = cfg.credsStore;
      helperFrom = `credsStore in ${shown}`;
    }
    if (helper) {
      const r = await runHelper(helper, server, env, helperFrom);
      if (r.problem) problems.push(r.problem);
      if (r.credential) return { credential: { ...r.credential, from: `${r.credential.from} (${helperFrom})` }, problems };
    }
    const c = fromEntry(lookupAuths(cfg.auths, registry), `${shown} (auths)`, problems);
    if (c) return { credential: c, problems };
  }
  const podmanFiles = [
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : undefined,
    join(env.XDG_CONFIG_HOME || join(home(env), '.config'), 'containers', 'auth.json'),
  ];
  for (const f of podmanFiles) {
    if (!f) continue;
    const j = (await readJson(f, problems, env)) as DockerConfig | undefined;
    const c = fromEntry(lookupAuths(j?.auths, registry, repository), shorten(f, env), problems);
    if (c) return { credential: c, problems };
  }
  return { problems };
}
