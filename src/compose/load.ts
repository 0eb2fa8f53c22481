/**
 * Reads a compose file into the model: its YAML (see parse.ts), the `.env` variables it is
 * interpolated with, its structure (top-level keys, services), `extends` (in the same file or
 * another), and a typed view of every service. Problems are collected as input errors naming
 * the file, line and column; whatever can still be read is returned.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import type { InputError } from '../rules/finding.js';
import { parseDotEnv } from './dotenv.js';
import { interpolate } from './interpolate.js';
import {
  child,
  isMap,
  isScalar,
  isSeq,
  textOf,
  type ComposeFile,
  type ComposeMapNode,
  type ComposeNode,
  type ComposeScalarNode,
  type ComposeSeqNode,
  type ComposeSource,
  type Via,
} from './model.js';
import { parseYamlSource, subRange } from './parse.js';
import { buildService, inputError } from './service.js';
import { parseShortVolume } from './syntax.js';

export interface ComposeLoadOptions {
  /** Reads a file as UTF-8 text (default: from disk); throws an error with a `code` when it cannot. */
  readText?: (absolute: string) => string;
  /**
   * The interpolation variables. When absent, the `.env` file beside the compose file is read
   * (and nothing else: the process environment never is, so results do not depend on the machine).
   */
  env?: ReadonlyMap<string, string> | Record<string, string>;
}

const TOP_LEVEL_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);

/** Keys whose value may be a mapping or a list of `KEY=VALUE` strings. */
const LIST_OR_MAP: readonly (readonly string[])[] = [
  ['environment'],
  ['labels'],
  ['annotations'],
  ['sysctls'],
  ['build', 'args'],
  ['build', 'labels'],
  ['deploy', 'labels'],
];

const defaultRead = (absolute: string) => readFileSync(absolute, 'utf8');

