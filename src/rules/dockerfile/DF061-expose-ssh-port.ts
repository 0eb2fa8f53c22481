import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, instructionsWithTriggers, stageOf } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF061',
    name: 'expose-ssh-port',
    aliases: [],
    family: 'DF',
    shortDescription: 'EXPOSE 22: an SSH server in the container',
    fullDescription:
      'Exposing port 22 means running an SSH daemon in the container: one more network service with credentials or keys to manage and attack, next to `docker exec` / `kubectl exec`, which give a shell without it. Remove sshd and the EXPOSE.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 5.0,
    precision: 'very-high',
    messages: {
      ssh: '`EXPOSE {{port}}` publishes SSH (port 22): do not run sshd in the container; use `docker exec` or `kubectl exec` for a shell',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'EXPOSE') continue;
      const stage = stageOf(df, instr);
      // EXPOSE in a build stage is metadata of an image nobody runs.
      if (!instr.onbuild && stage && !shipping.has(stage.index)) continue;
      for (const w of instr.args) {
        const resolved = resolveVariables(w.value, instr.vars, df.escapeChar);
        if (resolved.unresolved) continue;
        const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(resolved.text.trim());
        if (!m || m[3]?.toLowerCase() === 'udp' || m[3]?.toLowerCase() === 'sctp') continue;
        const from = Number(m[1]);
        const to = m[2] ? Number(m[2]) : from;
        if (from <= 22 && 22 <= to) ctx.report({ messageId: 'ssh', data: { port: resolved.text.trim() }, range: w.range });
      }
    }
  },
});
