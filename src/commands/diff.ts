/**
 * `plimsoll diff A B`: two images from any sources compared: the size change (by top-level
 * folder, and the folders or files that explain it), files added, removed and changed, the
 * layers B shares with A by diffId, and the findings of B that A does not have (the image rules
 * run on both; a finding is new when its rule and fingerprint are not among A's). The gate
 * `--max-growth BYTES|PERCENT` fails the run when B's image size grew by more.
 *
 * Layers B shares with A (same diffId, the digest of the uncompressed tar that reading A's copy
 * verified) are read once: their events are reused for B.
 */
import { open as openFile } from 'node:fs/promises';
import { loadConfigFor, type CliOverrides } from '../config/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { attributeFindings, attributeImage } from '../attribution/index.js';
import { loadDockerfile } from '../attribution/load.js';
import { applyBaseline, baselineKey, readBaseline } from '../baseline/index.js';
import { analyseLayers, type ImageAnalysis } from '../layers/analysis.js';
import { sniffCompression } from '../layers/decompress.js';
import { diffImages, type ImageDiff } from '../layers/image-diff.js';
import type { DiffReport } from '../report/diff-sections.js';
import { openImage } from '../layers/open.js';
import { readLayers } from '../layers/reader.js';
import type { RemoteOptions } from '../layers/registry/options.js';
import type { Compression, Image, LayerContents } from '../layers/types.js';
import { parseByteSize } from '../config/units.js';
import { humanBytes } from '../report/image-sections.js';
import type { GateResult, ReportInput } from '../report/types.js';
import { PlimsollInputError, UsageError, type Finding, type InputError, type Level } from '../rules/finding.js';
import { allRuleMetas } from '../rules/registry.js';
import { INFORMATION_URI, VERSION } from '../version.js';
import { checkImage, imageAudit, sourceRef, type FilesystemAudit } from './image-checks.js';
import { exitCodeFor } from './output.js';

export interface DiffOptions extends CliOverrides {
  a: string;
  b: string;
  cwd: string;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: string;
  /** `--source`: where both references live (docker, podman, registry, or a local format). */
  source?: string;
  remote?: RemoteOptions;
  /** `--max-growth BYTES|PERCENT`: fail when B's image size grew by more than this. */
  maxGrowth?: string;
  /** `--baseline FILE`: findings in it count as already known, as A's do. */
  baseline?: string;
  /** `--dockerfile PATH [--target STAGE]`: the Dockerfile B was built from. */
  dockerfile?: string;
  target?: string;
  /** Items in each list (default 10). */
  top?: number;
  /** `--files`: list every changed path. */
  files?: boolean;
  progress?: (text: string) => void;
  log?: (text: string) => void;
  debug?: boolean;
}

export interface DiffRun {
  report: ReportInput;
  notes: string[];
}

interface Growth {
  bytes?: number;
  percent?: number;
  text: string;
}

export function parseGrowth(value: string | undefined): Growth | undefined {
  if (value === undefined) return undefined;
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (pct) return { percent: Number(pct[1]), text: value.trim() };
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new UsageError(`--max-growth "${value}": expected a size such as 20MB or 1.5GiB, or a percentage such as 10%`);
  return { bytes, text: bytes >= 1024 && !/^\d+$/.test(value.trim()) ? `${value.trim()} (${humanBytes(bytes)})` : humanBytes(bytes) };
}

