import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO009',
    name: 'image-not-pinned',
    aliases: [],
    family: 'CO',
    shortDescription: 'Pin service images by digest',
    fullDescription:
      'A tag, even a version tag, can be pushed again: `postgres:16.4` today need not be the bytes it was last week, and a compromised registry account can replace it. A digest (`postgres:16.4@sha256:...`) names exactly one image. Off by default (digests need a tool such as Renovate to keep them fresh); on in the `strict` preset. Services with `build:` and images whose tag comes from an unset variable are left alone.',
    defaultLevel: 'off',
    strictLevel: 'warning',
    tags: ['security', 'supply-chain', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      notPinned: 'Service "{{service}}" runs image "{{image}}" by tag only; pin it by digest (`{{image}}@sha256:...`) so the same bytes run every time',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const image = service.image;
      if (!image || service.build || image.variableTag || !image.ref || image.ref.digest) continue;
      ctx.report({ messageId: 'notPinned', data: { image: image.text }, node: image.node, service });
    }
  },
});
