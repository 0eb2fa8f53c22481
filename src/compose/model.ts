/**
 * The compose model that compose rules read. Built once per compose file by `loadComposeFile`
 * (or `parseComposeText`): YAML anchors, aliases and `<<` merge keys are expanded, `extends` is
 * resolved, and string values are interpolated from the `.env` file beside the compose file.
 * Every node keeps the file, line and column of the text it came from, so a finding points at
 * the exact key or value at fault, even when that text sits in an anchor or another file.
 * Positions are 1-based lines and columns, end exclusive.
 */
import type { InputError, Range } from '../rules/finding.js';
import type { ImageRef } from '../util/image-ref.js';

/** A file the model was read from: the compose file itself, or a file an `extends` names. */
export interface ComposeSource {
  /** The path as shown to users. */
  path: string;
  /** Absolute path; undefined for text given directly (tests, standard input). */
  absolute?: string;
  text: string;
  lines: string[];
  /** Full-line `#` comments (not lines inside multi-line strings). */
  comments: ComposeComment[];
}

export interface ComposeComment {
  line: number;
  /** The text after `#`, trimmed. */
  text: string;
  range: Range;
}

/** How a node reached the place where it is used: through an alias, a merge key or `extends`. */
export interface Via {
  kind: 'alias' | 'merge' | 'extends';
  source: ComposeSource;
  /** The alias, the `<<` pair, or the `extends` pair. */
  range: Range;
}

