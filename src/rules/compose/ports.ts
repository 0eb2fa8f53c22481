/**
 * Published ports that reach a well-known service inside the container, for CO012 and CO013.
 */
import type { PortMapping, Service } from '../../compose/model.js';
import { isLoopback } from '../../compose/syntax.js';
import { settingOf } from './support.js';

export interface ExposedPort {
  mapping: PortMapping;
  /** The container port that matched. */
  port: number;
  /** `all interfaces`, or the address it is bound to. */
  where: string;
}

/**
 * Mappings whose container port (or range) includes one of `ports` and that are published
 * beyond the loopback interface. Services on the host network publish nothing through `ports`.
 */
export function exposedPorts(service: Service, ports: ReadonlyMap<number, string>): ExposedPort[] {
  if (settingOf(service, 'network_mode')?.text === 'host') return [];
  const out: ExposedPort[] = [];
  for (const mapping of service.ports) {
    if (mapping.unresolved || !mapping.targetRange) continue;
    if (mapping.hostIp !== undefined && isLoopback(mapping.hostIp)) continue;
    const [lo, hi] = mapping.targetRange;
    let port: number | undefined;
    for (const p of ports.keys()) if (p >= lo && p <= hi && (port === undefined || p < port)) port = p;
    if (port === undefined) continue;
    const ip = mapping.hostIp?.trim();
    const where = !ip || ip === '0.0.0.0' || ip === '::' ? 'all interfaces' : ip;
    out.push({ mapping, port, where });
  }
  return out;
}
