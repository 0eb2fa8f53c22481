import type { Word } from '../../dockerfile/model.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export default defineDockerfileRule({
  meta: {
    id: 'DF009',
    name: 'expose-port-range',
    aliases: ['DL3011'],
    family: 'DF',
    shortDescription: 'EXPOSE valid ports: 0 to 65535, with /tcp, /udp or /sctp',
    fullDescription:
      'EXPOSE takes container ports (`8080`), ranges (`8000-8010`) and an optional protocol (`/tcp`, `/udp`, `/sctp`). A port above 65535, a reversed range, another protocol or a word that is not a port makes the build fail, or, in older builders, records metadata no tool can use. `EXPOSE 80:8080` tries to publish a port, which only `docker run -p` can do. Variables are resolved from ARG and ENV; a variable with no known value is left alone.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      outOfRange: 'EXPOSE {{value}}: {{port}} is not a valid port; ports go from 0 to 65535',
      badRange: 'EXPOSE {{value}}: the range starts above its end; write it low-high',
      badProtocol: 'EXPOSE {{value}}: "{{protocol}}" is not a protocol EXPOSE knows; use /tcp, /udp or /sctp',
      notAPort: 'EXPOSE {{value}}: not a port number or range',
      mapping: 'EXPOSE {{value}}: EXPOSE cannot map or publish ports; write the container port only (EXPOSE {{container}}) and publish with `docker run -p {{value}}`',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const word of instr.args) {
        const resolved = resolveVariables(word.value, instr.vars, df.escapeChar);
        if (resolved.unresolved) continue;
        for (const value of resolved.text.split(/\s+/).filter(Boolean)) check1(value, word, ctx.report);
      }
    }
  },
});

function check1(value: string, word: Word, report: (d: { messageId: string; data: Record<string, string>; range: Word['range']; fingerprintKey: string }) => void): void {
  const r = (messageId: string, data: Record<string, string> = {}) => report({ messageId, data: { value, ...data }, range: word.range, fingerprintKey: value });
  const [spec, protocol, ...extra] = value.split('/');
  if (extra.length > 0) return r('notAPort');
  if (protocol !== undefined && !PROTOCOLS.has(protocol.toLowerCase())) return r('badProtocol', { protocol });
  if (spec.includes(':')) {
    const container = spec.slice(spec.lastIndexOf(':') + 1);
    return r('mapping', { container: protocol ? `${container}/${protocol}` : container });
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return r('notAPort');
  for (const port of [m[1], m[2]]) {
    if (port !== undefined && Number(port) > 65535) return r('outOfRange', { port });
  }
  if (m[2] !== undefined && Number(m[1]) > Number(m[2])) return r('badRange');
}
