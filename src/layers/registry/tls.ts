/**
 * Which certificates a registry connection trusts: Node's bundled roots, the system bundle
 * (as Docker and skopeo trust it: /etc/ssl/certs/ca-certificates.crt or `$SSL_CERT_FILE`),
 * `$NODE_EXTRA_CA_CERTS`, the per-registry folders Docker and podman read
 * (`/etc/docker/certs.d/HOST[:PORT]/*.crt`, `/etc/containers/certs.d/…`,
 * `~/.config/containers/certs.d/…`, with `client.cert`/`client.key` for mutual TLS), and
 * `--registry-ca FILE`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { UsageError } from '../../rules/finding.js';
import type { TlsSettings } from './http.js';

const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

let systemBundle: string | null | undefined;

function readSystemBundle(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SSL_CERT_FILE && existsSync(env.SSL_CERT_FILE)) return readFileSync(env.SSL_CERT_FILE, 'utf8');
  if (systemBundle === undefined) {
    systemBundle = null;
    for (const f of SYSTEM_BUNDLES) {
      try {
        systemBundle = readFileSync(f, 'utf8');
        break;
      } catch {
        // next
      }
    }
  }
  return systemBundle ?? undefined;
}

/** The folders where per-registry certificates live, for messages and lookups. */
export function certsDirs(registry: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  return [
    join('/etc/docker/certs.d', registry),
    join('/etc/containers/certs.d', registry),
    join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'certs.d', registry),
  ];
}

/** TLS settings for one registry host. Throws UsageError for an unreadable `--registry-ca`. */
export function tlsFor(registry: string, opts: { caFiles?: string[]; insecure: boolean; env: NodeJS.ProcessEnv }): TlsSettings {
  const extra: string[] = [];
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  for (const f of opts.caFiles ?? []) {
    try {
      const text = readFileSync(f, 'utf8');
      if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--registry-ca ${f}: not a PEM certificate file`);
      extra.push(text);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--registry-ca ${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  for (const dir of certsDirs(registry, opts.env)) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      try {
        if (n.endsWith('.crt')) extra.push(readFileSync(join(dir, n), 'utf8'));
        else if (n.endsWith('.cert') && !cert) {
          const k = join(dir, `${n.slice(0, -'.cert'.length)}.key`);
          if (existsSync(k)) {
            cert = readFileSync(join(dir, n));
            key = readFileSync(k);
          }
        }
      } catch {
        // unreadable files in certs.d are skipped, as Docker does
      }
    }
  }
  const ca: string[] = [...rootCertificates];
  const system = readSystemBundle(opts.env);
  if (system) ca.push(system);
  const nodeExtra = opts.env.NODE_EXTRA_CA_CERTS;
  if (nodeExtra) {
    try {
      ca.push(readFileSync(nodeExtra, 'utf8'));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS
    }
  }
  ca.push(...extra);
  return { verify: !opts.insecure, ca, ...(cert && key ? { cert, key } : {}) };
}
