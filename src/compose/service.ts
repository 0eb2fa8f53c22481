/**
 * The typed view of one service that rules read: image, build, environment, ports, volumes,
 * capabilities... each entry with the node it came from. Reading a key of the wrong shape
 * (`ports: 8080`) is an input error naming the file, line and column.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { InputError, Range } from '../rules/finding.js';
import { parseImageRef } from '../util/image-ref.js';
import { interpolate } from './interpolate.js';
import {
  at,
  booleanOf,
  child,
  isMap,
  isScalar,
  isSeq,
  isUnresolved,
  textOf,
  type BuildSpec,
  type ComposeMapNode,
  type ComposeNode,
  type ComposeScalarNode,
  type ComposeSource,
  type EnvVar,
  type HealthcheckSpec,
  type ImageSpec,
  type Located,
  type PortMapping,
  type Service,
  type VolumeMount,
  type VolumeType,
} from './model.js';
import { isHostPathSource, isPortOrRange, normalizeHostPath, parseShortPort, parseShortVolume, portRange } from './syntax.js';

export interface ServiceContext {
  errors: InputError[];
  vars: ReadonlyMap<string, string>;
  /** The top-level `volumes` of the compose file, to see which named volumes bind host paths. */
  topVolumes?: ComposeNode;
}

export function buildService(
  name: string,
  keyRange: Range,
  source: ComposeSource,
  node: ComposeMapNode,
  extendsChain: string[],
  ctx: ServiceContext,
): Service {
  const err = (n: ComposeNode, message: string) => ctx.errors.push(inputError(n, `service "${name}": ${message}`));
  return {
    name,
    keyRange,
    source,
    node,
    extendsChain,
    image: imageOf(node, err),
    build: buildOf(node, err),
    environment: environmentOf(node),
    ports: portsOf(node, err),
    volumes: volumesOf(node, ctx, err),
    capAdd: stringList(node, 'cap_add', err),
    capDrop: stringList(node, 'cap_drop', err),
    securityOpt: stringList(node, 'security_opt', err),
    devices: deviceList(node, err),
    profiles: stringList(node, 'profiles', err).map((p) => p.value),
    secrets: secretList(node, err),
    healthcheck: healthcheckOf(node, err),
    partial: !node.entries.has('image') && !node.entries.has('build'),
  };
}

export function inputError(n: ComposeNode, message: string): InputError {
  return { source: n.source.path, line: n.range.start.line, column: n.range.start.column, message };
}

type Err = (n: ComposeNode, message: string) => void;

function imageOf(node: ComposeMapNode, err: Err): ImageSpec | undefined {
  const n = child(node, 'image');
  if (!n) return undefined;
  if (!isScalar(n)) {
    err(n, '`image` must be a string');
    return undefined;
  }
  if (n.value === null || n.text.trim() === '') return undefined;
  const text = n.text.trim();
  const unresolved = isUnresolved(n);
  let variableTag = false;
  let probe = text;
  if (n.interpolation) {
    // The tag (from its `:` on) written as a variable, or an unset variable in the last part of
    // the name, which could bring a tag: the tag is decided at run time, not in this file.
    const lastSlash = n.text.lastIndexOf('/');
    const colon = n.text.indexOf(':', lastSlash + 1);
    let offset = 0;
    const pieces: string[] = [];
    for (const part of n.interpolation.parts) {
      const end = offset + part.text.length;
      if (part.ref && part.ref.source !== 'env-file') {
        if (colon >= 0 && end > colon) variableTag = true;
        if (part.ref.source === 'unset' && offset > lastSlash) variableTag = true;
      }
      // An unset variable stands for some registry or namespace: a placeholder keeps the rest readable.
      pieces.push(part.ref?.source === 'unset' && part.text === '' ? 'x' : part.text);
      offset = end;
    }
    probe = pieces.join('').trim();
  }
  const ref = parseImageRef(unresolved ? probe : text);
  return { text, ref, node: n, variableTag, unresolved };
}

