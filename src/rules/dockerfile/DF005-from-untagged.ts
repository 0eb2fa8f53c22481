import { defineDockerfileRule } from './types.js';
import { imageUses } from './references.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF005',
    name: 'from-untagged',
    aliases: ['DL3006'],
    family: 'DF',
    shortDescription: 'Give every image a tag or digest',
    fullDescription:
      'An image named without a tag or digest means `:latest`, whatever that is on the day of the build: two builds of the same Dockerfile can get different base images, and a new major version can break the build or change what ships. Checked for FROM, `COPY --from=image` and `RUN --mount=from=image`; ARG defaults are resolved, and stage names, `scratch` and variables with no known value are left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      untagged: 'Image "{{image}}"{{via}} has no tag or digest, so every build takes whatever `latest` is then; pin a version tag such as "{{image}}:<version>", or a digest',
    },
  },
  check(df, ctx) {
    for (const use of imageUses(df)) {
      // A bare `--from=name` that is no stage is reported by DF018 (it is more likely a typo).
      if (use.bareName || use.ref.tag || use.ref.digest) continue;
      const written = use.kind === 'from' ? (use.instr.args[0]?.value ?? '') : '';
      ctx.report({
        messageId: 'untagged',
        data: { image: use.text, via: written.includes('$') ? ` (from "${written}")` : '' },
        range: use.range,
      });
    }
  },
});
