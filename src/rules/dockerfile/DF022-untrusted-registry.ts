import { formatImageRef, registryMatches } from '../../util/image-ref.js';
import { defineDockerfileRule } from './types.js';
import { imageUses } from './references.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF022',
    name: 'untrusted-registry',
    aliases: ['DL3026'],
    family: 'DF',
    shortDescription: 'Pull images only from trusted registries',
    fullDescription:
      'When `trustedRegistries` is set, every image the build pulls (FROM, `COPY --from=image`, `RUN --mount=from=image`) must come from one of them (`*` wildcards allowed, e.g. `*.gcr.io`). A bare name such as `python:3.12` comes from `docker.io`. An image from anywhere else bypasses the organisation\'s mirror, scanning and provenance checks. With no list configured the rule reports nothing.',
    defaultLevel: 'error',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      untrusted: 'Image "{{image}}" comes from registry "{{registry}}", which is not one of the trusted registries ({{trusted}})',
    },
  },
  check(df, ctx) {
    const trusted = ctx.settings.trustedRegistries;
    if (trusted.length === 0) return;
    for (const use of imageUses(df)) {
      if (trusted.some((pattern) => registryMatches(use.ref.registry, pattern))) continue;
      ctx.report({
        messageId: 'untrusted',
        data: { image: formatImageRef(use.ref), registry: use.ref.registry, trusted: trusted.join(', ') },
        range: use.range,
      });
    }
  },
});