const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function buildOf(node: ComposeMapNode, err: Err): BuildSpec | undefined {
  const n = child(node, 'build');
  if (!n) return undefined;
  let contextNode: ComposeNode | undefined;
  let dockerfileNode: ComposeScalarNode | undefined;
  let dockerfileInline: ComposeScalarNode | undefined;
  let args: ComposeMapNode | undefined;
  if (isScalar(n)) contextNode = n;
  else if (isMap(n)) {
    contextNode = child(n, 'context');
    const df = child(n, 'dockerfile');
    if (df && !isScalar(df)) err(df, '`build.dockerfile` must be a string');
    else dockerfileNode = df;
    const inline = child(n, 'dockerfile_inline');
    if (inline && !isScalar(inline)) err(inline, '`build.dockerfile_inline` must be a string');
    else if (inline && inline.value !== null) dockerfileInline = inline;
    const a = child(n, 'args');
    if (isMap(a)) args = a;
  } else {
    err(n, '`build` must be a path or a mapping');
    return undefined;
  }
  const context = textOf(contextNode)?.trim() || '.';
  const dockerfile = textOf(dockerfileNode)?.trim() || undefined;
  const unresolved = isUnresolved(contextNode) || isUnresolved(dockerfileNode);
  const remote = REMOTE_CONTEXT.test(context) || /\.git(?:#.*)?$/.test(context);
  const spec: BuildSpec = { node: n, context, remote, dockerfile, dockerfileNode, dockerfileInline, args, unresolved };
  const base = (contextNode ?? n).source.absolute ?? n.source.absolute;
  if (!remote && !unresolved && base) {
    spec.contextDir = resolve(dirname(base), context);
    if (!dockerfileInline) spec.dockerfilePath = dockerfile && isAbsolute(dockerfile) ? dockerfile : resolve(spec.contextDir, dockerfile ?? 'Dockerfile');
  }
  return spec;
}

function environmentOf(node: ComposeMapNode): EnvVar[] {
  const env = child(node, 'environment');
  if (!isMap(env)) return [];
  const out: EnvVar[] = [];
  for (const [name, value] of env.entries) {
    const v = isScalar(value) ? value : undefined;
    out.push({
      name,
      nameNode: value,
      nameRange: value.keyRange ?? value.range,
      value: v && v.value !== null ? v.text : undefined,
      raw: v && v.value !== null ? v.raw : undefined,
      valueRange: v && v.value !== null ? v.range : undefined,
      interpolation: v?.interpolation,
      node: value,
    });
  }
  return out;
}

function portsOf(node: ComposeMapNode, err: Err): PortMapping[] {
  const n = child(node, 'ports');
  if (!n || (isScalar(n) && n.value === null)) return [];
  if (!isSeq(n)) {
    err(n, '`ports` must be a list');
    return [];
  }
  const out: PortMapping[] = [];
  for (const item of n.items) {
    if (isScalar(item)) {
      if (item.value === null) continue;
      if (isUnresolved(item)) {
        out.push({ node: item, syntax: 'short', target: '', protocol: 'tcp', unresolved: true });
        continue;
      }
      const p = parseShortPort(item.text);
      if (!p) {
        err(item, `"${item.text}" is not a port mapping ([HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])`);
        continue;
      }
      out.push({ node: item, syntax: 'short', ...p, targetRange: portRange(p.target), unresolved: false });
    } else if (isMap(item)) {
      const target = child(item, 'target');
      const published = child(item, 'published');
      const hostIp = child(item, 'host_ip');
      const unresolved = [target, published, hostIp].some(isUnresolved);
      const t = textOf(target)?.trim();
      if (!t) {
        if (!unresolved) err(item, 'a long-syntax port needs a `target`');
        continue;
      }
      if (!unresolved && !isPortOrRange(t)) {
        err(target!, `"${t}" is not a container port`);
        continue;
      }
      out.push({
        node: item,
        syntax: 'long',
        target: t,
        targetRange: portRange(t),
        published: textOf(published)?.trim() || undefined,
        hostIp: textOf(hostIp)?.trim() || undefined,
        protocol: (textOf(child(item, 'protocol')) ?? 'tcp').toLowerCase(),
        unresolved,
      });
    } else err(item, 'a `ports` entry must be a string or a mapping');
  }
  return out;
}

/** Variables that stand for well-known places when `.env` does not set them. */
const PATH_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['HOME', '~'],
  ['USERPROFILE', '~'],
  ['PWD', '.'],
]);

