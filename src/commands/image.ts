/**
 * `plimsoll image REF`: opens an image (docker save archive, oci-archive, OCI layout), reads
 * every layer once, and reports its layers, waste (dive's figures and reclaimable bytes by
 * cause), top lists and size findings, or with `--files` its file tree; then checks the size
 * gate (flags, `.plimsoll.yaml` `image:`, `.dive-ci`).
 */
import { join, relative } from 'node:path';
import { loadConfigFor, type CliOverrides } from '../config/index.js';
import { analyseLayers, type ImageAnalysis } from '../layers/analysis.js';
import { readLayers } from '../layers/reader.js';
import { openImage } from '../layers/open.js';
import { formatPlatform } from '../layers/platform.js';
import type { Image } from '../layers/types.js';
import type { RemoteOptions, RequestRecord } from '../layers/registry/options.js';
import { buildImageTree } from '../report/html/tree-data.js';
import { humanBytes, type ImageReport } from '../report/image-sections.js';
import type { ReportInput } from '../report/types.js';
import { PlimsollInputError, UsageError, type Finding, type InputError, type Level } from '../rules/finding.js';
import { allRuleMetas } from '../rules/registry.js';
import { INFORMATION_URI, VERSION } from '../version.js';
import { checkImage, imageAudit, sourceRef } from './image-checks.js';
import { evaluateGate, mergeGates, parseGateFlags, readDiveCi, type GateFlags } from './image-gate.js';
import { exitCodeFor } from './output.js';
import { applyBaseline, readBaseline } from '../baseline/index.js';
import { attributeFindings, attributeImage } from '../attribution/index.js';
import { loadDockerfile } from '../attribution/load.js';

export interface ImageOptions extends CliOverrides, GateFlags {
  ref: string;
  cwd: string;
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** `os/arch[/variant]` to pick from a multi-platform index. */
  platform?: string;
  /** `--source`: read REF from an engine (docker, podman), a registry, or a local format. */
  source?: string;
  /** Registry and engine options: credentials, --insecure-registry, --registry-ca, --no-cache (env defaults to `env`). */
  remote?: RemoteOptions;
  /** `--files`: the final filesystem, or with `layer` that layer's changes. */
  files?: boolean;
  layer?: string;
  /** `--path GLOB`: only these paths in the file tree. */
  path?: string;
  /** `--dive-ci FILE`, or false for `--no-dive-ci`; default `.dive-ci` in cwd when present. */
  diveCi?: string | false;
  /** Items in each top list (default 10). */
  top?: number;
  /** Progress lines (the CLI passes one only when stderr is a TTY). */
  progress?: (text: string) => void;
  /** `--verbose`: what was read and how long each step took, one line each. */
  log?: (text: string) => void;
  /** Build the file trees the HTML report draws (`ReportInput.imageTree`): records every layer's changes. */
  imageTree?: boolean;
  /** Keep stack traces of internal errors in their messages. */
  debug?: boolean;
  /** `--baseline FILE`: an earlier JSON or SARIF report; findings in it do not fail the run. */
  baseline?: string;
  /** `--dockerfile PATH`: tie layers and findings to the instructions of the Dockerfile the image was built from. */
  dockerfile?: string;
  /** `--target STAGE`: the stage of that Dockerfile the image was built from (default the last). */
  target?: string;
}

export interface ImageRun {
  report: ReportInput;
  /** Things to say on stderr: config notes, .dive-ci notes. */
  notes: string[];
  analysis?: ImageAnalysis;
}

