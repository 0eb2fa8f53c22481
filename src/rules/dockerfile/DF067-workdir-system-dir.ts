import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';
import { joinPath, unquote } from './security-support.js';

/** Kernel and boot file systems (trivy DS-0030). */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];

export default defineDockerfileRule({
  meta: {
    id: 'DF067',
    name: 'workdir-system-dir',
    aliases: [],
    family: 'DF',
    shortDescription: 'WORKDIR inside /proc, /sys, /dev or /boot',
    fullDescription:
      '/proc, /sys and /dev are kernel file systems that the runtime mounts over the image when the container starts, and /boot holds the host\'s kernel on a real system: files put there by the build vanish or collide with kernel interfaces, and a working directory there is a mistake (or an attempt to reach host interfaces). Use a directory such as /app.',
    defaultLevel: 'warning',
    tags: ['correctness', 'security'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      system: '`WORKDIR {{path}}` is inside {{dir}}, which the container runtime mounts over (or which belongs to the host); use an application directory such as /app',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'WORKDIR' || !instr.args[0]) continue;
      const resolved = resolveVariables(unquote(instr.args[0].value), instr.vars, df.escapeChar);
      if (resolved.unresolved || !resolved.text.startsWith('/')) continue;
      const path = joinPath('/', resolved.text);
      const dir = SYSTEM_DIRS.find((d) => path === d || path.startsWith(`${d}/`));
      if (!dir) continue;
      ctx.report({ messageId: 'system', data: { path, dir }, range: instr.args[0].range });
    }
  },
});
