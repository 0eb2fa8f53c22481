import { parseImageRef } from '../../util/image-ref.js';
import { defineImageRule } from './types.js';

const BASE_NAME = 'org.opencontainers.image.base.name';
const BASE_DIGEST = 'org.opencontainers.image.base.digest';

export default defineImageRule({
  meta: {
    id: 'IM008',
    name: 'base-image-latest',
    aliases: [],
    family: 'IM',
    shortDescription: 'The image was built FROM a base with the latest tag (or no tag)',
    fullDescription:
      "The base image's name, as the builder recorded it (the `org.opencontainers.image.base.name` annotation or label that buildah, BuildKit and others write, or buildah's `FROM ...` history comment), has the tag `latest` or no tag at all. The same Dockerfile then builds on whatever `latest` meant that day: rebuilds are not reproducible and a new base can break the image without any change in its code. When the base name is not recorded the rule says nothing.",
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      latest: 'The image was built FROM {{base}}, which {{why}}: rebuilds take whatever that tag points to then{{pinned}}',
    },
  },
  check(facts, ctx) {
    const labels = facts.config.config?.Labels ?? {};
    let base: string | undefined;
    let key: string | undefined;
    let historyIndex: number | undefined;
    if (facts.manifestAnnotations[BASE_NAME]) {
      base = facts.manifestAnnotations[BASE_NAME];
      key = `manifest.annotations[${JSON.stringify(BASE_NAME)}]`;
    } else if (labels[BASE_NAME]) {
      base = labels[BASE_NAME];
      key = `config.Labels[${JSON.stringify(BASE_NAME)}]`;
    } else {
      // buildah writes `FROM <base as written>` as the comment of the first step after FROM.
      const step = facts.history.find((h) => /^FROM \S+$/.test(h.entry.comment ?? '') && parseImageRef((h.entry.comment ?? '').slice(5)) !== undefined);
      if (step) {
        base = step.entry.comment!.slice(5);
        key = `history[${step.index}].comment`;
        historyIndex = step.index;
      }
    }
    if (!base) return;
    const ref = parseImageRef(base);
    // A digest in the name pins it whatever the tag says; `scratch` is no image.
    if (!ref || ref.digest || base === 'scratch') return;
    if (ref.tag !== undefined && ref.tag !== 'latest') return;
    // buildah's history comments name intermediate images by their 12-hex ID: not a tag question.
    if (/^[0-9a-f]{12,64}$/.test(base)) return;
    const digest = facts.manifestAnnotations[BASE_DIGEST] ?? labels[BASE_DIGEST];
    ctx.report({
      messageId: 'latest',
      data: {
        base,
        why: ref.tag === 'latest' ? 'is the `latest` tag' : 'has no tag (so `latest`)',
        pinned: digest ? ` (this build used ${digest.slice(0, 19)}…)` : '',
      },
      configKey: key,
      historyIndex,
      fix: 'Pin the base in the Dockerfile to a version tag and digest, e.g. `FROM debian:12.7-slim@sha256:…`, and let Renovate or Dependabot update it.',
      facts: { base, ...(digest ? { baseDigest: digest } : {}) },
      fingerprintKey: `${ref.registry}/${ref.repository}`,
    });
  },
});
