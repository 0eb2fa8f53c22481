/**
 * Findings are the one currency of plimsoll: every analysis returns them, and gates,
 * baselines, suppressions and every report work on them alone.
 */

/** SARIF's own words, so no mapping is needed on the way out. */
export type Level = 'error' | 'warning' | 'note';
/** A level as configured: `off` turns a rule off. */
export type LevelSetting = Level | 'off';

export const LEVELS: readonly Level[] = ['note', 'warning', 'error'];

/** Higher is more severe; `off` is below everything. */
export function levelRank(level: LevelSetting | 'none'): number {
  switch (level) {
    case 'error':
      return 3;
    case 'warning':
      return 2;
    case 'note':
      return 1;
    default:
      return 0;
  }
}

export function isLevel(value: unknown): value is Level {
  return value === 'error' || value === 'warning' || value === 'note';
}

export function isLevelSetting(value: unknown): value is LevelSetting {
  return isLevel(value) || value === 'off';
}

/** 1-based line and 1-based column (UTF-16 code units, as SARIF's default columnKind). */
export interface Position {
  line: number;
  column: number;
}

/** `end` is exclusive: the column just after the last character, as in SARIF. */
export interface Range {
  start: Position;
  end: Position;
}

/** A place in a text file: a Dockerfile, a compose file. */
export interface FileLocation {
  kind: 'file';
  /** The path as the user should see it (relative to the working directory when possible). */
  file: string;
  range: Range;
}

/** A place in an image: a config key, a history step, a layer, a path inside the union filesystem. */
export interface ImageLocation {
  kind: 'image';
  /** The image reference as the user gave it. */
  image: string;
  /** e.g. `config.User`, `config.Env[2]`, `history[7].created_by`. */
  configKey?: string;
  /** Index into config.history, when a history step caused the finding. */
  historyIndex?: number;
  layer?: LayerRef;
  /** A second layer involved, e.g. the one that deleted a secret that an earlier layer shipped. */
  relatedLayer?: LayerRef;
  /** Absolute path inside the image filesystem, e.g. `/root/.ssh/id_rsa`. */
  path?: string;
  /** The Dockerfile instruction that made the layer, when the image was given with `--dockerfile`. */
  source?: FileLocation;
}

export interface LayerRef {
  /** 0-based, base layer first. */
  index: number;
  diffId: string;
  digest?: string;
  /** The history `created_by` of the step that made the layer, when known. */
  createdBy?: string;
}

export type Location = FileLocation | ImageLocation;

export type SuppressionKind = 'inline' | 'stage' | 'file' | 'config';

export interface Suppression {
  kind: SuppressionKind;
  /** The text after `--` in an inline comment, or where the suppression came from. */
  justification?: string;
}

export type FactValue = string | number | boolean | null;

export interface Finding {
  ruleId: string;
  ruleName: string;
  aliases: string[];
  level: Level;
  tags: string[];
  /** Key into the rule's `messages`, so tests and tools can match without parsing text. */
  messageId: string;
  /** Human text; secrets in it are already masked. */
  message: string;
  location: Location;
  /** A hint on how to fix it, when there is one. */
  fix?: string;
  /** Numbers and strings a program may want: bytes, counts, the masked secret, the package. */
  facts?: Record<string, FactValue>;
  /**
   * Stable identity across runs: does not change when unrelated lines move.
   * Baselines and SARIF partialFingerprints use it.
   */
  fingerprint: string;
  /** Present when the finding was suppressed; suppressed findings never fail a gate. */
  suppressed?: Suppression;
  /** Set when a baseline was given: `new` findings count for the gate, `unchanged` ones do not. */
  baselineState?: 'new' | 'unchanged';
}

/** Findings that count for the exit code and the gate. */
export function isActive(f: Finding): boolean {
  return !f.suppressed && f.baselineState !== 'unchanged';
}

/**
 * A problem with the input itself: the tool could not do (all of) its job for this file or image.
 * Any input error makes the run exit 2, and the other inputs are still processed.
 */
export interface InputError {
  /** File path or image reference. */
  source: string;
  message: string;
  line?: number;
  column?: number;
  /** For images: which layer, and which path inside it. */
  layer?: string;
  path?: string;
}

export function formatInputError(e: InputError): string {
  let where = e.source;
  if (e.line !== undefined) where += `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`;
  if (e.layer) where += ` (layer ${e.layer}${e.path ? `, ${e.path}` : ''})`;
  else if (e.path) where += ` (${e.path})`;
  return `${where}: ${e.message}`;
}

/** Thrown by parsers and sources; commands turn it into an InputError and exit 2. */
export class PlimsollInputError extends Error {
  constructor(readonly detail: InputError) {
    super(formatInputError(detail));
    this.name = 'PlimsollInputError';
  }
}

/** Thrown for bad usage or bad configuration (exit 2 as well). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
