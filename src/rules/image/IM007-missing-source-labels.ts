import { defineImageRule } from './types.js';

const SOURCE = 'org.opencontainers.image.source';
const REVISION = 'org.opencontainers.image.revision';

export default defineImageRule({
  meta: {
    id: 'IM007',
    name: 'missing-source-labels',
    aliases: [],
    family: 'IM',
    shortDescription: 'No org.opencontainers.image.source / revision label: the image cannot be traced to its code',
    fullDescription:
      "The OCI labels `org.opencontainers.image.source` (the repository URL) and `org.opencontainers.image.revision` (the commit) tie an image to the code it was built from: scanners, registries (GHCR links the repository), Renovate and incident responders use them to find what to fix. They count as labels in the config or as annotations on the manifest.",
    defaultLevel: 'note',
    tags: ['supply-chain', 'maintainability'],
    precision: 'very-high',
    messages: {
      missing: 'The image has no {{missing}} label: it cannot be traced to the repository and commit it was built from',
    },
  },
  check(facts, ctx) {
    const labels = facts.config.config?.Labels ?? {};
    const has = (key: string) => Boolean(labels[key]?.trim() || facts.manifestAnnotations[key]?.trim());
    const missing = [SOURCE, REVISION].filter((k) => !has(k));
    if (missing.length === 0) return;
    ctx.report({
      messageId: 'missing',
      data: { missing: missing.map((m) => `\`${m}\``).join(' or ') },
      configKey: 'config.Labels',
      fix: 'Add `LABEL org.opencontainers.image.source="https://github.com/OWNER/REPO" org.opencontainers.image.revision="$GIT_SHA"` (or pass `--label`/`--annotation` to the build).',
      facts: { missing: missing.join(',') },
      fingerprintKey: missing.join(','),
    });
  },
});
