/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): one run, every rule plimsoll
 * knows in tool.driver.rules, repository-relative locations, our own stable fingerprints,
 * suppressions and baseline states, and input errors as tool execution notifications.
 * The choices (image locations above all) are written down in docs/output-formats.md.
 */
import type * as Sarif from 'sarif';
import { formatInputError, isLevel, levelRank, type Finding, type InputError, type Level, type Range } from '../rules/finding.js';
import { ruleDocUrl, type RuleMeta } from '../rules/rule.js';
import {
  describeImageLocation,
  encodePath,
  folderUri,
  IMAGE_PSEUDO_ROOT,
  imageArtifact,
  imageKey,
  localImagePath,
  placeOf,
  placeOfError,
  sourceRoot,
  type Artifact,
} from './locations.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
import type { ReportInput } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000;
/** GitHub accepts at most 20 tags per rule (and shows 10). */
export const MAX_TAGS = 20;
/** The partialFingerprints key of Finding.fingerprint; bump the version if its recipe changes. */
export const FINGERPRINT_KEY = 'plimsoll/v1';
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** Results per run before the rest are left out (GitHub's limit by default). */
  maxResults?: number;
  /**
   * Environment to read the analysed commit from (GitHub Actions' GITHUB_SERVER_URL,
   * GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF; GitLab's CI_PROJECT_URL, CI_COMMIT_SHA,
   * CI_COMMIT_REF_NAME) for versionControlProvenance. None by default.
   */
  env?: Record<string, string | undefined>;
}

export function renderSarif(input: ReportInput, opts: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(input, opts), null, 2)}\n`;
}

export function buildSarif(input: ReportInput, opts: SarifOptions = {}): Sarif.Log {
  const root = sourceRoot(input.workingDirectory);
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const meta of input.rules) {
    if (ruleIndex.has(meta.id)) continue;
    ruleIndex.set(meta.id, rules.length);
    rules.push(descriptorOf(meta));
  }
  // A finding of a rule missing from input.rules still needs a descriptor to point at.
  for (const f of input.findings) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, rules.length);
    rules.push(descriptorOfFinding(f));
  }

  const max = opts.maxResults ?? MAX_RESULTS_PER_RUN;
  const kept = keepMostSevere(input.findings, max);
  const results = kept.map((f) => resultOf(f, ruleIndex.get(f.ruleId)!, input));

  const notifications: Sarif.Notification[] = input.errors.map((e) => notificationOf(e, input));
  if (kept.length < input.findings.length) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${input.findings.length - kept.length} of ${input.findings.length} results were left out: GitHub code scanning accepts at most ${max} results per run. The most severe were kept; see the JSON report for all of them.`,
      },
      descriptor: { id: 'plimsoll/results-capped' },
    });
  }

  const invocation: Sarif.Invocation = {
    executionSuccessful: input.errors.length === 0,
    exitCode: input.exitCode,
    workingDirectory: { uri: folderUri(input.workingDirectory) },
  };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: input.tool.name,
        version: input.tool.version,
        semanticVersion: input.tool.version,
        informationUri: input.tool.informationUri,
        rules,
      },
    },
    automationDetails: { id: automationId(input) },
    originalUriBaseIds: { [SRCROOT]: { uri: folderUri(root) } },
    invocations: [invocation],
    columnKind: 'utf16CodeUnits',
    results,
  };
  const provenance = provenanceOf(opts.env ?? {});
  if (provenance) run.versionControlProvenance = [provenance];
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/**
 * The run's category, stable per analysis so a new upload replaces the last one:
 * `plimsoll/lint/`, `plimsoll/image/<registry>/<repository>/` (no tag: a new tag replaces the
 * old results instead of leaving them open next to the new ones).
 */
export function automationId(input: ReportInput): string {
  if (input.command === 'lint') return 'plimsoll/lint/';
  const keyOf = (t: string) => {
    if (!localImagePath(t, input.workingDirectory)) return imageKey(t);
    const a = imageArtifact(t, input.workingDirectory);
    return a.pseudo ? a.path.slice(IMAGE_PSEUDO_ROOT.length + 1) : `local/${a.path}`;
  };
  const keys = input.targets.map(keyOf);
  const key = keys.length > 0 ? [...new Set(keys)].join('+') : 'unknown';
  return `plimsoll/${input.command}/${key}/`;
}

