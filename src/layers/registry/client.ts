/**
 * A client for one repository of an OCI distribution (v2) registry: the `/v2/` ping that
 * settles the scheme and the challenge, manifests (every media type in Accept, digests
 * checked), blobs (streamed, resumed with a Range request after a dropped connection), and
 * errors that say what happened: unauthorised with the realm and what was tried, denied, not
 * found (tag, repository or blob), rate limited with the retry-after, TLS and connection failures.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PlimsollInputError } from '../../rules/finding.js';
import { AuthError, Authenticator, describeChallenge, parseChallenges } from './auth.js';
import { HttpClient, NetError, readBody, retryAfterSeconds, sleep, toNetError, type HttpResponse, type TlsSettings } from './http.js';
import type { RemoteOptions } from './options.js';
import { DOCKER_HUB, formatReference, hostOf, isLoopback, type ImageReference } from './reference.js';
import { certsDirs, tlsFor } from './tls.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/** Manifests, indexes and configs larger than this are refused (the distribution default limit is 4 MiB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export interface FetchedManifest {
  bytes: Buffer;
  /** From Content-Type, else the document's `mediaType`. */
  mediaType: string;
  /** sha256 of the bytes (checked against the reference's digest or Docker-Content-Digest). */
  digest: string;
}

interface RegistryErrorBody {
  errors?: Array<{ code?: string; message?: string; detail?: unknown }>;
}

type Mode = 'secure' | 'loopback' | 'insecure';

export class RegistryClient {
  readonly http: HttpClient;
  private readonly auth: Authenticator;
  private readonly tls: TlsSettings;
  private readonly mode: Mode;
  private base: Promise<string> | undefined;
  /** The reference for messages: as the user gave it. */
  readonly shown: string;

  constructor(
    readonly ref: ImageReference,
    private readonly opts: RemoteOptions,
    shown?: string,
  ) {
    const env = opts.env ?? process.env;
    this.shown = shown ?? formatReference(ref);
    const insecure = (opts.insecureRegistries ?? []).some((h) => sameHost(h, ref.registry) || sameHost(h, ref.apiHost));
    this.mode = insecure ? 'insecure' : isLoopback(ref.apiHost) ? 'loopback' : 'secure';
    this.tls = tlsFor(ref.apiHost, { caFiles: opts.caFiles, insecure, env });
    this.http = new HttpClient({ retry: opts.retry, timeoutMs: opts.timeoutMs, onRequest: opts.onRequest, env });
    this.auth = new Authenticator({
      http: this.http,
      registry: ref.registry,
      repository: ref.repository,
      tls: this.tls,
      env,
      explicit: opts.username !== undefined ? { username: opts.username, password: opts.password } : undefined,
    });
  }

  close(): void {
    this.http.close();
  }

  private fail(message: string, layer?: string): PlimsollInputError {
    return new PlimsollInputError({ source: this.shown, message, layer });
  }

  /**
   * `GET /v2/`: picks https or, for loopback and `--insecure-registry` hosts that do not speak
   * TLS, http; keeps the challenge so the first real request already carries a token.
   */
  private resolveBase(): Promise<string> {
    this.base ??= (async () => {
      const host = this.ref.apiHost;
      const https = `https://${host}`;
      try {
        await this.ping(https);
        return https;
      } catch (e) {
        const ne = e instanceof NetError ? e : undefined;
        const fallback = this.mode !== 'secure' && ne && (ne.kind === 'not-tls' || (ne.kind === 'refused' && !host.includes(':')) || (ne.kind === 'reset' && this.mode === 'insecure'));
        if (!fallback) throw e;
      }
      const http = `http://${host}`;
      await this.ping(http);
      return http;
    })();
    return this.base;
  }

  private async ping(base: string): Promise<void> {
    let res: HttpResponse;
    try {
      res = await this.http.request({ method: 'GET', url: `${base}/v2/`, tls: this.tls });
    } catch (e) {
      throw toNetError(e, `${base}/v2/`);
    }
    res.body.resume();
    if (res.status === 401) {
      const challenges = parseChallenges(res.headers['www-authenticate']);
      if (challenges.length) this.auth.challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges[0];
      return;
    }
    if (res.status === 404) throw this.fail(`${this.ref.apiHost} is not an OCI distribution registry (GET /v2/ answered 404)`);
    if (res.status >= 500 || res.status === 429) throw await this.statusError(res, 'GET /v2/');
  }

