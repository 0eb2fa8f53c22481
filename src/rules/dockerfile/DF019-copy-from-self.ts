import type { Dockerfile } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { stageReferences } from './references.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF019',
    name: 'copy-from-self',
    aliases: ['DL3023'],
    family: 'DF',
    shortDescription: 'COPY --from must not refer to its own stage',
    fullDescription:
      'A stage cannot copy from itself: it does not exist yet while it is being built. BuildKit stops with "circular dependency detected"; the intent was usually an earlier stage or a plain COPY from the context. The same holds for `RUN --mount=from=` and for longer cycles, where stage a copies from b and b (directly or not) from a.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      self: '--from={{from}} refers to the stage this instruction is in, which does not exist yet; copy from an earlier stage or from the build context',
      cycle: '--from={{from}} makes a cycle: stage "{{target}}" depends, through {{path}}, on stage "{{stage}}", which is being built here',
    },
  },
  check(df, ctx) {
    const deps = dependencies(df);
    const label = (i: number) => df.stages[i]?.name ?? String(i);
    for (const ref of stageReferences(df)) {
      if (ref.target.kind !== 'stage') continue;
      const here = ref.instr.stage;
      const target = ref.target.stage;
      if (target === here) {
        ctx.report({ messageId: 'self', data: { from: ref.value }, range: ref.range });
        continue;
      }
      const path = pathBetween(deps, target, here);
      if (path) {
        ctx.report({
          messageId: 'cycle',
          data: { from: ref.value, target: label(target), stage: label(here), path: path.map((i) => `"${label(i)}"`).join(' -> ') },
          range: ref.range,
        });
      }
    }
  },
});

/** For each stage, the stages it needs: its FROM stage and every stage it copies or mounts from. */
function dependencies(df: Dockerfile): Set<number>[] {
  const deps = df.stages.map((s) => new Set<number>(s.base.kind === 'stage' ? [s.base.stage] : []));
  for (const ref of stageReferences(df)) {
    if (ref.target.kind === 'stage' && ref.target.stage !== ref.instr.stage) deps[ref.instr.stage]?.add(ref.target.stage);
  }
  return deps;
}

/** A dependency path from `from` to `to` (both included), or undefined. */
function pathBetween(deps: Set<number>[], from: number, to: number): number[] | undefined {
  const prev = new Map<number, number>([[from, -1]]);
  const queue = [from];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (s === to) {
      const path: number[] = [];
      for (let c = s; c !== -1; c = prev.get(c)!) path.unshift(c);
      return path;
    }
    for (const d of deps[s] ?? []) {
      if (!prev.has(d)) {
        prev.set(d, s);
        queue.push(d);
      }
    }
  }
  return undefined;
}
