import type { Instruction } from '../../dockerfile/model.js';
import { sliceText } from '../../dockerfile/parse.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers, stageLineage, stageOf } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF028',
    name: 'copy-relative-no-workdir',
    aliases: ['DL3045'],
    family: 'DF',
    shortDescription: 'COPY to a relative destination with no WORKDIR set',
    fullDescription:
      'A relative COPY or ADD destination is resolved against the working directory, which, when the Dockerfile never sets WORKDIR, is whatever the base image chose (often `/`) and can change when the base image does. Set WORKDIR first, or copy to an absolute path.',
    defaultLevel: 'warning',
    tags: ['correctness', 'maintainability'],
    precision: 'high',
    messages: {
      noWorkdir: '{{keyword}} to the relative path "{{dest}}" but this stage sets no WORKDIR, so it lands wherever the base image points; add a WORKDIR or use an absolute path',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const dest = instr.copy?.dest;
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || !dest) continue;
      const path = dest.value.replace(/^["']|["']$/g, '');
      // The text as written: `c:\app` has lost its backslashes in the parsed value.
      const raw = sliceText(df.lines, dest.range).replace(/^["']|["']$/g, '');
      // Absolute (also Windows `c:\` / `c:/`), or a variable that only the build knows.
      if (path.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(raw) || path.startsWith('$')) continue;
      if (workdirSet(df, instr)) continue;
      ctx.report({ messageId: 'noWorkdir', data: { keyword: instr.keyword, dest: path }, range: dest.range });
    }
  },
});

/**
 * True when a WORKDIR applies: earlier in the stage, anywhere in a stage it is built FROM (its
 * config carries over) or, for an ONBUILD trigger, anywhere in the image or an earlier ONBUILD WORKDIR.
 */
function workdirSet(df: Parameters<typeof stageOf>[0], instr: Instruction): boolean {
  const stage = stageOf(df, instr);
  if (!stage) return false;
  const isWorkdir = (i: Instruction) => i.keyword === 'WORKDIR';
  const before = (i: Instruction, at: Instruction) => i.range.start.line < at.range.start.line;
  const [own, ...parents] = stageLineage(df, stage.index);
  if (parents.some((s) => s.instructions.some(isWorkdir))) return true;
  if (instr.onbuild) {
    if (own.instructions.some(isWorkdir)) return true;
    return own.instructions.some((i) => i.trigger !== undefined && isWorkdir(i.trigger) && before(i, instr.onbuild!));
  }
  return own.instructions.some((i) => isWorkdir(i) && before(i, instr));
}