  /** A request with auth: answers one 401 per request (a fresh token when the old one expired). */
  private async send(method: 'GET' | 'HEAD', path: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    let base: string;
    try {
      base = await this.resolveBase();
    } catch (e) {
      throw this.netFailure(e);
    }
    if (!this.auth.header && this.auth.challenge) await this.authenticate([this.auth.challenge]);
    for (let round = 0; ; round++) {
      const h = { ...headers };
      if (this.auth.header) h.authorization = this.auth.header;
      let res: HttpResponse;
      try {
        res = await this.http.request({ method, url: `${base}${path}`, headers: h, tls: this.tls });
      } catch (e) {
        throw this.netFailure(e);
      }
      if (res.status !== 401 || round > 0) return res;
      const challenges = parseChallenges(res.headers['www-authenticate']);
      res.body.resume();
      await this.authenticate(challenges);
    }
  }

  private async authenticate(challenges: ReturnType<typeof parseChallenges>): Promise<void> {
    try {
      await this.auth.answer(challenges);
    } catch (e) {
      if (e instanceof AuthError) throw await this.unauthorised(e.message, e.challenge);
      throw this.netFailure(e);
    }
  }

  private async unauthorised(why: string, challenge = this.auth.challenge, registryMessage?: string): Promise<PlimsollInputError> {
    const parts = [`unauthorised: ${registryMessage ?? why}`];
    if (challenge) parts.push(`(${describeChallenge(challenge)})`);
    let msg = parts.join(' ');
    if (this.auth.tried.length) msg += `; tried: ${[...new Set(this.auth.tried)].join(', ')}`;
    const problems = await this.auth.problems();
    if (problems.length) msg += `; ${problems.join('; ')}`;
    const login = this.ref.registry === DOCKER_HUB ? 'docker login' : `docker login ${this.ref.registry}`;
    msg += `. Log in (${login}) or pass --username and --password-stdin`;
    if (this.ref.registry === DOCKER_HUB) msg += '; Docker Hub also answers this for repositories that do not exist';
    return this.fail(msg);
  }

  /** Turns a connection failure into a message naming the host and what to do. */
  netFailure(e: unknown, layer?: string): Error {
    if (e instanceof PlimsollInputError) return e;
    const ne = toNetError(e, this.ref.apiHost);
    const host = this.ref.apiHost;
    const tries = this.http.retry.attempts;
    switch (ne.kind) {
      case 'tls':
        if (ne.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || ne.code === 'HOSTNAME_MISMATCH') {
          return this.fail(`TLS: the certificate of ${host} is not valid for that name (${ne.message}); --insecure-registry ${host} skips verification`, layer);
        }
        if (ne.code === 'CERT_HAS_EXPIRED' || ne.code === 'CERT_NOT_YET_VALID') {
          return this.fail(`TLS: the certificate of ${host} ${ne.code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not yet valid'} (${ne.code})`, layer);
        }
        return this.fail(
          `TLS: the certificate of ${host} is not trusted (${ne.code}: ${ne.message}); give its CA with --registry-ca FILE (or put it in ${certsDirs(host, this.opts.env ?? process.env)[0]}/ca.crt, or NODE_EXTRA_CA_CERTS), or skip verification with --insecure-registry ${host}`,
          layer,
        );
      case 'not-tls':
        return this.fail(`TLS: ${host} does not speak TLS (a plain-HTTP registry?); use --insecure-registry ${host}`, layer);
      case 'proxy':
        return this.fail(`${ne.message}; check HTTPS_PROXY/HTTP_PROXY, or add ${hostOf(host)} to NO_PROXY`, layer);
      case 'refused':
        return this.fail(`connection refused by ${host}${this.mode === 'secure' ? ' (https)' : ''}: is a registry listening there?`, layer);
      case 'dns':
        return this.fail(`cannot resolve ${hostOf(host)} (${ne.code})`, layer);
      case 'timeout':
      case 'reset':
        return this.fail(`connection to ${host} failed after ${tries} tries (${ne.code}: ${ne.message})`, layer);
      default:
        return this.fail(`request to ${host} failed (${ne.code}: ${ne.message})`, layer);
    }
  }

  private async errorBody(res: HttpResponse): Promise<{ code?: string; message?: string }> {
    if (res.body.readableEnded) return {};
    try {
      const j = JSON.parse((await readBody(res, 64 * 1024, 'error')).toString('utf8')) as RegistryErrorBody;
      const e = j.errors?.[0];
      return { code: e?.code, message: e?.message };
    } catch {
      return {};
    }
  }

