/**
 * HTTP for registries on Node's own http/https (undici's current major needs Node 22): TLS
 * verified against the system store, Node's roots and extra CAs; redirects followed without
 * carrying credentials to another origin; retries with exponential backoff on connection
 * resets, timeouts, 5xx and 429 (honouring Retry-After), never on other 4xx.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { RequestRecord, RetryOptions } from './options.js';
import { proxyError, proxyFor, tunnel, type Proxy } from './proxy.js';

export interface TlsSettings {
  /** False: accept any certificate (an `--insecure-registry`). */
  verify: boolean;
  /** Trusted CAs (PEM); undefined means Node's default store. */
  ca?: Array<string | Buffer>;
  /** Client certificate and key (mutual TLS, from certs.d). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Settings for https: URLs (redirect targets on other hosts are always verified). */
  tls?: TlsSettings;
  /** Follow redirects (default true). */
  redirects?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: string;
  body: IncomingMessage;
}

export type NetErrorKind = 'tls' | 'not-tls' | 'refused' | 'dns' | 'timeout' | 'reset' | 'proxy' | 'other';

/** A request that got no HTTP answer. `code` is Node's or OpenSSL's error code. */
export class NetError extends Error {
  constructor(
    message: string,
    readonly kind: NetErrorKind,
    readonly code: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'NetError';
  }
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'reset';
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'EPROTO']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ENETRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);

