/**
 * Image references as Docker reads them: `[registry[:port]/]repository[:tag][@digest]`.
 * A bare name means Docker Hub's `library/` namespace.
 */

export interface ImageRef {
  /** The text as written. */
  raw: string;
  /** `docker.io` when none is given. */
  registry: string;
  /** True when the registry was written explicitly. */
  explicitRegistry: boolean;
  /** e.g. `library/python`, `bitnami/redis`. */
  repository: string;
  tag?: string;
  /** `sha256:...` */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;

/**
 * Parses a reference; returns undefined when the text is not one (for example when it still
 * holds an unresolved `$VAR`).
 */
export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text || /[\s$]/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  if (!rest) return undefined;
  let registry = DOCKER_HUB;
  let explicitRegistry = false;
  let repository = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash);
    // Docker's rule: the first component is a registry when it has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      explicitRegistry = true;
      repository = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    return undefined;
  }
  return { raw: text, registry, explicitRegistry, repository, tag, digest };
}

/** The short form people write: `python:3.12`, `ghcr.io/org/app@sha256:...`. */
export function formatImageRef(ref: ImageRef): string {
  let name = ref.repository;
  if (ref.registry === DOCKER_HUB) {
    if (name.startsWith('library/')) name = name.slice('library/'.length);
  } else {
    name = `${ref.registry}/${name}`;
  }
  if (ref.tag) name += `:${ref.tag}`;
  if (ref.digest) name += `@${ref.digest}`;
  return name;
}

/** Matches a registry host against a pattern with `*` wildcards (`*.gcr.io`, `my-registry*`). */
export function registryMatches(registry: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = registry.toLowerCase();
  if (!p.includes('*')) {
    const norm = p === 'index.docker.io' || p === 'registry-1.docker.io' || p === 'hub.docker.com' ? DOCKER_HUB : p;
    return norm === r;
  }
  const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(r);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
