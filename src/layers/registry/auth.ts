/**
 * Registry authentication from the `WWW-Authenticate` challenge (distribution's token spec):
 * `Basic realm=…` sends the credentials on every request; `Bearer realm=…,service=…,scope=…`
 * trades them (or nothing: an anonymous token) for a token at the realm — GET with Basic for a
 * user and password, POST `grant_type=refresh_token` for an identity token. Credentials are
 * looked up only when a registry asks for them. Never logs a secret.
 */
import { findCredentials, type Credential, type CredentialLookup } from './credentials.js';
import { readBody, type HttpClient, type HttpResponse, type TlsSettings } from './http.js';

export interface Challenge {
  /** Lower-case scheme: `bearer`, `basic`. */
  scheme: string;
  params: Record<string, string>;
}

/** Parses one or more challenges from WWW-Authenticate header values (RFC 7235 auth-params, quoted strings). */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const out: Challenge[] = [];
  for (const value of Array.isArray(header) ? header : header ? [header] : []) {
    let i = 0;
    const s = value;
    const skipWs = () => {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    };
    const token = () => {
      const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(s.slice(i));
      if (!m) return '';
      i += m[0].length;
      return m[0];
    };
    let current: Challenge | undefined;
    while (i < s.length) {
      skipWs();
      if (s[i] === ',') {
        i++;
        continue;
      }
      const start = i;
      const t = token();
      if (!t) {
        i++;
        continue;
      }
      skipWs();
      if (s[i] === '=' && current) {
        i++;
        skipWs();
        let v = '';
        if (s[i] === '"') {
          i++;
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i++;
            v += s[i];
            i++;
          }
          i++;
        } else {
          const m = /^[^,\s]*/.exec(s.slice(i))!;
          v = m[0];
          i += v.length;
        }
        current.params[t.toLowerCase()] = v;
      } else if (s[i] === '=' && !current) {
        i = start + t.length + 1; // a parameter with no scheme: skip it
      } else {
        current = { scheme: t.toLowerCase(), params: {} };
        out.push(current);
      }
    }
  }
  return out;
}

/** Describes a challenge for messages: `Bearer realm "https://auth…", service "registry.docker.io"`. */
export function describeChallenge(c: Challenge): string {
  const scheme = c.scheme === 'bearer' ? 'Bearer' : c.scheme === 'basic' ? 'Basic' : c.scheme;
  const parts = [`realm "${c.params.realm ?? ''}"`];
  if (c.params.service) parts.push(`service "${c.params.service}"`);
  return `${scheme} ${parts.join(', ')}`;
}

/** Why a registry did not let us in; the client turns it into an input error. */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly challenge?: Challenge,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

interface AuthContext {
  http: HttpClient;
  registry: string;
  repository: string;
  tls: TlsSettings;
  env: NodeJS.ProcessEnv;
  explicit?: { username?: string; password?: string };
}

export class Authenticator {
  /** The Authorization header to send, once a challenge was answered. */
  header: string | undefined;
  /** What was tried, for the unauthorised message (no secrets). */
  readonly tried: string[] = [];
  challenge: Challenge | undefined;
  private lookup: Promise<CredentialLookup> | undefined;

  constructor(private readonly ctx: AuthContext) {}

  /** Credentials for this registry, looked up once. */
  credentials(): Promise<CredentialLookup> {
    this.lookup ??= findCredentials(this.ctx.registry, this.ctx.env, this.ctx.explicit, this.ctx.repository);
    return this.lookup;
  }

  async problems(): Promise<string[]> {
    return this.lookup ? (await this.lookup).problems : [];
  }

  /**
   * Answers a 401's challenge: sets `header` for the retry. Throws AuthError when the challenge
   * cannot be answered (Basic with no credentials, a token service refusing).
   */
  async answer(res: HttpResponse | Challenge[]): Promise<void> {
    const challenges = Array.isArray(res) ? res : parseChallenges(res.headers['www-authenticate']);
    const c = challenges.find((x) => x.scheme === 'bearer') ?? challenges.find((x) => x.scheme === 'basic');
    if (!c) {
      const schemes = challenges.map((x) => x.scheme).join(', ');
      throw new AuthError(schemes ? `the registry asks for ${schemes} authentication, which plimsoll does not support` : 'the registry answered 401 without a WWW-Authenticate challenge');
    }
    this.challenge = c;
    const { credential } = await this.credentials();
    if (c.scheme === 'basic') {
      if (!credential?.username || credential.password === undefined) {
        this.tried.push('no credentials (Basic authentication needs a user and password)');
        throw new AuthError('the registry needs a user and password', c);
      }
      this.tried.push(`Basic with credentials from ${credential.from}`);
      this.header = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
      return;
    }
    this.header = `Bearer ${await this.token(c, credential)}`;
  }

  private async token(c: Challenge, credential: Credential | undefined): Promise<string> {
    if (credential?.registryToken) {
      this.tried.push(`registry token from ${credential.from}`);
      return credential.registryToken;
    }
    const realm = c.params.realm;
    if (!realm) throw new AuthError('the Bearer challenge has no realm', c);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError(`the token realm "${realm}" is not a URL`, c);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthError(`the token realm "${realm}" is not an http(s) URL`, c);
    const scope = c.params.scope ?? `repository:${this.ctx.repository}:pull`;
    const service = c.params.service;
    const tls = this.ctx.tls;
    let res: HttpResponse;
    let how: string;
    if (credential?.identityToken) {
      how = `token from ${realm} with the identity token from ${credential.from}`;
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.identityToken, client_id: 'plimsoll', scope });
      if (service) form.set('service', service);
      res = await this.ctx.http.request({
        method: 'POST',
        url: url.href,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        tls,
      });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of scope.split(' ')) if (s) url.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (credential?.username) {
        url.searchParams.set('account', credential.username);
        headers.authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password ?? ''}`).toString('base64')}`;
        how = `token from ${realm} with credentials from ${credential.from}`;
      } else {
        how = `anonymous token from ${realm}`;
      }
      res = await this.ctx.http.request({ method: 'GET', url: url.href, headers, tls });
    }
    this.tried.push(how);
    if (res.status === 401 || res.status === 403) {
      res.body.resume();
      throw new AuthError(
        credential ? `the token service refused the credentials from ${credential.from} (${res.status})` : `the token service refused an anonymous token (${res.status})`,
        c,
      );
    }
    if (res.status !== 200) {
      res.body.resume();
      throw new AuthError(`the token service at ${realm} answered ${res.status}`, c);
    }
    let json: { token?: unknown; access_token?: unknown };
    try {
      json = JSON.parse((await readBody(res, 1 << 20, 'token response')).toString('utf8'));
    } catch {
      throw new AuthError(`the token service at ${realm} did not answer with JSON`, c);
    }
    const token = typeof json.token === 'string' ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
    if (!token) throw new AuthError(`the token service at ${realm} answered without a token`, c);
    return token;
  }
}