interface NodeBase {
  /** The file holding the node's text. */
  source: ComposeSource;
  /** The value's own text (quotes included for quoted scalars). */
  range: Range;
  parent?: ComposeMapNode | ComposeSeqNode;
  /** The key under the parent mapping. */
  key?: string;
  /** Where the key is written (same source as the node). */
  keyRange?: Range;
  /** Set on the node an alias, merge key or `extends` brought in (not on its children). */
  via?: Via[];
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface ComposeScalarNode extends NodeBase {
  kind: 'scalar';
  /** The YAML value; strings are interpolated. */
  value: string | number | boolean | null;
  /** The value as text: strings after interpolation, others as written (`0755`, `true`), `''` for null. */
  text: string;
  /** The value as written, before interpolation. */
  raw: string;
  /** Present when the raw text references variables (`$VAR`, `${VAR:-x}`); `$$` alone does not count. */
  interpolation?: Interpolation;
  style: ScalarStyle;
}

export interface ComposeMapNode extends NodeBase {
  kind: 'map';
  entries: Map<string, ComposeNode>;
  /** True for `environment`, `labels`, `args`... written as a list of `KEY=VALUE`. */
  fromList?: boolean;
}

export interface ComposeSeqNode extends NodeBase {
  kind: 'seq';
  items: ComposeNode[];
}

export type ComposeNode = ComposeScalarNode | ComposeMapNode | ComposeSeqNode;

/** Where an interpolated variable's value came from. */
export type VariableSource = 'env-file' | 'default' | 'unset';

export interface VariableRef {
  name: string;
  /** `:-`, `-`, `:?`, `?`, `:+`, `+`, or undefined for `$VAR` and `${VAR}`. */
  operator?: string;
  /** The text after the operator, as written. */
  operand?: string;
  source: VariableSource;
}

export interface Interpolation {
  refs: VariableRef[];
  /**
   * True when some variable has no value in `.env` and no default, so the real value is only
   * known at run time: rules must not judge the interpolated text then.
   */
  unresolved: boolean;
  /** The interpolated text in pieces; a piece with `ref` came from that variable. */
  parts: { text: string; ref?: VariableRef }[];
}

export interface ImageSpec {
  /** Interpolated text. */
  text: string;
  /** Parsed reference; undefined when unresolved or not a reference. */
  ref?: ImageRef;
  node: ComposeScalarNode;
  /**
   * True when the tag is left to run time: written as a variable that `.env` does not set
   * (`app:${TAG}`, `app:${TAG:-latest}`), or an unset variable ends the name (`app${SUFFIX}`).
   */
  variableTag: boolean;
  unresolved: boolean;
}

export interface BuildSpec {
  node: ComposeNode;
  /** The context as written (interpolated), `.` when not given. */
  context: string;
  /** True for remote contexts (git URLs, `https://`), whose Dockerfile is not on disk here. */
  remote: boolean;
  /** Absolute context directory, for local contexts of files read from disk. */
  contextDir?: string;
  /** The `dockerfile` value as written (interpolated). */
  dockerfile?: string;
  dockerfileNode?: ComposeScalarNode;
  /** Absolute Dockerfile path for local contexts (it may not exist). */
  dockerfilePath?: string;
  dockerfileInline?: ComposeScalarNode;
  args?: ComposeMapNode;
  unresolved: boolean;
}

export interface EnvVar {
  name: string;
  /** The entry's key (map form) or the list item (list form). */
  nameNode: ComposeNode;
  nameRange: Range;
  /** Undefined for `KEY` / `KEY:` with no value: taken from the environment at run time. */
  value?: string;
  /** The value as written, before interpolation. */
  raw?: string;
  valueRange?: Range;
  interpolation?: Interpolation;
  /** The value node (in list form, a node for the text after `=`). */
  node: ComposeNode;
}

export interface PortMapping {
  node: ComposeNode;
  syntax: 'short' | 'long';
  hostIp?: string;
  /** Host port or range as written (interpolated); undefined when Docker picks one. */
  published?: string;
  /** Container port or range. */
  target: string;
  targetRange?: [number, number];
  protocol: string;
  unresolved: boolean;
}

export type VolumeType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster' | 'unknown';

export interface VolumeMount {
  node: ComposeNode;
  syntax: 'short' | 'long';
  type: VolumeType;
  /** As written (interpolated): a host path, a volume name, or undefined (anonymous). */
  source?: string;
  /** The source as written before interpolation. */
  rawSource?: string;
  /**
   * The host path this mount exposes: a bind's source, or the `device` of a named volume whose
   * `driver_opts` bind a host path. Normalised (`/var/run/` -> `/var/run`); `~` kept; relative
   * paths start with `.`. Undefined when unknown.
   */
  hostPath?: string;
  /** For a named volume that binds a host path: its name and the `device` node. */
  namedVolume?: { name: string; deviceNode: ComposeNode };
  target?: string;
  readOnly: boolean;
  unresolved: boolean;
}

export interface Located<T> {
  value: T;
  node: ComposeNode;
}

export interface HealthcheckSpec {
  node: ComposeNode;
  /** The node that disables it (`disable: true`, or `test: ["NONE"]`), when it is disabled. */
  disabledBy?: ComposeNode;
}

export interface Service {
  name: string;
  /** The key under `services` (in the compose file the service is defined in). */
  keyRange: Range;
  source: ComposeSource;
  /** The service mapping with merge keys and `extends` applied. */
  node: ComposeMapNode;
  /** The chain of `extends` (nearest base first), for messages. */
  extendsChain: string[];
  image?: ImageSpec;
  build?: BuildSpec;
  environment: EnvVar[];
  ports: PortMapping[];
  volumes: VolumeMount[];
  capAdd: Located<string>[];
  capDrop: Located<string>[];
  securityOpt: Located<string>[];
  devices: Located<string>[];
  profiles: string[];
  /** The secrets the service mounts: names from `- name` or a long entry's `source`. */
  secrets: Located<string>[];
  healthcheck?: HealthcheckSpec;
  /**
   * True for a service with neither `image` nor `build` (after `extends`): a fragment that an
   * override file adds to a service defined elsewhere. Rules about what a service lacks skip it.
   */
  partial: boolean;
}

export interface ComposeFile {
  /** The compose file as shown to users. */
  path: string;
  source: ComposeSource;
  /** Every file read: the compose file first, then files named by `extends`. */
  sources: ComposeSource[];
  /** The top-level mapping, interpolated and with merge keys applied. */
  root?: ComposeMapNode;
  /** The top-level `version`, when present (obsolete in the Compose Specification). */
  version?: string;
  /** True for a version 1 file: services at the top level, no `services` key. */
  legacy: boolean;
  services: Service[];
  /** Variables read from `.env` beside the compose file. */
  env: ReadonlyMap<string, string>;
  /** The `.env` file read, when there was one. */
  envFile?: string;
  /** Compose files that the top-level `include` names (absolute paths), for the lint to read as well. */
  includes: { absolute: string; node: ComposeNode }[];
  /** Problems with the input: bad YAML, not a compose file, a missing `extends` file. */
  errors: InputError[];
}

// ---- small queries shared by the model and the rules ----

export function isScalar(node: ComposeNode | undefined): node is ComposeScalarNode {
  return node?.kind === 'scalar';
}

export function isMap(node: ComposeNode | undefined): node is ComposeMapNode {
  return node?.kind === 'map';
}

export function isSeq(node: ComposeNode | undefined): node is ComposeSeqNode {
  return node?.kind === 'seq';
}

/** A mapping's entry, or undefined. */
export function child(node: ComposeNode | undefined, key: string): ComposeNode | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

/** Follows keys from a node: `at(svc.node, 'deploy', 'resources', 'limits', 'memory')`. */
export function at(node: ComposeNode | undefined, ...keys: string[]): ComposeNode | undefined {
  let n = node;
  for (const k of keys) n = child(n, k);
  return n;
}

/** True when a scalar's value depends on a variable with no known value. */
export function isUnresolved(node: ComposeNode | undefined): boolean {
  return node?.kind === 'scalar' && node.interpolation?.unresolved === true;
}

/**
 * Reads a boolean as Compose does, accepting YAML 1.1 words (`yes`, `on`) that YAML 1.2
 * leaves as strings. Undefined when the node is not a boolean or is unresolved.
 */
export function booleanOf(node: ComposeNode | undefined): boolean | undefined {
  if (node?.kind !== 'scalar' || isUnresolved(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  const t = node.text.trim().toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(t)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(t)) return false;
  return undefined;
}

/** The text of a scalar (interpolated), or undefined for anything else. */
export function textOf(node: ComposeNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? node.text : undefined;
}

/**
 * A stable path to the node for fingerprints: keys from the service (or the top level) down,
 * with `[]` for sequence items so that inserting an item does not change the others' paths.
 */
export function keyPath(node: ComposeNode): string {
  const parts: string[] = [];
  let n: ComposeNode | undefined = node;
  while (n?.parent) {
    parts.push(n.parent.kind === 'seq' ? '[]' : (n.key ?? '?'));
    n = n.parent;
  }
  return parts.reverse().join('.');
}
