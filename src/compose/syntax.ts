/**
 * The short syntaxes of `ports` and `volumes`, read as Docker and Compose read them.
 */
import { posix } from 'node:path';

export interface ShortPort {
  hostIp?: string;
  published?: string;
  target: string;
  protocol: string;
}

/**
 * `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with ranges (`9090-9091:8080-8081`), an
 * empty host port for a random one (`127.0.0.1::80`) and IPv6 host addresses, bracketed or not
 * (`[::1]:80:80`, `::1:80:80`). Splits from the right as Docker's `nat.ParsePortSpec` does.
 */
export function parseShortPort(spec: string): ShortPort | undefined {
  let text = spec.trim();
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = text.slice(slash + 1).toLowerCase();
    text = text.slice(0, slash);
  }
  const parts = text.split(':');
  const n = parts.length;
  const target = parts[n - 1];
  let published: string | undefined;
  let hostIp: string | undefined;
  if (n === 2) published = parts[0];
  else if (n === 3) {
    hostIp = parts[0];
    published = parts[1];
  } else if (n > 3) {
    hostIp = parts.slice(0, n - 2).join(':');
    published = parts[n - 2];
  }
  if (hostIp !== undefined) hostIp = hostIp.replace(/^\[(.*)\]$/, '$1');
  if (!isPortOrRange(target)) return undefined;
  if (published !== undefined && published !== '' && !isPortOrRange(published)) return undefined;
  return { hostIp: hostIp || undefined, published: published || undefined, target, protocol };
}

export function isPortOrRange(text: string): boolean {
  return /^\d{1,5}(?:-\d{1,5})?$/.test(text.trim());
}

/** `80` -> [80, 80]; `8000-8010` -> [8000, 8010]; undefined when not a port or range. */
export function portRange(text: string): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return lo <= hi ? [lo, hi] : [hi, lo];
}

/** True for addresses that only the host itself can reach. */
export function isLoopback(ip: string): boolean {
  const a = ip.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return a === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === '::1' || a === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(a);
}

/** True for the wildcard addresses (or none given), which publish on every interface. */
export function isAllInterfaces(ip: string | undefined): boolean {
  if (ip === undefined) return true;
  const a = ip.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return a === '' || a === '0.0.0.0' || a === '::' || a === '0:0:0:0:0:0:0:0';
}

export interface ShortVolume {
  source?: string;
  target?: string;
  mode: string[];
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/**
 * `[SOURCE:]TARGET[:MODE]`. A Windows drive letter (`C:\data:/data`) is part of the source,
 * and `\\.\pipe\...` named pipes are sources as well.
 */
export function parseShortVolume(spec: string): ShortVolume {
  const parts: string[] = [];
  let rest = spec;
  while (rest.length > 0) {
    let cut = rest.indexOf(':');
    // `C:\x` starts a part with a drive letter: its colon is not a separator.
    if (cut === 1 && WINDOWS_DRIVE.test(rest)) {
      const after = rest.indexOf(':', 2);
      cut = after;
    }
    if (cut < 0) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  if (parts.length === 1) return { target: parts[0], mode: [] };
  if (parts.length === 2) {
    // `TARGET:MODE` (an anonymous volume with options) is rare; Docker reads two parts as source:target.
    return { source: parts[0], target: parts[1], mode: [] };
  }
  return { source: parts[0], target: parts[1], mode: parts.slice(2).join(':').split(',').map((m) => m.trim()).filter(Boolean) };
}

/** True when a short-syntax source is a host path (a bind) rather than a volume name. */
export function isHostPathSource(source: string): boolean {
  return (
    source.startsWith('/') ||
    source.startsWith('.') ||
    source.startsWith('~') ||
    WINDOWS_DRIVE.test(source) ||
    source.startsWith('\\\\') ||
    source.startsWith('//')
  );
}

/** Normalises a host path for comparison: `/var/run/` -> `/var/run`, `/etc/../etc` -> `/etc`. */
export function normalizeHostPath(path: string): string {
  if (WINDOWS_DRIVE.test(path) || path.startsWith('\\\\')) return path;
  if (path.startsWith('~')) {
    const rest = path.slice(1);
    return rest === '' || rest === '/' ? '~' : `~${posix.normalize(rest.startsWith('/') ? rest : `/${rest}`).replace(/\/+$/, '')}`;
  }
  const n = posix.normalize(path).replace(/(.)\/+$/, '$1');
  // Relative paths keep a leading `.`, so they still read as host paths.
  if (!n.startsWith('/') && !n.startsWith('.')) return `./${n}`;
  return n;
}
