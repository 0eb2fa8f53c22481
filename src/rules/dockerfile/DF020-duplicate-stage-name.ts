import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF020',
    name: 'duplicate-stage-name',
    aliases: ['DL3024'],
    family: 'DF',
    shortDescription: 'Stage names must be unique',
    fullDescription:
      'Two stages with the same `AS` name (compared without case, as Docker does) make every reference to the name ambiguous: `FROM name` takes the nearest earlier stage, while `COPY --from=name` and `--target name` take the last one. The build then silently uses a stage nobody meant.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      duplicate: 'Stage name "{{name}}" is already used by an earlier stage ("{{first}}"); `COPY --from={{name}}` and `--target {{name}}` will pick the last one. Give each stage its own name',
    },
  },
  check(df, ctx) {
    const seen = new Map<string, string>();
    for (const stage of df.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const first = seen.get(stage.name);
      if (first !== undefined) {
        ctx.report({ messageId: 'duplicate', data: { name: stage.name, first }, range: stage.nameRange });
      } else {
        seen.set(stage.name, `FROM ${stage.from.args.map((a) => a.value).join(' ')}`);
      }
    }
  },
});
