import { defineDockerfileRule } from './types.js';
import { stageReferences } from './references.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF018',
    name: 'copy-from-unknown-stage',
    aliases: ['DL3022'],
    family: 'DF',
    shortDescription: 'COPY --from should name a stage, a stage index or a tagged image',
    fullDescription:
      '`COPY --from=name` (and `RUN --mount=from=name`) looks `name` up among the stages; when no stage has that name, Docker quietly pulls an image called `name:latest` from Docker Hub. That is almost always a misspelt stage, or an image reference missing its tag. Stage names (earlier or later, any case), stage indexes and references written like images (`composer:2`, `ghcr.io/x/y`) are left alone; so are values with unknown variables.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'high',
    messages: {
      typo: '--from={{name}} names no stage of this Dockerfile; did you mean stage "{{suggestion}}"? (Docker would pull an image "{{name}}:latest" instead)',
      unknown: '--from={{name}} names no stage of this Dockerfile, so Docker pulls the image "{{name}}:latest"; if that is meant, give it a tag ("{{name}}:<version>"), otherwise fix the stage name (a `--build-context {{name}}=...` also satisfies it)',
      badIndex: '--from={{name}} refers to stage index {{name}}, but stages are numbered 0 to {{last}}',
    },
  },
  check(df, ctx) {
    const names = df.stages.map((s) => s.name).filter((n): n is string => n !== undefined);
    for (const ref of stageReferences(df)) {
      if (ref.target.kind === 'badIndex') {
        ctx.report({ messageId: 'badIndex', data: { name: ref.value, last: df.stages.length - 1 }, range: ref.range });
      } else if (ref.target.kind === 'name') {
        const suggestion = closest(ref.value.toLowerCase(), names);
        if (suggestion) ctx.report({ messageId: 'typo', data: { name: ref.value, suggestion }, range: ref.range });
        else ctx.report({ messageId: 'unknown', data: { name: ref.value }, range: ref.range });
      }
    }
  },
});

/** The stage name closest to `name` (a typo: one edit for short names, two for longer ones), if any. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = editDistance(name, n);
    const allowed = n.length >= 6 ? 2 : n.length >= 3 ? 1 : 0;
    if (d <= allowed && d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of two neighbouring letters as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
