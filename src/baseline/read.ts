/**
 * Reading a baseline: an earlier plimsoll report, JSON (`-f json`) or SARIF (`-f sarif`), told
 * apart by content. What is kept of it is the identity of each finding it lists: the rule id and
 * the fingerprint (JSON `fingerprint`; SARIF `partialFingerprints["plimsoll/v1"]`), never a line
 * number, so findings keep matching when lines move.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PlimsollInputError } from '../rules/finding.js';
import { FINGERPRINT_KEY } from '../report/sarif.js';

export type BaselineFormat = 'json' | 'sarif';

export interface Baseline {
  /** The file as the user named it. */
  file: string;
  format: BaselineFormat;
  /** `ruleId` + NUL + `fingerprint` of every finding in the baseline (suppressed ones included). */
  keys: ReadonlySet<string>;
  /** Findings (or results) read from it. */
  findings: number;
  /** The command that wrote it (`lint`, `image`, `diff`), when the report says. */
  command?: string;
}

/** The key a finding is matched by. */
export function baselineKey(ruleId: string, fingerprint: string): string {
  return `${ruleId}\u0000${fingerprint}`;
}

/** Reads and parses a baseline file; throws PlimsollInputError naming the file (and line) when it is not one. */
export async function readBaseline(file: string, cwd: string): Promise<Baseline> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a report file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw fail(file, `baseline: ${why}`);
  }
  return parseBaseline(bytes.toString('utf8'), file);
}

/** Parses a baseline's text; `file` is only for messages. */
export function parseBaseline(text: string, file: string): Baseline {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw fail(file, 'baseline: the file is empty; expected a plimsoll JSON or SARIF report (plimsoll lint -f json -o FILE)');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    const at = jsonSyntaxError(body);
    throw fail(file, `baseline: not JSON (${at?.message ?? (err as Error).message}); expected a plimsoll JSON or SARIF report`, at?.line, at?.column);
  }
  if (!isObject(doc)) throw fail(file, 'baseline: expected a JSON object (a plimsoll JSON or SARIF report)');
  if (typeof doc.version === 'string' && Array.isArray(doc.runs)) return fromSarif(doc, file);
  if ('schemaVersion' in doc && 'findings' in doc) return fromJson(doc, file);
  throw fail(file, 'baseline: neither a plimsoll JSON report (schemaVersion, findings) nor a SARIF log (version, runs)');
}

function fromJson(doc: Record<string, unknown>, file: string): Baseline {
  const tool = isObject(doc.tool) ? doc.tool.name : undefined;
  if (tool !== undefined && tool !== 'plimsoll') throw fail(file, `baseline: a JSON report of ${String(tool)}, not of plimsoll`);
  const version = String(doc.schemaVersion ?? '');
  if (!/^1\.\d+$/.test(version)) throw fail(file, `baseline: JSON report schemaVersion "${version}"; this plimsoll reads 1.x`);
  if (!Array.isArray(doc.findings)) throw fail(file, 'baseline: "findings" is not a list');
  const keys = new Set<string>();
  doc.findings.forEach((f, i) => {
    if (!isObject(f) || typeof f.ruleId !== 'string' || typeof f.fingerprint !== 'string' || f.fingerprint === '') {
      throw fail(file, `baseline: findings[${i}] has no ruleId and fingerprint`);
    }
    keys.add(baselineKey(f.ruleId, f.fingerprint));
  });
  return { file, format: 'json', keys, findings: doc.findings.length, command: typeof doc.command === 'string' ? doc.command : undefined };
}

function fromSarif(doc: Record<string, unknown>, file: string): Baseline {
  if (doc.version !== '2.1.0') throw fail(file, `baseline: SARIF version "${String(doc.version)}"; expected 2.1.0`);
  const keys = new Set<string>();
  let count = 0;
  let command: string | undefined;
  (doc.runs as unknown[]).forEach((run, r) => {
    if (!isObject(run)) throw fail(file, `baseline: runs[${r}] is not an object`);
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
    const name = driver?.name;
    if (name !== 'plimsoll') {
      throw fail(file, `baseline: runs[${r}] is from ${name === undefined ? 'an unnamed tool' : `"${String(name)}"`}, not plimsoll: its results carry no plimsoll fingerprints`);
    }
    const id = isObject(run.automationDetails) ? run.automationDetails.id : undefined;
    if (typeof id === 'string') command ??= /^plimsoll\/([a-z]+)\//.exec(id)?.[1];
    const results = run.results ?? [];
    if (!Array.isArray(results)) throw fail(file, `baseline: runs[${r}].results is not a list`);
    results.forEach((res, i) => {
      const fp = isObject(res) && isObject(res.partialFingerprints) ? res.partialFingerprints[FINGERPRINT_KEY] : undefined;
      const ruleId = isObject(res) ? res.ruleId : undefined;
      if (typeof ruleId !== 'string' || typeof fp !== 'string' || fp === '') {
        throw fail(file, `baseline: runs[${r}].results[${i}] has no ruleId and partialFingerprints["${FINGERPRINT_KEY}"] (was the SARIF changed after plimsoll wrote it?)`);
      }
      keys.add(baselineKey(ruleId, fp));
      count++;
    });
  });
  return { file, format: 'sarif', keys, findings: count, command };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, message: string, line?: number, column?: number): PlimsollInputError {
  return new PlimsollInputError({ source: file, message, line, column });
}

/**
 * Where JSON text first breaks, with line and column: Node 20's JSON.parse does not say. A small
 * scanner of the JSON grammar, used only once parsing has failed.
 */
export function jsonSyntaxError(text: string): { line: number; column: number; message: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const bad = (what?: string): never => {
    throw new Error(what ?? (i >= text.length ? 'unexpected end of the file' : `unexpected ${JSON.stringify(text[i])}`));
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else bad();
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) bad('a control character inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) bad('a bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) bad('a bad escape');
      }
      i++;
    }
    if (i >= text.length) bad();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) bad();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') bad();
        str();
        ws();
        if (text[i] !== ':') bad();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else bad();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else bad();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else bad();
  };
  try {
    value();
    ws();
    if (i < text.length) bad();
    return undefined;
  } catch (err) {
    const pos = Math.min(i, text.length);
    const before = text.slice(0, pos);
    return { line: before.split('\n').length, column: pos - before.lastIndexOf('\n'), message: (err as Error).message };
  }
}
