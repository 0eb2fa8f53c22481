/**
 * Queries shared by the compose rules.
 */
import { child, isUnresolved, type ComposeNode, type Service } from '../../compose/model.js';
import type { Range } from '../finding.js';

/** `key: value` as one range when both are on one line; the key alone when the value runs below it. */
export function pairRange(node: ComposeNode): Range {
  const k = node.keyRange;
  if (!k) return node.range;
  return k.start.line === node.range.end.line ? { start: k.start, end: node.range.end } : k;
}

/** A service's entry as a scalar's lower-case text, or undefined when absent, not a scalar or unresolved. */
export function settingOf(service: Service, key: string): { node: ComposeNode; text: string } | undefined {
  const n = child(service.node, key);
  if (n?.kind !== 'scalar' || n.value === null || isUnresolved(n)) return undefined;
  return { node: n, text: n.text.trim().toLowerCase() };
}

/** Linux capability names as Docker accepts them: case-insensitive, with or without `CAP_`. */
export function capabilityName(text: string): string {
  return text.trim().toUpperCase().replace(/^CAP_/, '');
}

/** The `security_opt` entries as `[option, value]`, lower-case, `:` and `=` both accepted. */
export function securityOptions(service: Service): { option: string; value: string; node: ComposeNode }[] {
  return service.securityOpt
    .filter((o) => !isUnresolved(o.node))
    .map((o) => {
      const cut = o.value.search(/[:=]/);
      const option = (cut < 0 ? o.value : o.value.slice(0, cut)).trim().toLowerCase();
      const value = cut < 0 ? '' : o.value.slice(cut + 1).trim();
      return { option, value, node: o.node };
    });
}

/** True when the service runs with `privileged: true`, which makes most finer checks moot. */
export function isPrivileged(service: Service): boolean {
  const p = settingOf(service, 'privileged');
  return p !== undefined && ['true', 'yes', 'on', '1'].includes(p.text);
}
