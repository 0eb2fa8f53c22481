/**
 * Talking to a Docker-compatible engine (Docker, podman's `system service`): where it listens
 * (`DOCKER_HOST` as `unix://PATH`, `tcp://HOST:PORT` — TLS with `DOCKER_TLS_VERIFY` and
 * `DOCKER_CERT_PATH` — or the default sockets) and plain API requests over that connection.
 */
import { existsSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EngineEndpoint {
  /** As people write it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  shown: string;
  socketPath?: string;
  host?: string;
  port?: number;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; verify: boolean };
  /** Where the address came from, for messages: `DOCKER_HOST`, `the default socket`. */
  from: string;
}

export const DOCKER_SOCKET = '/var/run/docker.sock';

/** Thrown for an engine address plimsoll cannot use; the source turns it into an input error. */
export class EngineAddressError extends Error {}

/** Podman's API sockets: rootless first (`$XDG_RUNTIME_DIR/podman/podman.sock`), then rootful. */
export function podmanSockets(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  if (env.XDG_RUNTIME_DIR) out.push(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
  out.push('/run/podman/podman.sock');
  return out;
}

/** Works out the engine address: an explicit one, `DOCKER_HOST`, else the default Docker (or podman) socket. */
export function engineEndpoint(opts: { dockerHost?: string; engine?: 'docker' | 'podman'; env: NodeJS.ProcessEnv }): EngineEndpoint {
  const env = opts.env;
  const given = opts.dockerHost ?? env.DOCKER_HOST;
  if (given) return parseDockerHost(given, opts.dockerHost ? '--docker-host' : 'DOCKER_HOST', env);
  if (opts.engine === 'podman') {
    const found = podmanSockets(env).find((p) => existsSync(p)) ?? podmanSockets(env)[0]!;
    return { shown: `unix://${found}`, socketPath: found, from: "podman's socket" };
  }
  return { shown: `unix://${DOCKER_SOCKET}`, socketPath: DOCKER_SOCKET, from: 'the default socket' };
}

export function parseDockerHost(text: string, from: string, env: NodeJS.ProcessEnv): EngineEndpoint {
  const t = text.trim();
  if (t.startsWith('unix://')) {
    const path = t.slice('unix://'.length);
    if (!path) throw new EngineAddressError(`${from}=${t}: no socket path`);
    return { shown: t, socketPath: path, from };
  }
  if (t.startsWith('/')) return { shown: `unix://${t}`, socketPath: t, from };
  const m = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(t);
  if (m) {
    const tlsWanted = m[1] === 'https' || (m[1] === 'tcp' && !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0');
    const port = m[3] ? Number(m[3]) : tlsWanted ? 2376 : 2375;
    const ep: EngineEndpoint = { shown: t, host: m[2]!.replace(/^\[|\]$/g, ''), port, from };
    if (tlsWanted) {
      const dir = env.DOCKER_CERT_PATH || join(env.HOME || homedir(), '.docker');
      const read = (n: string) => {
        try {
          return readFileSync(join(dir, n));
        } catch {
          return undefined;
        }
      };
      ep.tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify: true };
    }
    return ep;
  }
  if (t.startsWith('ssh://')) {
    throw new EngineAddressError(`${from}=${t}: ssh:// engines are not supported; forward the socket (ssh -L /tmp/docker.sock:/var/run/docker.sock HOST) and set DOCKER_HOST=unix:///tmp/docker.sock`);
  }
  if (t.startsWith('npipe://')) throw new EngineAddressError(`${from}=${t}: Windows named pipes are not supported`);
  throw new EngineAddressError(`${from}=${t}: expected unix:///PATH or tcp://HOST:PORT`);
}

/** Percent-encodes an image name for a path, keeping `/`, `:` and `@` as the engines expect them. */
export function encodeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._\-/:@]/g, (c) => encodeURIComponent(c));
}

export interface EngineResponse {
  status: number;
  body: IncomingMessage;
}

/** One API request; connection failures reject with Node's error (code kept). */
export function engineRequest(ep: EngineEndpoint, method: 'GET' | 'HEAD', path: string): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    const base = { method, path, headers: { 'user-agent': 'plimsoll', host: ep.socketPath ? 'docker' : `${ep.host}:${ep.port}` } };
    const onRes = (res: IncomingMessage) => resolve({ status: res.statusCode ?? 0, body: res });
    const req = ep.socketPath
      ? http.request({ ...base, socketPath: ep.socketPath }, onRes)
      : ep.tls
        ? https.request(
            {
              ...base,
              host: ep.host,
              port: ep.port,
              ca: ep.tls.ca,
              cert: ep.tls.cert,
              key: ep.tls.key,
              rejectUnauthorized: ep.tls.verify,
            },
            onRes,
          )
        : http.request({ ...base, host: ep.host, port: ep.port }, onRes);
    req.on('error', reject);
    req.end();
  });
}

/** Reads a JSON answer (at most `limit` bytes). */
export async function readJson(res: EngineResponse, limit = 16 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += (c as Buffer).length;
    if (n > limit) {
      res.body.destroy();
      throw new Error(`the engine's answer is larger than ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.trim().slice(0, 300) };
  }
}