function withPathVariables(n: ComposeScalarNode, vars: ReadonlyMap<string, string>): { text: string; unresolved: boolean } {
  if (!n.interpolation?.unresolved) return { text: n.text, unresolved: false };
  const more = new Map(vars);
  for (const [k, v] of PATH_VARIABLES) if (!more.has(k)) more.set(k, v);
  const r = interpolate(n.raw, more);
  return { text: r.value, unresolved: r.unresolved };
}

function volumesOf(node: ComposeMapNode, ctx: ServiceContext, err: Err): VolumeMount[] {
  const n = child(node, 'volumes');
  if (!n || (isScalar(n) && n.value === null)) return [];
  if (!isSeq(n)) {
    err(n, '`volumes` must be a list');
    return [];
  }
  const out: VolumeMount[] = [];
  for (const item of n.items) {
    if (isScalar(item)) {
      if (item.value === null) continue;
      const { text, unresolved } = withPathVariables(item, ctx.vars);
      const v = parseShortVolume(text);
      const rawSource = item.raw.includes(':') ? parseShortVolume(item.raw).source : undefined;
      const mount: VolumeMount = {
        node: item,
        syntax: 'short',
        type: 'volume',
        source: v.source || undefined,
        rawSource,
        target: v.target,
        readOnly: v.mode.includes('ro') || v.mode.includes('readonly'),
        unresolved,
      };
      classify(mount, ctx, unresolved);
      out.push(mount);
    } else if (isMap(item)) {
      const typeNode = child(item, 'type');
      const sourceNode = child(item, 'source');
      const src = isScalar(sourceNode) ? withPathVariables(sourceNode, ctx.vars) : undefined;
      const target = textOf(child(item, 'target'));
      const unresolved = (src?.unresolved ?? false) || isUnresolved(typeNode);
      const written = textOf(typeNode)?.trim().toLowerCase();
      const mount: VolumeMount = {
        node: item,
        syntax: 'long',
        type: 'volume',
        source: src?.text.trim() || undefined,
        rawSource: isScalar(sourceNode) ? sourceNode.raw : undefined,
        target,
        readOnly: booleanOf(child(item, 'read_only')) === true,
        unresolved,
      };
      if (written && !isUnresolved(typeNode)) {
        if (!['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster'].includes(written)) err(typeNode!, `unknown volume type "${written}"`);
        mount.type = written as VolumeType;
        if (mount.type === 'bind' && mount.source && !unresolved) mount.hostPath = normalizeHostPath(mount.source);
        else if (mount.type === 'volume') namedVolumeHostPath(mount, ctx);
      } else classify(mount, ctx, unresolved);
      if (!target && mount.type !== 'unknown') err(item, 'a long-syntax volume needs a `target`');
      out.push(mount);
    } else err(item, 'a `volumes` entry must be a string or a mapping');
  }
  return out;
}

function classify(mount: VolumeMount, ctx: ServiceContext, unresolved: boolean): void {
  const s = mount.source;
  if (!s) {
    mount.type = unresolved ? 'unknown' : 'volume';
    return;
  }
  if (isHostPathSource(s)) {
    mount.type = s.startsWith('\\\\.\\pipe\\') || s.startsWith('//./pipe/') ? 'npipe' : 'bind';
    if (!unresolved) mount.hostPath = normalizeHostPath(s);
    return;
  }
  mount.type = unresolved ? 'unknown' : 'volume';
  if (!unresolved) namedVolumeHostPath(mount, ctx);
}