/** Reads and models the compose file at `absolute`, shown to users as `path`. */
export function loadComposeFile(absolute: string, path: string, opts: ComposeLoadOptions = {}): ComposeFile {
  const read = opts.readText ?? defaultRead;
  let text: string;
  try {
    text = read(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const empty = parseComposeText('', path, { ...opts, absolute });
    empty.errors = [{ source: path, message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})` }];
    return empty;
  }
  return parseComposeText(text, path, { ...opts, absolute });
}

interface FileState {
  source: ComposeSource;
  root?: ComposeMapNode;
  /** Raw service mappings by name (list-form keys normalised, `extends` not applied). */
  services: Map<string, ComposeMapNode>;
}

interface LoadContext {
  vars: ReadonlyMap<string, string>;
  errors: InputError[];
  read: (absolute: string) => string;
  files: Map<string, FileState>;
  sources: ComposeSource[];
  resolved: Map<string, { node: ComposeMapNode; chain: string[] } | null>;
}

/** Models compose text. `absolute` (when given) locates `.env`, `extends` files and build contexts. */
export function parseComposeText(text: string, path: string, opts: ComposeLoadOptions & { absolute?: string } = {}): ComposeFile {
  const errors: InputError[] = [];
  const read = opts.readText ?? defaultRead;
  let vars: ReadonlyMap<string, string>;
  let envFile: string | undefined;
  if (opts.env) vars = opts.env instanceof Map ? opts.env : new Map(Object.entries(opts.env));
  else {
    const found = readDotEnv(opts.absolute, path, read);
    vars = found.vars;
    envFile = found.file;
    errors.push(...found.errors);
  }
  const ctx: LoadContext = { vars, errors, read, files: new Map(), sources: [], resolved: new Map() };
  const state = readState(text, path, opts.absolute, ctx, true);
  const model: ComposeFile = {
    path,
    source: state.source,
    sources: ctx.sources,
    root: state.root,
    legacy: false,
    services: [],
    env: vars,
    envFile,
    includes: [],
    errors,
  };
  if (!state.root) return model;
  model.version = textOf(child(state.root, 'version'));
  model.legacy = !state.root.entries.has('services') && state.services.size > 0;
  model.includes = includesOf(state.root, opts.absolute, read, errors);
  const topVolumes = child(state.root, 'volumes');
  for (const [name, node] of state.services) {
    const resolved = resolveService(state, name, ctx, []);
    const chain = resolved?.chain ?? [];
    const merged = resolved?.node ?? node;
    model.services.push(buildService(name, node.keyRange ?? node.range, node.source, merged, chain, { errors, vars, topVolumes }));
  }
  return model;
}

/**
 * `include: [a.yaml, {path: b.yaml}, {path: [c.yaml, c.override.yaml]}]`: the files, resolved
 * beside the compose file. A missing one is an input error, as in Compose; remote includes
 * (`oci://`, git URLs) are left alone.
 */
function includesOf(root: ComposeMapNode, absolute: string | undefined, read: (a: string) => string, errors: InputError[]): { absolute: string; node: ComposeNode }[] {
  const include = root.entries.get('include');
  if (!include || (isScalar(include) && include.value === null)) return [];
  if (!isSeq(include)) {
    errors.push(inputError(include, '`include` must be a list'));
    return [];
  }
  const out: { absolute: string; node: ComposeNode }[] = [];
  const paths: ComposeNode[] = [];
  for (const item of include.items) {
    const p = isMap(item) ? child(item, 'path') : item;
    if (isSeq(p)) paths.push(...p.items);
    else if (p) paths.push(p);
  }
  for (const node of paths) {
    const rel = textOf(node)?.trim();
    if (!rel || !isScalar(node) || node.interpolation?.unresolved) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rel) || rel.startsWith('git@')) continue;
    if (!absolute && !isAbsolute(rel)) continue;
    const abs = isAbsolute(rel) ? rel : resolve(dirname(absolute!), rel);
    try {
      read(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push(inputError(node, code === 'ENOENT' ? `included file "${rel}" does not exist` : `included file "${rel}" cannot be read (${code ?? String(err)})`));
      continue;
    }
    out.push({ absolute: abs, node });
  }
  return out;
}

function readDotEnv(absolute: string | undefined, path: string, read: (a: string) => string): { vars: Map<string, string>; file?: string; errors: InputError[] } {
  if (!absolute) return { vars: new Map(), errors: [] };
  const file = join(dirname(absolute), '.env');
  let text: string;
  try {
    text = read(file);
  } catch {
    return { vars: new Map(), errors: [] };
  }
  const display = posix.join(posix.dirname(path), '.env');
  const parsed = parseDotEnv(text, display);
  return { vars: parsed.vars, file: display, errors: parsed.errors };
}

/** Parses one file (the compose file or an `extends` file) and finds its services. */
function readState(text: string, path: string, absolute: string | undefined, ctx: LoadContext, isRoot: boolean): FileState {
  const parsed = parseYamlSource(text, path, absolute, ctx.vars);
  ctx.errors.push(...parsed.errors);
  ctx.sources.push(parsed.source);
  const state: FileState = { source: parsed.source, services: new Map() };
  if (absolute) ctx.files.set(absolute, state);
  const root = parsed.root;
  if (!root) {
    if (parsed.errors.length === 0 && isRoot) ctx.errors.push({ source: path, line: 1, column: 1, message: 'is empty: expected a compose file with `services`' });
    return state;
  }
  if (!isMap(root)) {
    ctx.errors.push(inputError(root, 'is not a compose file: expected a mapping with `services` at the top level'));
    return state;
  }
  state.root = root;
  const servicesNode = root.entries.get('services');
  let services: Iterable<[string, ComposeNode]> = [];
  if (servicesNode) {
    if (isMap(servicesNode)) services = servicesNode.entries;
    else if (!(isScalar(servicesNode) && servicesNode.value === null)) ctx.errors.push(inputError(servicesNode, '`services` must be a mapping of service names to services'));
    for (const [key, node] of root.entries) {
      if (!TOP_LEVEL_KEYS.has(key) && !key.startsWith('x-')) {
        ctx.errors.push({ ...inputError(node, `unknown top-level key "${key}" (expected services, networks, volumes, secrets, configs, include or x-*)`), ...keyPos(node) });
      }
    }
  } else if (looksLikeLegacy(root)) {
    // Version 1: services at the top level.
    services = [...root.entries].filter(([k]) => !k.startsWith('x-') && !TOP_LEVEL_KEYS.has(k));
  } else if (![...root.entries.keys()].some((k) => TOP_LEVEL_KEYS.has(k) || k.startsWith('x-'))) {
    ctx.errors.push({ source: path, line: root.range.start.line, column: root.range.start.column, message: 'is not a compose file: it has no `services`' });
  }
  for (const [name, node] of services) {
    if (!isMap(node)) {
      ctx.errors.push({ ...inputError(node, `service "${name}" must be a mapping`), ...keyPos(node) });
      continue;
    }
    normalizeListMaps(node, ctx);
    state.services.set(name, node);
  }
  return state;
}

function keyPos(node: ComposeNode): { line?: number; column?: number } {
  return node.keyRange ? { line: node.keyRange.start.line, column: node.keyRange.start.column } : {};
}

const SERVICE_KEYS = ['image', 'build', 'command', 'ports', 'volumes', 'environment', 'entrypoint', 'links', 'restart'];

function looksLikeLegacy(root: ComposeMapNode): boolean {
  const candidates = [...root.entries].filter(([k]) => !k.startsWith('x-') && !TOP_LEVEL_KEYS.has(k));
  return candidates.length > 0 && candidates.every(([, v]) => isMap(v) && SERVICE_KEYS.some((k) => v.entries.has(k)));
}

/** Rewrites `environment: [A=1]` (and labels, args...) as mappings whose entries keep their positions. */
function normalizeListMaps(service: ComposeMapNode, ctx: LoadContext): void {
  for (const path of LIST_OR_MAP) {
    let holder: ComposeNode | undefined = service;
    for (const k of path.slice(0, -1)) holder = child(holder, k);
    const key = path[path.length - 1];
    if (!isMap(holder)) continue;
    const value = holder.entries.get(key);
    if (!value) continue;
    if (isSeq(value)) holder.entries.set(key, listToMap(value, ctx));
    else if (!isMap(value) && !(isScalar(value) && value.value === null)) {
      ctx.errors.push(inputError(value, `\`${path.join('.')}\` must be a mapping or a list of KEY=VALUE`));
    }
  }
}

function listToMap(seq: ComposeSeqNode, ctx: LoadContext): ComposeMapNode {
  const map: ComposeMapNode = {
    kind: 'map',
    source: seq.source,
    range: seq.range,
    parent: seq.parent,
    key: seq.key,
    keyRange: seq.keyRange,
    via: seq.via,
    entries: new Map(),
    fromList: true,
  };
  for (const item of seq.items) {
    if (!isScalar(item)) {
      ctx.errors.push(inputError(item, `a \`${seq.key}\` entry must be a KEY=VALUE string`));
      continue;
    }
    if (item.value === null) continue;
    const raw = item.raw;
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    if (!name) {
      ctx.errors.push(inputError(item, `"${raw}" has no variable name`));
      continue;
    }
    const lead = raw.length - raw.trimStart().length;
    const keyRange = subRange(item, lead, lead + name.length);
    const value: ComposeScalarNode = {
      kind: 'scalar',
      source: item.source,
      parent: map,
      key: name,
      keyRange,
      via: item.via,
      style: item.style,
      value: null,
      text: '',
      raw: '',
      range: item.range,
    };
    if (eq >= 0) {
      const rawValue = raw.slice(eq + 1);
      value.raw = rawValue;
      value.range = subRange(item, eq + 1, raw.length);
      const r = rawValue.includes('$') ? interpolate(rawValue, ctx.vars) : undefined;
      value.value = r ? r.value : rawValue;
      value.text = value.value;
      if (r && r.refs.length > 0) value.interpolation = { refs: r.refs, unresolved: r.unresolved, parts: r.parts };
    }
    map.entries.set(name, value);
  }
  return map;
}

// ---- extends ----

function resolveService(
  file: FileState,
  name: string,
  ctx: LoadContext,
  stack: string[],
): { node: ComposeMapNode; chain: string[] } | undefined {
  const id = `${file.source.absolute ?? file.source.path}#${name}`;
  const node = file.services.get(name);
  if (!node) return undefined;
  const ext = node.entries.get('extends');
  if (ext && stack.includes(id)) {
    ctx.errors.push(inputError(ext, `service "${name}" extends itself (through ${[...stack, id].map((s) => s.split('#')[1]).join(' -> ')})`));
    return undefined;
  }
  const cached = ctx.resolved.get(id);
  if (cached !== undefined) return cached ?? undefined;
  if (!ext) {
    const plain = { node, chain: [] };
    ctx.resolved.set(id, plain);
    return plain;
  }
  ctx.resolved.set(id, null);
  const base = extendsBase(file, name, ext, ctx, [...stack, id]);
  let result: { node: ComposeMapNode; chain: string[] };
  if (!base) result = { node, chain: [] };
  else {
    const via: Via = { kind: 'extends', source: ext.source, range: { start: ext.keyRange?.start ?? ext.range.start, end: ext.range.end } };
    result = { node: mergeMaps(base.node, node, via, node.parent, true), chain: [base.name, ...base.chain] };
  }
  ctx.resolved.set(id, result);
  return result;
}

function extendsBase(
  file: FileState,
  name: string,
  ext: ComposeNode,
  ctx: LoadContext,
  stack: string[],
): { node: ComposeMapNode; chain: string[]; name: string } | undefined {
  let serviceName: string | undefined;
  let fileNode: ComposeNode | undefined;
  if (isScalar(ext)) serviceName = textOf(ext)?.trim();
  else if (isMap(ext)) {
    serviceName = textOf(child(ext, 'service'))?.trim();
    fileNode = child(ext, 'file');
  }
  if (!serviceName) {
    ctx.errors.push(inputError(ext, `service "${name}": \`extends\` needs a \`service\``));
    return undefined;
  }
  let baseFile = file;
  if (fileNode) {
    const rel = textOf(fileNode)?.trim();
    if (!rel) {
      ctx.errors.push(inputError(fileNode, `service "${name}": \`extends.file\` must be a path`));
      return undefined;
    }
    const loaded = loadExtendsFile(file, rel, fileNode, ctx);
    if (!loaded) return undefined;
    baseFile = loaded;
  }
  if (!baseFile.services.has(serviceName)) {
    const where = baseFile === file ? 'this file' : baseFile.source.path;
    ctx.errors.push(inputError(ext, `service "${name}" extends "${serviceName}", which is not a service in ${where}`));
    return undefined;
  }
  const resolved = resolveService(baseFile, serviceName, ctx, stack);
  if (!resolved) return undefined;
  return { ...resolved, name: baseFile === file ? serviceName : `${serviceName} (${baseFile.source.path})` };
}

function loadExtendsFile(file: FileState, rel: string, at: ComposeNode, ctx: LoadContext): FileState | undefined {
  if (!file.source.absolute && !isAbsolute(rel)) {
    ctx.errors.push(inputError(at, `cannot find "${rel}": the file that names it has no location`));
    return undefined;
  }
  const absolute = isAbsolute(rel) ? rel : resolve(dirname(file.source.absolute!), rel);
  const known = ctx.files.get(absolute);
  if (known) return known;
  let text: string;
  try {
    text = ctx.read(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    ctx.errors.push(inputError(at, code === 'ENOENT' ? `extends file "${rel}" does not exist` : `extends file "${rel}" cannot be read (${code ?? String(err)})`));
    return undefined;
  }
  const display = isAbsolute(rel) ? rel : posix.normalize(posix.join(posix.dirname(file.source.path), rel.split('\\').join('/')));
  return readState(text, display, absolute, ctx, false);
}

/** Sequences that a service overriding them replaces rather than extends. */
const REPLACED = new Set(['command', 'entrypoint', 'test', 'profiles']);

/**
 * Merges a base mapping with the one that extends it, as the Compose Specification's merge
 * rules say: mappings merge by key, the local value wins for scalars, most sequences append,
 * and `volumes`, `devices`, `secrets` and `configs` replace the base's entry with the same target.
 */
function mergeMaps(base: ComposeMapNode, local: ComposeMapNode, via: Via, parent: ComposeMapNode | ComposeSeqNode | undefined, service = false): ComposeMapNode {
  const out: ComposeMapNode = { ...local, parent, entries: new Map() };
  for (const [k, v] of base.entries) {
    if (k === 'extends' && service) continue;
    out.entries.set(k, cloneNode(v, out, [via]));
  }
  for (const [k, v] of local.entries) {
    if (k === 'extends' && service) continue;
    const b = out.entries.get(k);
    if (b && isMap(b) && isMap(v)) out.entries.set(k, mergeMaps(b, v, via, out));
    else if (b && isSeq(b) && isSeq(v) && !REPLACED.has(k)) out.entries.set(k, mergeSeqs(k, b, v, out));
    else out.entries.set(k, cloneNode(v, out, []));
  }
  return out;
}

function mergeSeqs(key: string, base: ComposeSeqNode, local: ComposeSeqNode, parent: ComposeMapNode): ComposeSeqNode {
  const out: ComposeSeqNode = { ...local, parent, items: [] };
  const keyOf = (n: ComposeNode): string | undefined => {
    if (key === 'volumes') return isScalar(n) ? parseShortVolume(n.text).target : textOf(child(n, 'target'));
    if (key === 'devices') return isScalar(n) ? (n.text.split(':')[1] ?? n.text.split(':')[0]) : textOf(child(n, 'target'));
    if (key === 'secrets' || key === 'configs') return isScalar(n) ? n.text : (textOf(child(n, 'target')) ?? textOf(child(n, 'source')));
    return isScalar(n) && key !== 'ports' ? n.text : undefined;
  };
  const localKeys = new Set(local.items.map(keyOf).filter((k): k is string => k !== undefined));
  for (const item of base.items) {
    const k = keyOf(item);
    if (k !== undefined && localKeys.has(k)) continue;
    out.items.push(cloneNode(item, out, []));
  }
  for (const item of local.items) out.items.push(cloneNode(item, out, []));
  return out;
}

function cloneNode(node: ComposeNode, parent: ComposeMapNode | ComposeSeqNode, extraVia: Via[]): ComposeNode {
  const via = extraVia.length > 0 || node.via ? [...(node.via ?? []), ...extraVia] : undefined;
  if (node.kind === 'scalar') return { ...node, parent, ...(via ? { via } : {}) };
  if (node.kind === 'seq') {
    const seq: ComposeSeqNode = { ...node, parent, items: [], ...(via ? { via } : {}) };
    for (const item of node.items) seq.items.push(cloneNode(item, seq, []));
    return seq;
  }
  const map: ComposeMapNode = { ...node, parent, entries: new Map(), ...(via ? { via } : {}) };
  for (const [k, v] of node.entries) map.entries.set(k, cloneNode(v, map, []));
  return map;
}
