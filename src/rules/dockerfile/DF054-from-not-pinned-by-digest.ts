import { resolveVariables } from '../../dockerfile/variables.js';
import { formatImageRef, parseImageRef } from '../../util/image-ref.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF054',
    name: 'from-not-pinned-by-digest',
    aliases: [],
    family: 'DF',
    shortDescription: 'External image not pinned by digest',
    fullDescription:
      'A tag such as `python:3.12` can be moved to another image at any time by whoever controls the repository, so the same Dockerfile builds different images and a compromised tag reaches your build. `image:tag@sha256:<digest>` pins the exact image; Renovate or Dependabot keep the digest up to date. Applies to FROM and to external images in `COPY --from` and `RUN --mount=from=`.',
    defaultLevel: 'off',
    strictLevel: 'warning',
    tags: ['security', 'supply-chain', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      from: '`FROM {{image}}` is not pinned by digest: the tag can be moved to another image; use `{{image}}@sha256:<digest>`',
      copyFrom: '`{{flag}}={{image}}` is not pinned by digest: the tag can be moved to another image; use `{{image}}@sha256:<digest>`',
    },
  },
  check(df, ctx) {
    const stageNames = new Set(df.stages.map((s) => s.name).filter((n): n is string => !!n));
    for (const stage of df.stages) {
      const base = stage.base;
      if (base.kind !== 'image' || base.unresolved || !base.ref || base.ref.digest) continue;
      const word = stage.from.args[0];
      if (!word) continue;
      ctx.report({ messageId: 'from', data: { image: formatImageRef(base.ref) }, range: word.range, fingerprintKey: base.text });
    }
    for (const instr of instructionsWithTriggers(df)) {
      const uses: { flag: string; value: string; range: Range }[] = [];
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy?.from !== undefined) {
        const flag = instr.flags.find((f) => f.name === 'from');
        if (flag) uses.push({ flag: '--from', value: instr.copy.from, range: flag.range });
      }
      for (const m of instr.run?.mounts ?? []) {
        if (m.options.from !== undefined) uses.push({ flag: '--mount=from', value: m.options.from, range: m.range });
      }
      for (const use of uses) {
        const value = resolveVariables(use.value, instr.vars, df.escapeChar);
        if (value.unresolved) continue;
        const text = value.text.trim();
        // A stage name or index, or a bare name that may be a named build context (--build-context).
        if (stageNames.has(text.toLowerCase()) || /^\d+$/.test(text) || !/[/:.@]/.test(text)) continue;
        const ref = parseImageRef(text);
        if (!ref || ref.digest) continue;
        ctx.report({ messageId: 'copyFrom', data: { flag: use.flag, image: formatImageRef(ref) }, range: use.range, fingerprintKey: `${use.flag}\u0000${text}` });
      }
    }
  },
});
