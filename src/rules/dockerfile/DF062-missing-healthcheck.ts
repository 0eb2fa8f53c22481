import { defineDockerfileRule } from './types.js';
import { stageChain } from './security-support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF062',
    name: 'missing-healthcheck',
    aliases: ['DL3057'],
    family: 'DF',
    shortDescription: 'The image has no HEALTHCHECK',
    fullDescription:
      'Without a HEALTHCHECK, Docker and Compose only know whether the process is alive, not whether it works: a hung server stays "running". Add `HEALTHCHECK CMD …` (or `HEALTHCHECK NONE` to say the base image\'s check does not apply). Orchestrators such as Kubernetes ignore HEALTHCHECK and use their own probes, so this rule is off by default.',
    defaultLevel: 'off',
    strictLevel: 'note',
    tags: ['reliability'],
    precision: 'high',
    messages: {
      missing: 'The final stage has no HEALTHCHECK, so Docker cannot tell a hung container from a working one; add `HEALTHCHECK CMD …` (or `HEALTHCHECK NONE` to opt out on purpose)',
    },
  },
  check(df, ctx) {
    const final = df.stages[df.stages.length - 1];
    if (!final) return;
    const chain = stageChain(df, final);
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK' || i.trigger?.keyword === 'HEALTHCHECK'))) return;
    const word = final.from.args[0];
    ctx.report({ messageId: 'missing', range: word?.range ?? final.from.keywordRange });
  },
});
