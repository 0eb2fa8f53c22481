import { defineDockerfileRule } from './types.js';
import { imageUses } from './references.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF006',
    name: 'from-latest',
    aliases: ['DL3007'],
    family: 'DF',
    shortDescription: 'Do not use the latest tag',
    fullDescription:
      'The `latest` tag moves with every release of the image: two builds of the same Dockerfile can get different base images, and nobody can tell from the Dockerfile which one shipped. Checked for FROM, `COPY --from=image` and `RUN --mount=from=image`, with ARG defaults resolved; `:latest@sha256:...` is pinned by its digest and left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      latest: 'Image "{{image}}"{{via}} uses the `latest` tag, which moves with every release; pin a version tag, or add a digest (`@sha256:...`)',
    },
  },
  check(df, ctx) {
    for (const use of imageUses(df)) {
      if (use.ref.tag?.toLowerCase() !== 'latest' || use.ref.digest) continue;
      const written = use.kind === 'from' ? (use.instr.args[0]?.value ?? '') : '';
      ctx.report({
        messageId: 'latest',
        data: { image: use.text, via: written.includes('$') ? ` (from "${written}")` : '' },
        range: use.range,
      });
    }
  },
});
