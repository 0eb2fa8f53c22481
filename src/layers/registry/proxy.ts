/**
 * HTTP proxies as Docker and skopeo (Go's net/http) use them: `HTTPS_PROXY` for https URLs,
 * `HTTP_PROXY` for http ones (lower-case names too), `NO_PROXY` for exceptions (`*`, hosts,
 * `.domain` or `domain` suffixes, `host:port`, IP addresses and CIDR ranges), and never for
 * loopback hosts. HTTPS goes through a `CONNECT` tunnel (TLS end to end); plain HTTP is sent
 * to the proxy in absolute form. `user:password@` in the proxy URL becomes Proxy-Authorization.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { isLoopback } from './reference.js';

export interface Proxy {
  url: URL;
  /** `Basic …` from the proxy URL's user info. */
  authorization?: string;
}

function env(e: NodeJS.ProcessEnv, name: string): string | undefined {
  return e[name] ?? e[name.toLowerCase()];
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => (n << 8) + Number(p), 0) >>> 0;
}

/** True when NO_PROXY exempts `host` (`host` or `host:port`, IPv6 without brackets). */
export function noProxyMatches(noProxy: string | undefined, host: string, port: string): boolean {
  if (!noProxy) return false;
  const h = host.toLowerCase();
  for (let rule of noProxy.split(/[\s,]+/)) {
    rule = rule.trim().toLowerCase();
    if (!rule) continue;
    if (rule === '*') return true;
    let rulePort: string | undefined;
    const m = /^(.*?):(\d+)$/.exec(rule);
    if (m && !rule.includes('/') && (isIP(m[1]!.replace(/^\[|\]$/g, '')) || !m[1]!.includes(':'))) {
      rule = m[1]!;
      rulePort = m[2];
    }
    rule = rule.replace(/^\[|\]$/g, '');
    if (rulePort && rulePort !== port) continue;
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(rule);
    if (cidr) {
      if (isIP(h) === 4) {
        const bits = Number(cidr[2]);
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        if ((ipv4ToInt(h) & mask) === (ipv4ToInt(cidr[1]!) & mask)) return true;
      }
      continue;
    }
    if (h === rule) return true;
    const suffix = rule.startsWith('.') ? rule : `.${rule}`;
    if (!isIP(rule) && h.endsWith(suffix)) return true;
  }
  return false;
}

/** The proxy for a URL, or undefined for a direct connection. */
export function proxyFor(url: URL, e: NodeJS.ProcessEnv): Proxy | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopback(host)) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (noProxyMatches(env(e, 'NO_PROXY'), host, port)) return undefined;
  const raw = url.protocol === 'https:' ? env(e, 'HTTPS_PROXY') : env(e, 'HTTP_PROXY');
  if (!raw) return undefined;
  let p: URL;
  try {
    p = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
  if (p.protocol !== 'http:' && p.protocol !== 'https:') return undefined;
  const proxy: Proxy = { url: p };
  if (p.username) {
    proxy.authorization = `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}`;
  }
  return proxy;
}

/** A proxy for messages: its origin, without the user info. */
export function showProxy(p: Proxy): string {
  return `${p.url.protocol}//${p.url.host}`;
}

/**
 * Opens a CONNECT tunnel to `host:port` through the proxy and starts TLS over it, verifying
 * the registry (not the proxy) with `tlsOptions`.
 */
export function tunnel(
  proxy: Proxy,
  host: string,
  port: number,
  tlsOptions: tls.ConnectionOptions,
  callback: (err: Error | null, socket?: Duplex) => void,
): void {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
  const mod = proxy.url.protocol === 'https:' ? https : http;
  const req = mod.request({
    host: proxy.url.hostname,
    port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: target,
    headers,
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      callback(Object.assign(new Error(`proxy ${showProxy(proxy)} refused the tunnel to ${target} (${res.statusCode} ${res.statusMessage ?? ''})`.trim()), { code: 'EPROXY' }));
      return;
    }
    const s = tls.connect({ ...tlsOptions, socket, servername: isIP(host) ? undefined : host });
    let done = false;
    s.once('secureConnect', () => {
      done = true;
      callback(null, s);
    });
    s.once('error', (e) => {
      if (!done) callback(e);
    });
  });
  req.once('error', (e: NodeJS.ErrnoException) => callback(proxyError(proxy, e)));
  req.end();
}

/** A failure to use the proxy itself, told apart from the registry's own failures. */
export function proxyError(proxy: Proxy, e: NodeJS.ErrnoException): Error {
  return Object.assign(new Error(`cannot use the proxy ${showProxy(proxy)} (${e.code ?? 'error'}: ${e.message})`), { code: 'EPROXY' });
}