/** Classifies a socket or TLS error. */
export function toNetError(e: unknown, url: string): NetError {
  if (e instanceof NetError) return e;
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? 'UNKNOWN';
  const msg = err?.message ?? String(e);
  let kind: NetErrorKind = 'other';
  if (code === 'EPROXY') kind = 'proxy';
  else if (TLS_CODES.has(code)) kind = 'tls';
  else if (NOT_TLS_CODES.has(code) || /wrong version number|packet length too long|http request/i.test(msg)) kind = 'not-tls';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') kind = code === 'EAI_AGAIN' ? 'timeout' : 'dns';
  else if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') kind = 'timeout';
  else if (RESET_CODES.has(code) || /socket hang up|aborted/i.test(msg)) kind = 'reset';
  return new NetError(msg, kind, code, url);
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

export interface HttpClientOptions {
  retry?: RetryOptions;
  timeoutMs?: number;
  userAgent?: string;
  onRequest?(record: RequestRecord): void;
  /** For HTTPS_PROXY, HTTP_PROXY and NO_PROXY (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

export class HttpClient {
  private readonly agents = new Map<string, http.Agent>();
  readonly retry: Required<RetryOptions>;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.retry = {
      attempts: Math.max(1, options.retry?.attempts ?? 5),
      baseDelayMs: options.retry?.baseDelayMs ?? 500,
      maxDelayMs: options.retry?.maxDelayMs ?? 8000,
      maxRetryAfterSeconds: options.retry?.maxRetryAfterSeconds ?? 60,
    };
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'plimsoll';
  }

  /** Backoff before retry number `n` (1-based): base·2^(n-1), capped, with ±25 % jitter. */
  backoff(n: number): number {
    const d = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (n - 1));
    return Math.round(d * (0.75 + Math.random() * 0.5));
  }

  /**
   * One request with retries: transient connection failures, 5xx and 429 are retried with
   * backoff (429/503 wait for Retry-After when it is short enough); the last answer is
   * returned, whatever its status, or the last connection error thrown.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let res: HttpResponse;
      try {
        res = await this.follow(req);
      } catch (e) {
        const ne = toNetError(e, req.url);
        if (!ne.transient || last) throw ne;
        await sleep(this.backoff(attempt));
        continue;
      }
      if (!RETRY_STATUS.has(res.status) || last) return res;
      const after = retryAfterSeconds(res.headers['retry-after']);
      if (after !== undefined && after > this.retry.maxRetryAfterSeconds) return res;
      res.body.resume();
      await sleep(after !== undefined ? after * 1000 : this.backoff(attempt));
    }
  }

  /** Follows up to 5 redirects; Authorization goes only to the origin it was meant for. */
  private async follow(req: HttpRequest): Promise<HttpResponse> {
    let url = new URL(req.url);
    const origin = url.origin;
    let method = req.method;
    let body = req.body;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
      if (url.origin !== origin) {
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
      }
      // Another origin (blob storage) is always verified, with the same trusted CAs.
      const tls = url.origin === origin ? req.tls : req.tls && { verify: true, ca: req.tls.ca };
      const res = await this.send(method, url, headers, body, tls);
      const loc = res.headers.location;
      if (req.redirects === false || ![301, 302, 303, 307, 308].includes(res.status) || !loc) return res;
      res.body.resume();
      if (hop >= 5) throw new NetError(`too many redirects from ${req.url}`, 'other', 'EREDIRECT', req.url);
      const next = new URL(loc, url);
      if (url.protocol === 'https:' && next.protocol === 'http:') {
        throw new NetError(`${url.host} redirected to plain HTTP (${next.origin}); refused`, 'other', 'EREDIRECT', req.url);
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private agentFor(url: URL, tls: TlsSettings | undefined, proxy: Proxy | undefined): http.Agent {
    const key = `${url.protocol}//${url.host}|${tls ? (tls.verify ? 'v' : 'nv') : 'default'}|${proxy ? proxy.url.href : ''}`;
    let a = this.agents.get(key);
    if (!a) {
      if (url.protocol === 'https:') {
        const tlsOptions = {
          rejectUnauthorized: tls ? tls.verify : true,
          ...(tls?.ca ? { ca: tls.ca } : {}),
          ...(tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
        };
        const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ...tlsOptions });
        if (proxy) {
          const port = Number(url.port || 443);
          (agent as unknown as { createConnection: unknown }).createConnection = (_o: unknown, cb: (e: Error | null, s?: unknown) => void) => {
            tunnel(proxy, url.hostname.replace(/^\[|\]$/g, ''), port, tlsOptions, cb);
            return undefined;
          };
        }
        a = agent;
      } else {
        a = new http.Agent({ keepAlive: true, maxSockets: 8 });
      }
      this.agents.set(key, a);
    }
    return a;
  }

  private send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    tls: TlsSettings | undefined,
  ): Promise<HttpResponse> {
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!mod) return Promise.reject(new NetError(`unsupported URL scheme in ${url.href}`, 'other', 'EPROTOCOL', url.href));
    const shown = `${url.origin}${url.pathname}`;
    const proxy = proxyFor(url, this.options.env ?? process.env);
    // Plain HTTP through a proxy: the absolute URL goes to the proxy; HTTPS tunnels (see agentFor).
    const viaProxy = proxy && url.protocol === 'http:';
    const target = viaProxy
      ? {
          host: proxy.url.hostname,
          port: Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80)),
          path: url.href,
          headers: { ...headers, host: url.host, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
        }
      : undefined;
    return new Promise<HttpResponse>((resolve, reject) => {
      const onResponse = (res: IncomingMessage) => {
        res.setTimeout(this.timeoutMs, () => res.destroy(Object.assign(new Error(`no data from ${url.host} for ${this.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
        this.options.onRequest?.({ method, url: shown, status: res.statusCode });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.href, body: res });
      };
      const req = target
        ? (proxy!.url.protocol === 'https:' ? https : http).request({ method, ...target, agent: this.agentFor(proxy!.url, undefined, undefined) }, onResponse)
        : mod.request(url, { method, headers, agent: this.agentFor(url, tls, proxy) }, onResponse);
      req.setTimeout(this.timeoutMs, () => req.destroy(Object.assign(new Error(`${url.host} did not answer within ${this.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
      req.on('error', (e) => {
        this.options.onRequest?.({ method, url: shown, error: (e as NodeJS.ErrnoException).code ?? e.message });
        reject(toNetError(viaProxy ? proxyError(proxy, e as NodeJS.ErrnoException) : e, url.href));
      });
      req.end(body);
    });
  }

  /** Closes kept-alive connections. */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

/** Reads a whole (small) body; fails past `limit` bytes. */
export async function readBody(res: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    res.body.destroy();
    throw new Error(`${what} is ${declared} bytes, more than the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of res.body) {
      n += (c as Buffer).length;
      if (n > limit) {
        res.body.destroy();
        throw new Error(`${what} is more than the ${limit}-byte limit`);
      }
      chunks.push(c as Buffer);
    }
  } catch (e) {
    if (e instanceof Error && e.message.includes('-byte limit')) throw e;
    throw toNetError(e, res.url);
  }
  return Buffer.concat(chunks);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
