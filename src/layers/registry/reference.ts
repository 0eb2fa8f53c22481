/**
 * Image references as Docker reads them (distribution/reference): `[HOST[:PORT]/]PATH[:TAG][@DIGEST]`,
 * with Docker Hub's normalisation: no host means `docker.io`, and a one-component path on
 * Docker Hub means `library/` (`nginx:1.27` → `docker.io/library/nginx:1.27`, served by
 * `registry-1.docker.io`).
 */

export interface ImageReference {
  /** The registry as named in references and credential stores: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Where the v2 API is served: `registry-1.docker.io` for Docker Hub, else `registry`. */
  apiHost: string;
  /** Repository path: `library/nginx`, `org/app`. */
  repository: string;
  tag?: string;
  /** `sha256:<hex>`; wins over the tag when both are given. */
  digest?: string;
  /** What to fetch the manifest by: the digest, else the tag (default `latest`). */
  manifestRef: string;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const OTHER_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;

/** Thrown for text that is not an image reference; the message says what is wrong. */
export class InvalidReference extends Error {}

/** True when the first component of a name is a registry host rather than a Docker Hub path. */
function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

function checkDomain(domain: string): void {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const end = domain.indexOf(']');
    if (end < 0) throw new InvalidReference(`invalid registry host "${domain}"`);
    host = domain.slice(1, end);
    const rest = domain.slice(end + 1);
    if (rest && !rest.startsWith(':')) throw new InvalidReference(`invalid registry host "${domain}"`);
    port = rest ? rest.slice(1) : undefined;
    if (!/^[0-9a-fA-F:.]+$/.test(host)) throw new InvalidReference(`invalid IPv6 address in "${domain}"`);
  } else {
    const i = domain.lastIndexOf(':');
    if (i >= 0) {
      host = domain.slice(0, i);
      port = domain.slice(i + 1);
    }
    if (!host.split('.').every((c) => DOMAIN_COMPONENT.test(c))) throw new InvalidReference(`invalid registry host "${domain}"`);
  }
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw new InvalidReference(`invalid port in registry host "${domain}"`);
  }
}

/** Parses and normalises a reference; throws InvalidReference with the reason. A `docker://` prefix is allowed. */
export function parseReference(text: string): ImageReference {
  let s = text.trim();
  if (s.startsWith('docker://')) s = s.slice('docker://'.length);
  if (/^[a-z]+:\/\//i.test(s)) {
    throw new InvalidReference(`"${text}" is a URL; give HOST[:PORT]/REPOSITORY[:TAG] (plain-HTTP registries: --insecure-registry HOST)`);
  }
  if (!s) throw new InvalidReference('empty image reference');
  let digest: string | undefined;
  const at = s.indexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
    if (!DIGEST.test(digest)) {
      if (OTHER_DIGEST.test(digest)) throw new InvalidReference(`digest "${digest}" is not a sha256 digest (only sha256 is supported)`);
      throw new InvalidReference(`invalid digest "${digest}": expected sha256: and 64 lowercase hex digits`);
    }
  }
  let tag: string | undefined;
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidReference(`invalid tag "${tag}": letters, digits, _ . - (at most 128, not starting with . or -)`);
  }
  const parts = s.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && isDomain(parts[0]!)) {
    registry = parts.shift()!;
    checkDomain(registry);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  for (const p of parts) {
    if (!PATH_COMPONENT.test(p)) {
      if (p !== p.toLowerCase()) throw new InvalidReference(`invalid repository name "${s}": repository names must be lowercase`);
      throw new InvalidReference(`invalid repository name "${s}": "${p}" is not a valid path component`);
    }
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (`${registry}/${repository}`.length > 255) throw new InvalidReference('repository name longer than 255 characters');
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry,
    repository,
    tag,
    digest,
    manifestRef: digest ?? tag ?? 'latest',
  };
}

/** The full normalised name: `docker.io/library/nginx:1.27`, `127.0.0.1:5000/app@sha256:…`. */
export function formatReference(r: ImageReference): string {
  let s = `${r.registry}/${r.repository}`;
  if (r.tag !== undefined || r.digest === undefined) s += `:${r.tag ?? 'latest'}`;
  if (r.digest) s += `@${r.digest}`;
  return s;
}

/** True for loopback hosts (`localhost`, 127.0.0.0/8, ::1), which Docker treats as insecure registries by default. */
export function isLoopback(registry: string): boolean {
  const host = hostOf(registry);
  return host === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** `host` of `host:port` (IPv6 brackets removed). */
export function hostOf(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const i = registry.lastIndexOf(':');
  return i >= 0 ? registry.slice(0, i) : registry;
}