/** The repository and commit analysed, when the CI environment says (SARIF 3.14.18). */
function provenanceOf(env: Record<string, string | undefined>): Sarif.VersionControlDetails | undefined {
  let repositoryUri: string | undefined;
  let revisionId: string | undefined;
  let branch: string | undefined;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA) {
    repositoryUri = `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`;
    revisionId = env.GITHUB_SHA;
    branch = env.GITHUB_HEAD_REF || env.GITHUB_REF || undefined;
  } else if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA) {
    repositoryUri = env.CI_PROJECT_URL;
    revisionId = env.CI_COMMIT_SHA;
    branch = env.CI_COMMIT_REF_NAME || undefined;
  }
  if (!repositoryUri || !revisionId || !/^https?:\/\/[^\s]+$/.test(repositoryUri)) return undefined;
  const details: Sarif.VersionControlDetails = { repositoryUri, revisionId, mappedTo: { uriBaseId: SRCROOT } };
  if (branch) details.branch = branch;
  return details;
}

function descriptorOf(meta: RuleMeta): Sarif.ReportingDescriptor {
  const tags = [...new Set(meta.tags)];
  if (meta.tags.includes('security') && tags.length > MAX_TAGS) {
    tags.splice(tags.indexOf('security'), 1);
    tags.unshift('security');
  }
  const properties: Sarif.PropertyBag = { tags: tags.slice(0, MAX_TAGS), precision: meta.precision };
  if (meta.securitySeverity !== undefined && meta.tags.includes('security')) {
    properties['security-severity'] = meta.securitySeverity.toFixed(1);
  } else {
    properties['problem.severity'] = problemSeverity(meta.defaultLevel === 'off' ? (meta.strictLevel ?? 'warning') : meta.defaultLevel);
  }
  if (meta.aliases.length > 0) properties.aliases = [...meta.aliases];
  const enabled = meta.defaultLevel !== 'off';
  // An opt-in rule is `enabled: false`; its level is the one it has once turned on.
  const level: Level = isLevel(meta.defaultLevel) ? meta.defaultLevel : isLevel(meta.strictLevel) ? meta.strictLevel : 'warning';
  const descriptor: Sarif.ReportingDescriptor = {
    id: meta.id,
    name: pascalCase(meta.name),
    shortDescription: { text: limit(meta.shortDescription, 1024) },
    fullDescription: { text: limit(meta.fullDescription, 1024) },
    help: { text: ruleHelpText(meta), markdown: ruleHelpMarkdown(meta) },
    helpUri: ruleDocUrl(meta),
    defaultConfiguration: enabled ? { level } : { enabled: false, level },
    properties,
  };
  return descriptor;
}

function descriptorOfFinding(f: Finding): Sarif.ReportingDescriptor {
  const text = `${f.ruleId} ${f.ruleName}`;
  const url = ruleDocUrl({ id: f.ruleId, name: f.ruleName });
  return {
    id: f.ruleId,
    name: pascalCase(f.ruleName),
    shortDescription: { text },
    fullDescription: { text },
    help: { text: `${text}\n\nDocumentation: ${url}\n`, markdown: `[${text}](${url})\n` },
    helpUri: url,
    properties: { tags: f.tags.slice(0, MAX_TAGS), precision: 'medium' },
  };
}