/** A named volume declared with `driver_opts: {type: none, o: bind, device: /path}` is a bind mount in disguise. */
function namedVolumeHostPath(mount: VolumeMount, ctx: ServiceContext): void {
  if (!mount.source) return;
  const decl = child(ctx.topVolumes, mount.source);
  const opts = at(decl, 'driver_opts');
  const device = child(opts, 'device');
  const o = textOf(child(opts, 'o')) ?? '';
  if (!isScalar(device) || isUnresolved(device) || !device.text.trim()) return;
  if (!/(?:^|,)r?bind(?:,|$)/.test(o.replace(/\s/g, ''))) return;
  const path = device.text.trim();
  if (!isHostPathSource(path)) return;
  mount.hostPath = normalizeHostPath(path);
  mount.namedVolume = { name: mount.source, deviceNode: device };
}

function stringList(node: ComposeMapNode, key: string, err: Err): Located<string>[] {
  const n = child(node, key);
  if (!n || (isScalar(n) && n.value === null)) return [];
  if (isScalar(n)) {
    err(n, `\`${key}\` must be a list`);
    return [{ value: n.text, node: n }];
  }
  if (!isSeq(n)) {
    err(n, `\`${key}\` must be a list`);
    return [];
  }
  const out: Located<string>[] = [];
  for (const item of n.items) {
    if (!isScalar(item)) err(item, `a \`${key}\` entry must be a string`);
    else if (item.value !== null) out.push({ value: item.text.trim(), node: item });
  }
  return out;
}

/** `devices` entries: `HOST[:CONTAINER[:PERMS]]` strings or long-syntax mappings (`source`, `target`). */
function deviceList(node: ComposeMapNode, err: Err): Located<string>[] {
  const n = child(node, 'devices');
  if (!n || (isScalar(n) && n.value === null)) return [];
  if (!isSeq(n)) {
    err(n, '`devices` must be a list');
    return [];
  }
  const out: Located<string>[] = [];
  for (const item of n.items) {
    if (isScalar(item) && item.value !== null) out.push({ value: item.text.trim(), node: item });
    else if (isMap(item)) out.push({ value: textOf(child(item, 'source'))?.trim() ?? '', node: item });
    else if (!isScalar(item)) err(item, 'a `devices` entry must be a string or a mapping');
  }
  return out;
}

/** `secrets:` entries: `- name` or `- {source: name, target: /run/secrets/x}`. */
function secretList(node: ComposeMapNode, err: Err): Located<string>[] {
  const n = child(node, 'secrets');
  if (!n || (isScalar(n) && n.value === null)) return [];
  if (!isSeq(n)) {
    err(n, '`secrets` must be a list');
    return [];
  }
  const out: Located<string>[] = [];
  for (const item of n.items) {
    if (isScalar(item) && item.value !== null) out.push({ value: item.text.trim(), node: item });
    else if (isMap(item)) out.push({ value: textOf(child(item, 'source'))?.trim() ?? '', node: item });
    else if (!isScalar(item)) err(item, 'a `secrets` entry must be a name or a mapping');
  }
  return out;
}

function healthcheckOf(node: ComposeMapNode, err: Err): HealthcheckSpec | undefined {
  const n = child(node, 'healthcheck');
  if (!n || (isScalar(n) && n.value === null)) return undefined;
  if (!isMap(n)) {
    err(n, '`healthcheck` must be a mapping');
    return undefined;
  }
  const spec: HealthcheckSpec = { node: n };
  const disable = child(n, 'disable');
  const test = child(n, 'test');
  if (booleanOf(disable) === true) spec.disabledBy = disable;
  else if (isSeq(test) && isScalar(test.items[0]) && test.items[0].text.trim().toUpperCase() === 'NONE') spec.disabledBy = test;
  return spec;
}