  /** The input error for a non-2xx answer. `what` names the object: `tag "1"`, `blob sha256:…`. */
  private async statusError(res: HttpResponse, what: string, layer?: string): Promise<PlimsollInputError> {
    const { code, message } = await this.errorBody(res);
    const host = this.ref.apiHost;
    const regMsg = message ? ` (${code ? `${code}: ` : ''}${message})` : code ? ` (${code})` : '';
    switch (res.status) {
      case 401:
        return this.unauthorised('authentication required', undefined, message ? `${message}${code ? ` (${code})` : ''}` : undefined);
      case 403:
        return this.fail(
          `denied: ${host} refused access to ${this.ref.repository}${regMsg}${this.auth.tried.length ? `; tried: ${[...new Set(this.auth.tried)].join(', ')}` : ''}`,
          layer,
        );
      case 404:
        return this.fail(`${what} not found${regMsg}`, layer);
      case 429: {
        const after = retryAfterSeconds(res.headers['retry-after']);
        const remaining = res.headers['ratelimit-remaining'];
        return this.fail(
          `rate limited by ${host}${regMsg}${after !== undefined ? `; retry after ${after} s` : ''}${remaining ? ` (ratelimit-remaining: ${String(remaining)})` : ''}${this.ref.registry === DOCKER_HUB ? '; logged-in Docker Hub users get a higher limit' : ''}`,
          layer,
        );
      }
      default:
        return this.fail(
          `${host} answered ${res.status}${res.status >= 500 ? ` after ${this.http.retry.attempts} tries` : ''} for ${what}${regMsg}`,
          layer,
        );
    }
  }

  /** Why a manifest was not found: a missing tag (with the tags there are), a missing repository, or a missing digest. */
  private async manifestNotFound(res: HttpResponse, ref: string): Promise<PlimsollInputError> {
    const { code, message } = await this.errorBody(res);
    const name = `${this.ref.registry}/${this.ref.repository}`;
    if (code === 'NAME_UNKNOWN') return this.fail(`repository ${this.ref.repository} not found on ${this.ref.apiHost}${message ? ` (${message})` : ''}`);
    if (ref.startsWith('sha256:')) return this.fail(`manifest ${ref} not found in ${name}${code ? ` (${code})` : ''}`);
    const tags = await this.listTags(20).catch(() => undefined);
    let msg = `tag "${ref}" not found in ${name}${code ? ` (${code})` : ''}`;
    if (tags && tags.length) msg += `; tags there: ${tags.slice(0, 20).join(', ')}${tags.length >= 20 ? ', …' : ''}`;
    else if (tags) msg += '; the repository has no tags (or does not exist)';
    return this.fail(msg);
  }

  /** Up to `limit` tags of the repository (best effort, for messages). */
  async listTags(limit: number): Promise<string[]> {
    const res = await this.send('GET', `/v2/${this.ref.repository}/tags/list?n=${limit}`);
    if (res.status !== 200) {
      res.body.resume();
      return res.status === 404 ? [] : Promise.reject(new Error(String(res.status)));
    }
    const j = JSON.parse((await readBody(res, 1 << 20, 'tag list')).toString('utf8')) as { tags?: unknown };
    return Array.isArray(j.tags) ? j.tags.filter((t): t is string => typeof t === 'string').slice(0, limit) : [];
  }