export async function runDiff(opts: DiffOptions): Promise<DiffRun> {
  const config = await loadConfigFor(undefined, { ...opts, cwd: opts.cwd });
  const notes = [...(config.notes ?? [])];
  const growth = parseGrowth(opts.maxGrowth);
  const baseline = opts.baseline !== undefined ? await readBaseline(opts.baseline, opts.cwd) : undefined;
  if (opts.target !== undefined && opts.dockerfile === undefined) throw new UsageError('--target goes with --dockerfile (the stage of that Dockerfile B was built from)');
  const dockerfile = opts.dockerfile !== undefined ? await loadDockerfile(opts.dockerfile, opts.cwd, opts.target) : undefined;

  const errors: InputError[] = [];
  // Each image gets its own audit; its probes go to openImage too, since an engine's layers are walked while the image opens.
  const auditA = imageAudit(config);
  const auditB = imageAudit(config);
  const open = async (ref: string, audit: FilesystemAudit): Promise<Image | undefined> => {
    try {
      const { ref: r, engine } = sourceRef(ref, opts.source);
      return await openImage(r, { cwd: opts.cwd, platform: opts.platform, remote: { ...opts.remote, env: opts.remote?.env ?? opts.env ?? process.env, engine }, read: { probes: audit.probes } });
    } catch (err) {
      if (!(err instanceof PlimsollInputError)) throw err;
      errors.push(err.detail);
      return undefined;
    }
  };
  const imageA = await open(opts.a, auditA);
  const imageB = await open(opts.b, auditB);
  let a: Side | undefined;
  let b: Side | undefined;
  try {
    if (imageA && imageB) {
      const shared = new Set(imageA.layers.map((l) => l.diffId).filter((id) => imageB.layers.some((l) => l.diffId === id)));
      const cache = new Map<string, LayerContents>();
      a = await inspect('A', opts.a, imageA, auditA, config, opts, (image, probes) => keeping(readLayers(image, { probes }), shared, cache));
      b = await inspect('B', opts.b, imageB, auditB, config, opts, (image, probes) => reusing(image, probes, cache));
      opts.log?.(`${cache.size} of B's ${imageB.layers.length} layers shared with A were read once`);
    } else if (imageB) {
      // A is unreadable (exit 2): B's findings are still reported, all new, with nothing to compare.
      b = await inspect('B', opts.b, imageB, auditB, config, opts, (image, probes) => readLayers(image, { probes }));
    }
  } finally {
    await imageA?.close();
    await imageB?.close();
  }
  if (a) errors.push(...a.errors);
  if (b) errors.push(...b.errors);

  const findings = b?.findings ?? [];
  const attribution = b && imageB && dockerfile ? attributeImage(dockerfile.df, { config: imageB.config, layerCount: imageB.layers.length }, { file: dockerfile.file, target: dockerfile.target }) : undefined;
  if (attribution) {
    attributeFindings(findings, attribution);
    if (attribution.report.note) notes.push(`--dockerfile ${dockerfile!.file}: ${attribution.report.note}`);
  }

  // New in B: neither A nor the baseline has the finding's rule and fingerprint.
  const known = new Set<string>([...(a?.findings ?? []).map((f) => baselineKey(f.ruleId, f.fingerprint)), ...(baseline?.keys ?? [])]);
  applyBaseline(findings, { keys: known });
  const inB = new Set(findings.map((f) => baselineKey(f.ruleId, f.fingerprint)));
  const resolved = (a?.findings ?? [])
    .filter((f) => !f.suppressed && !inB.has(baselineKey(f.ruleId, f.fingerprint)))
    .map((f) => ({ ruleId: f.ruleId, ruleName: f.ruleName, level: f.level, message: f.message, ...(f.location.kind === 'image' && f.location.path ? { where: f.location.path } : {}) }));

  let diff: DiffReport | undefined;
  if (a?.analysis && b?.analysis) {
    diff = {
      ...diffImages(a.analysis, b.analysis, { top: opts.top, listAll: opts.files }),
      findings: {
        new: findings.filter((f) => !f.suppressed && f.baselineState === 'new').length,
        unchanged: findings.filter((f) => !f.suppressed && f.baselineState === 'unchanged').length,
        resolved,
      },
    };
    if (attribution) diff.attribution = attribution.report;
  }
  const failOn: Level | 'none' = (opts.failOn as Level | 'none' | undefined) ?? config.failOn;
  const gate = growth && diff ? growthGate(growth, diff) : undefined;
  const report: ReportInput = {
    command: 'diff',
    tool: { name: 'plimsoll', version: VERSION, informationUri: INFORMATION_URI },
    findings,
    rules: allRuleMetas(),
    errors,
    targets: [opts.a, opts.b],
    failOn,
    gate,
    exitCode: 0,
    workingDirectory: opts.cwd,
    // A diff's baseline is image A (and the --baseline file): findings already there are `unchanged`.
    baseline: { file: baseline ? `${opts.a} and ${baseline.file}` : opts.a },
    diff,
  };
  report.exitCode = exitCodeFor(errors, findings, failOn, gate);
  return { report, notes };
}

/** The report a format gets: SARIF carries only B's new findings (code scanning then shows what the change brings). */
export function reportForFormat(format: string, report: ReportInput): ReportInput {
  if (format !== 'sarif' || report.command !== 'diff') return report;
  return { ...report, findings: report.findings.filter((f) => f.baselineState !== 'unchanged') };
}