function resultOf(f: Finding, index: number, input: ReportInput): Sarif.Result {
  const place = placeOf(f, input.workingDirectory);
  const location: Sarif.Location = {
    physicalLocation: {
      artifactLocation: artifactLocationOf(place.artifact),
      region: regionOf(place.range),
    },
  };
  let text = sentence(f.message);
  const properties: Sarif.PropertyBag = {};
  if (f.location.kind === 'image') {
    const loc = f.location;
    text += ` In ${describeImageLocation(loc)}.`;
    properties.image = loc.image;
    if (loc.layer) properties.layer = { ...loc.layer };
    if (loc.relatedLayer) properties.relatedLayer = { ...loc.relatedLayer };
    if (loc.path !== undefined) properties.path = loc.path;
    if (loc.configKey !== undefined) properties.configKey = loc.configKey;
    if (loc.historyIndex !== undefined) properties.historyIndex = loc.historyIndex;
    location.message = { text: describeImageLocation(loc) };
  }
  if (f.fix) {
    text += `\nFix: ${f.fix}`;
    properties.fix = f.fix;
  }
  if (f.facts && Object.keys(f.facts).length > 0) properties.facts = { ...f.facts };
  properties.messageId = f.messageId;
  if (f.aliases.length > 0) properties.aliases = [...f.aliases];

  const partialFingerprints: Record<string, string> = { [FINGERPRINT_KEY]: f.fingerprint };
  // upload-sarif computes primaryLocationLineHash from the file, which it cannot do for an
  // image with no Dockerfile line: give code scanning our own identity there.
  if (place.placeholderRange) partialFingerprints.primaryLocationLineHash = `${f.fingerprint}:1`;

  const result: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex: index,
    level: f.level,
    message: { text },
    locations: [location],
    partialFingerprints,
    properties,
  };
  if (f.suppressed) {
    const s: Sarif.Suppression = { kind: f.suppressed.kind === 'config' ? 'external' : 'inSource', status: 'accepted' };
    s.justification = f.suppressed.justification ?? `suppressed (${f.suppressed.kind})`;
    result.suppressions = [s];
  }
  if (f.baselineState) result.baselineState = f.baselineState;
  return result;
}

/** SARIF regions are 1-based and never end before they start; a bad range must not make the file invalid. */
function regionOf(range: Range): Sarif.Region {
  const startLine = Math.max(1, Math.trunc(range.start.line) || 1);
  const startColumn = Math.max(1, Math.trunc(range.start.column) || 1);
  let endLine = Math.max(startLine, Math.trunc(range.end.line) || startLine);
  let endColumn = Math.max(1, Math.trunc(range.end.column) || 1);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  if (range.end.line < startLine) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

function notificationOf(e: InputError, input: ReportInput): Sarif.Notification {
  const n: Sarif.Notification = {
    level: 'error',
    message: { text: formatInputError(e) },
    descriptor: { id: 'plimsoll/input-error' },
  };
  const artifact = placeOfError(e, input.command, input.workingDirectory);
  const physical: Sarif.PhysicalLocation = { artifactLocation: artifactLocationOf(artifact) };
  if (e.line !== undefined && e.line >= 1) {
    physical.region = { startLine: e.line };
    if (e.column !== undefined && e.column >= 1) physical.region.startColumn = e.column;
  }
  n.locations = [{ physicalLocation: physical }];
  const props: Sarif.PropertyBag = {};
  if (e.layer !== undefined) props.layer = e.layer;
  if (e.path !== undefined) props.path = e.path;
  if (Object.keys(props).length > 0) n.properties = props;
  return n;
}

function artifactLocationOf(a: Artifact): Sarif.ArtifactLocation {
  if (!a.relative) return { uri: encodePath(a.path) };
  return { uri: encodePath(a.path), uriBaseId: SRCROOT };
}

/** The `max` most severe findings (active before suppressed, then by level), in their order. */
function keepMostSevere(findings: readonly Finding[], max: number): Finding[] {
  if (findings.length <= max) return [...findings];
  const weight = (f: Finding) => (f.suppressed ? 0 : 10) + (f.baselineState === 'unchanged' ? 0 : 5) + levelRank(f.level);
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => weight(b.f) - weight(a.f) || a.i - b.i);
  const keep = new Set(order.slice(0, max).map((x) => x.i));
  return findings.filter((_, i) => keep.has(i));
}

function problemSeverity(level: string): string {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'recommendation';
}

/** `apt-get-unpinned` -> `AptGetUnpinned`: SARIF's advice for a rule's friendly name. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** Ends the text with a period unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

function limit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