  /** `HEAD` of a manifest: its digest without downloading it (no Docker Hub pull counted); undefined when the registry does not say. */
  async headManifest(ref: string): Promise<{ digest: string; mediaType?: string } | undefined> {
    const res = await this.send('HEAD', `/v2/${this.ref.repository}/manifests/${ref}`, { accept: MANIFEST_TYPES.join(', ') });
    res.body.resume();
    if (res.status === 404) return undefined; // the GET says why
    if (res.status !== 200) {
      if (res.status === 401 || res.status === 403 || res.status === 429) throw await this.statusError(res, `manifest ${ref}`);
      return undefined;
    }
    const digest = headerValue(res.headers['docker-content-digest']);
    if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest)) return undefined;
    return { digest, mediaType: headerValue(res.headers['content-type'])?.split(';')[0]?.trim() };
  }

  /** `GET` of a manifest (tag or digest), every manifest type accepted; the digest is checked when known. */
  async getManifest(ref: string, expectDigest?: string): Promise<FetchedManifest> {
    const res = await this.send('GET', `/v2/${this.ref.repository}/manifests/${ref}`, { accept: MANIFEST_TYPES.join(', ') });
    if (res.status === 404) throw await this.manifestNotFound(res, ref);
    if (res.status !== 200) throw await this.statusError(res, `manifest ${ref}`);
    let bytes: Buffer;
    try {
      bytes = await readBody(res, MAX_DOCUMENT_BYTES, `manifest ${ref}`);
    } catch (e) {
      throw e instanceof NetError ? this.netFailure(e) : this.fail((e as Error).message);
    }
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const want = expectDigest ?? (ref.startsWith('sha256:') ? ref : undefined);
    if (want && want !== digest) throw this.fail(`manifest digest mismatch: asked for ${want}, the registry sent ${digest}`);
    const header = headerValue(res.headers['docker-content-digest']);
    if (!want && header && /^sha256:/.test(header) && header !== digest) {
      throw this.fail(`manifest digest mismatch: the registry says ${header}, the bytes hash to ${digest}`);
    }
    let mediaType = headerValue(res.headers['content-type'])?.split(';')[0]?.trim() ?? '';
    if (!mediaType || mediaType === 'application/json' || mediaType === 'text/plain' || mediaType === 'application/octet-stream') {
      try {
        const j = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown; schemaVersion?: unknown };
        mediaType = typeof j.mediaType === 'string' ? j.mediaType : j.schemaVersion === 1 ? 'application/vnd.docker.distribution.manifest.v1+json' : mediaType;
      } catch {
        // the caller reports invalid JSON
      }
    }
    return { bytes, mediaType, digest };
  }

  /** A small blob (config) read whole, digest checked. */
  async getBlobBytes(digest: string, what: string): Promise<Buffer> {
    const res = await this.send('GET', `/v2/${this.ref.repository}/blobs/${digest}`);
    if (res.status !== 200) throw await this.statusError(res, `${what} (blob ${digest})`);
    let bytes: Buffer;
    try {
      bytes = await readBody(res, MAX_DOCUMENT_BYTES, what);
    } catch (e) {
      throw e instanceof NetError ? this.netFailure(e) : this.fail((e as Error).message);
    }
    const got = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (got !== digest) throw this.fail(`${what} digest mismatch: expected ${digest}, got ${got}`);
    return bytes;
  }

  /**
   * A layer blob as a stream. When the connection drops mid-way the rest is asked for with
   * `Range: bytes=N-` (or the start skipped when the registry ignores ranges), with backoff,
   * up to the retry count. The digest is not checked here (the caller's tee or verifier does).
   */
  openBlob(digest: string, layer: string): Readable {
    const path = `/v2/${this.ref.repository}/blobs/${digest}`;
    let current: HttpResponse | undefined;
    const self = this;
    async function* chunks(): AsyncGenerator<Buffer> {
      let offset = 0;
      let failures = 0;
      for (;;) {
        const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
        const res = await self.send('GET', path, headers);
        current = res;
        let skip = 0;
        if (res.status === 206 && offset > 0) {
          const start = /bytes (\d+)-/.exec(headerValue(res.headers['content-range']) ?? '');
          if (!start || Number(start[1]) !== offset) {
            res.body.destroy();
            throw self.fail(`the registry answered a resumed download of blob ${digest} at the wrong offset`, layer);
          }
        } else if (res.status === 200) {
          skip = offset;
        } else {
          throw await self.statusError(res, `blob ${digest}`, layer);
        }
        try {
          for await (const c of res.body) {
            let chunk = c as Buffer;
            if (skip > 0) {
              if (chunk.length <= skip) {
                skip -= chunk.length;
                continue;
              }
              chunk = chunk.subarray(skip);
              skip = 0;
            }
            offset += chunk.length;
            yield chunk;
          }
          if (!res.body.complete) throw Object.assign(new Error('connection closed before the end of the blob'), { code: 'ECONNRESET' });
          return;
        } catch (e) {
          const ne = toNetError(e, path);
          failures++;
          if (!ne.transient || failures >= self.http.retry.attempts) throw self.netFailure(ne, layer);
          await sleep(self.http.backoff(failures));
        } finally {
          if (!res.body.readableEnded) res.body.destroy();
        }
      }
    }
    const stream = Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
    stream.once('close', () => current?.body.destroy());
    return stream;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function sameHost(given: string, registry: string): boolean {
  const g = given.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  const r = registry.toLowerCase();
  return g === r || (!g.includes(':') && hostOf(r) === g);
}
