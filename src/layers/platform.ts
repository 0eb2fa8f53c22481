/**
 * Platforms as OCI names them (`linux/arm64/v8`), the host's platform, and matching an index
 * entry against a wanted one the way containerd's default matcher does for the common cases.
 */
import type { Platform } from './types.js';

const ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips: 'mips',
  mipsel: 'mipsle',
  loong64: 'loong64',
};

/** The host's platform in OCI words: x64 → amd64, arm64 → arm64/v8, arm → arm/v7 (or v6). */
export function hostPlatform(): Platform {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const architecture = ARCH[process.arch] ?? process.arch;
  const p: Platform = { os, architecture };
  if (architecture === 'arm64') p.variant = 'v8';
  if (architecture === 'arm') {
    const v = (process.config.variables as Record<string, unknown>).arm_version;
    p.variant = `v${v ?? 7}`;
  }
  return p;
}

/** Parses `os/arch[/variant]`; also accepts `arch` alone (meaning linux). */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) return undefined;
  if (parts.length === 1) return normalize({ os: 'linux', architecture: parts[0]! });
  if (parts.length === 2) return normalize({ os: parts[0]!, architecture: parts[1]! });
  if (parts.length === 3) return normalize({ os: parts[0]!, architecture: parts[1]!, variant: parts[2]! });
  return undefined;
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

function normalize(p: Platform): Platform {
  const architecture = ({ x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' } as Record<string, string>)[
    p.architecture
  ];
  const out: Platform = { os: p.os, architecture: architecture ?? p.architecture };
  if (p.variant) out.variant = p.variant;
  if (p.architecture === 'armhf') out.variant ??= 'v7';
  if (p.architecture === 'armel') out.variant ??= 'v6';
  return out;
}

/** Variants that mean "the default" for an architecture, so `linux/arm64` matches `linux/arm64/v8`. */
function defaultVariant(arch: string): string | undefined {
  if (arch === 'arm64') return 'v8';
  if (arch === 'arm') return 'v7';
  if (arch === 'amd64') return 'v1';
  return undefined;
}

/** True when an index entry's platform serves the wanted one. */
export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  const c = normalize(candidate);
  const w = normalize(wanted);
  if (c.os !== w.os || c.architecture !== w.architecture) return false;
  const cv = c.variant ?? defaultVariant(c.architecture);
  const wv = w.variant ?? defaultVariant(w.architecture);
  return cv === wv || (!c.variant && !w.variant);
}
