import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO008',
    name: 'image-latest',
    aliases: [],
    family: 'CO',
    shortDescription: 'Give service images a version tag, not latest or none',
    fullDescription:
      'An `image:` with no tag (`postgres`) or the `latest` tag moves with every release: two `docker compose pull`s a day apart can run different major versions, and nobody can tell from the file which one ran. Pin a version tag (`postgres:16.4`), or a digest. Services with `build:` are left alone (their `image` is the name the build is tagged with), and so are images whose tag comes from a variable with no value in `.env` (`app:${TAG}`). Defaults count: `${IMAGE:-redis}` is untagged unless `.env` sets IMAGE.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 4.0,
    precision: 'very-high',
    messages: {
      untagged: 'Service "{{service}}" runs image "{{image}}"{{via}} with no tag, which means `latest`; pin a version tag',
      latest: 'Service "{{service}}" runs image "{{image}}"{{via}}, whose `latest` tag moves with every release; pin a version tag',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const image = service.image;
      if (!image || service.build || image.variableTag || !image.ref || image.ref.digest) continue;
      const via = image.node.interpolation ? ` (from "${image.node.raw.trim()}")` : '';
      if (!image.ref.tag) ctx.report({ messageId: 'untagged', data: { image: image.text, via }, node: image.node, service });
      else if (image.ref.tag.toLowerCase() === 'latest') ctx.report({ messageId: 'latest', data: { image: image.text, via }, node: image.node, service });
    }
  },
});