function growthGate(growth: Growth, diff: ImageDiff): GateResult {
  const c = diff.size.content;
  const pct = c.ratio === null ? null : c.ratio * 100;
  const actual = `${signed(c.delta)}${pct === null ? '' : ` (${signedPct(pct)})`}`;
  let passed: boolean;
  let message: string | undefined;
  if (growth.percent !== undefined) {
    passed = c.delta <= 0 || (pct !== null && pct <= growth.percent);
    if (!passed) message = pct === null ? `A is empty: any growth is over a percentage limit` : `over by ${(pct - growth.percent).toFixed(1)} percentage points (${humanBytes(Math.ceil(c.delta - (c.before * growth.percent) / 100))})`;
  } else {
    passed = c.delta <= growth.bytes!;
    if (!passed) message = `over by ${humanBytes(c.delta - growth.bytes!)}`;
  }
  return { passed, checks: [{ name: 'max-growth', limit: growth.text, actual, passed, ...(message ? { message } : {}) }] };
}

function signed(n: number): string {
  return n < 0 ? `-${humanBytes(-n)}` : `+${humanBytes(n)}`;
}

function signedPct(p: number): string {
  return `${p < 0 ? '' : '+'}${p.toFixed(1)} %`;
}

interface Side {
  analysis?: ImageAnalysis;
  findings: Finding[];
  errors: InputError[];
}

type LayerSource = (image: Image, probes: string[]) => AsyncIterable<LayerContents>;

/** One image read and linted as `plimsoll image` does (IM, FS and SZ rules), from the layers `source` gives. */
async function inspect(label: 'A' | 'B', ref: string, image: Image, audit: FilesystemAudit, config: ResolvedConfig, opts: DiffOptions, source: LayerSource): Promise<Side> {
  const errors: InputError[] = [];
  let analysis: ImageAnalysis | undefined;
  try {
    analysis = await analyseLayers(image, audit.tap(source(image, audit.probes)), {
      top: opts.top,
      onLayer: opts.progress || opts.log ? (i, n) => {
        opts.progress?.(`${label}: layer ${i + 1}/${n}`);
        opts.log?.(`${label} ${ref}: layer ${i}/${n - 1} read`);
      } : undefined,
    });
  } catch (err) {
    if (!(err instanceof PlimsollInputError)) throw err;
    errors.push(err.detail);
  }
  const checked = checkImage(ref, image, analysis, audit, config, opts.debug);
  errors.push(...checked.errors);
  return { analysis, findings: checked.findings, errors };
}

/** A's layers as read, keeping the events of those B has too (the tap empties the lists it is given). */
async function* keeping(layers: AsyncIterable<LayerContents>, shared: ReadonlySet<string>, cache: Map<string, LayerContents>): AsyncGenerator<LayerContents> {
  for await (const l of layers) {
    if (shared.has(l.diffId) && !cache.has(l.diffId)) cache.set(l.diffId, { ...l, events: [...l.events] });
    yield l;
  }
}

/** B's layers: those A had, from A's reading; the others read from B. */
async function* reusing(image: Image, probes: string[], cache: ReadonlyMap<string, LayerContents>): AsyncGenerator<LayerContents> {
  const toRead = image.layers.filter((l) => !cache.has(l.diffId));
  const reader = toRead.length > 0 ? readLayers(Object.create(image, { layers: { value: toRead } }) as Image, { probes }) : undefined;
  try {
    for (const layer of image.layers) {
      const known = cache.get(layer.diffId);
      if (known) {
        yield { ...known, layer, events: [...known.events], digest: layer.digest, compressedSize: layer.size, compression: await compressionOf(layer) };
        continue;
      }
      const next = await reader!.next();
      if (next.done) throw new Error(`the layer reader ended before layer ${layer.index}`);
      yield next.value;
    }
  } finally {
    await reader?.return(undefined);
  }
}

/** How a layer not read is stored: from its bytes when it is a local file, else from its media type. */
async function compressionOf(layer: Image['layers'][number]): Promise<Compression> {
  if (layer.byteRange) {
    const fh = await openFile(layer.byteRange.file, 'r');
    try {
      const head = Buffer.alloc(Math.min(8, layer.byteRange.size));
      await fh.read(head, 0, head.length, layer.byteRange.start);
      return sniffCompression(head);
    } finally {
      await fh.close();
    }
  }
  return /zstd/.test(layer.mediaType) ? 'zstd' : /gzip/.test(layer.mediaType) ? 'gzip' : 'none';
}