export async function runImage(opts: ImageOptions): Promise<ImageRun> {
  const started = Date.now();
  const config = await loadConfigFor(undefined, { ...opts, cwd: opts.cwd });
  const notes = [...(config.notes ?? [])];
  const flagGate = parseGateFlags(opts);
  let diveGate;
  if (opts.diveCi !== false) {
    const file = opts.diveCi ? join(opts.cwd, opts.diveCi) : join(opts.cwd, '.dive-ci');
    const shown = relative(opts.cwd, file) || file;
    const dive = await readDiveCi(file, shown);
    if (!dive && opts.diveCi) throw new UsageError(`--dive-ci ${opts.diveCi}: no such file`);
    if (dive) {
      notes.push(...dive.notes);
      diveGate = dive.gate;
    }
  }
  const gateConfig = mergeGates(diveGate, config.image, flagGate);
  const baseline = opts.baseline !== undefined ? await readBaseline(opts.baseline, opts.cwd) : undefined;
  if (opts.target !== undefined && opts.dockerfile === undefined) throw new UsageError('--target goes with --dockerfile (the stage of that Dockerfile the image was built from)');
  const dockerfile = opts.dockerfile !== undefined ? await loadDockerfile(opts.dockerfile, opts.cwd, opts.target) : undefined;
  const layer = parseLayerFlag(opts.layer, opts.files);
  if (opts.path !== undefined && !opts.path.startsWith('/')) throw new UsageError(`--path "${opts.path}": expected an absolute glob inside the image, e.g. "/usr/lib/**"`);

  const errors: InputError[] = [];
  const findings: Finding[] = [];
  let analysis: ImageAnalysis | undefined;
  let image: Image | undefined;
  // The security audit (FS rules) rides on the same single walk: a content probe in the
  // walk's workers, and an observer of each layer's events.
  const audit = imageAudit(config);
  try {
    const { ref, engine } = sourceRef(opts.ref, opts.source);
    // --verbose shows every registry exchange (URLs without query strings; never a credential).
    const onRequest = opts.remote?.onRequest ?? (opts.log ? (r: RequestRecord) => opts.log!(`${r.method} ${r.url} → ${r.status ?? r.error}`) : undefined);
    // `read`: an engine's layers are walked while the image is opened, with the audit's probe.
    image = await openImage(ref, { cwd: opts.cwd, platform: opts.platform, remote: { ...opts.remote, env: opts.remote?.env ?? opts.env ?? process.env, engine, onRequest }, read: { probes: audit.probes } });
    const total = image.layers.reduce((n, l) => n + l.size, 0);
    opts.log?.(`opened ${opts.ref}: ${image.source}, ${image.layers.length} layers, ${humanBytes(total)} stored (${elapsed(started)})`);
    let entries = 0;
    const readStart = Date.now();
    analysis = await analyseLayers(image, audit.tap(readLayers(image, { probes: audit.probes })), {
      top: opts.top,
      changesOfLayer: layer,
      allLayerChanges: opts.imageTree === true,
      listFiles: opts.files === true && layer === undefined,
      fileGlob: opts.path,
      onEvent: opts.progress ? () => void entries++ : undefined,
      onLayer:
        opts.progress || opts.log
          ? (i, n, bytes) => {
              const a = image!.layers[i];
              opts.log?.(`layer ${i}/${n - 1} ${(a?.digest ?? '').replace(/^sha256:/, '').slice(0, 12)}: ${humanBytes(a?.size ?? 0)} stored, read by ${elapsed(readStart)}`);
              opts.progress?.(`layer ${i + 1}/${n} · ${humanBytes(bytes)} uncompressed of ${humanBytes(total)} stored · ${entries.toLocaleString('en-US')} entries`);
            }
          : undefined,
    });
    opts.log?.(`analysed ${analysis.final.files.toLocaleString('en-US')} files, ${humanBytes(analysis.uncompressedSize)} uncompressed (${elapsed(readStart)})`);
  } catch (err) {
    if (!(err instanceof PlimsollInputError)) throw err;
    errors.push(err.detail);
  } finally {
    await image?.close();
  }
  if (analysis && layer !== undefined && layer >= analysis.layers.length) {
    throw new UsageError(`--layer ${layer}: the image has ${analysis.layers.length} layers (0 to ${analysis.layers.length - 1})`);
  }

  // History lines hold secrets (build arguments, RUN lines): checkImage masks them for every report.
  const checked = checkImage(opts.ref, image, analysis, audit, config, opts.debug);
  findings.push(...checked.findings);
  errors.push(...checked.errors);
  // Every finding a layer, history step or config key caused gets the Dockerfile line behind it.
  const attribution = image && dockerfile ? attributeImage(dockerfile.df, { config: image.config, layerCount: image.layers.length }, { file: dockerfile.file, target: dockerfile.target }) : undefined;
  if (attribution) {
    attributeFindings(findings, attribution);
    if (attribution.report.note) notes.push(`--dockerfile ${dockerfile!.file}: ${attribution.report.note}`);
  }
  const failOn: Level | 'none' = (opts.failOn as Level | 'none' | undefined) ?? config.failOn;
  const gate = analysis ? evaluateGate(gateConfig, analysis) : undefined;
  const report: ReportInput = {
    command: 'image',
    tool: { name: 'plimsoll', version: VERSION, informationUri: INFORMATION_URI },
    findings,
    rules: allRuleMetas(),
    errors,
    targets: [opts.ref],
    failOn,
    gate,
    exitCode: 0,
    workingDirectory: opts.cwd,
    image: analysis ? toImageReport(analysis) : undefined,
    imageTree: analysis && opts.imageTree ? buildImageTree(analysis) : undefined,
  };
  if (attribution && report.image) report.image.attribution = attribution.report;
  if (baseline) {
    applyBaseline(findings, baseline);
    report.baseline = { file: baseline.file };
  }
  report.exitCode = exitCodeFor(errors, findings, failOn, gate);
  opts.log?.(`${findings.length} findings, ${errors.length} input errors (${elapsed(started)} in all)`);
  return { report, notes, analysis };
}

function elapsed(since: number): string {
  const ms = Date.now() - since;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function parseLayerFlag(value: string | undefined, files: boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!files) throw new UsageError('--layer N goes with --files (it shows the changes of layer N)');
  if (!/^\d+$/.test(value)) throw new UsageError(`--layer "${value}": expected a layer index (0 is the base layer)`);
  return Number(value);
}

/** The JSON-able facts of an analysis (docs/image-json.md); waste items stay with the rules. */
export function toImageReport(a: ImageAnalysis): ImageReport {
  return {
    reference: a.reference,
    source: a.source,
    platform: a.platform ? formatPlatform(a.platform) : undefined,
    configDigest: a.configDigest,
    manifestDigest: a.manifestDigest,
    tags: a.tags,
    size: { compressed: a.compressedSize, uncompressed: a.uncompressedSize, content: a.dive.sizeBytes },
    final: a.final,
    layers: a.layers,
    history: a.history,
    dive: a.dive,
    reclaimable: a.reclaimable,
    largestFiles: a.largestFiles,
    largestFolders: a.largestFolders,
    largestWaste: a.largestWaste,
    problems: a.problems,
    changes: a.changes,
    files: a.files,
  };
}
