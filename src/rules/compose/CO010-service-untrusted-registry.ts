import { registryMatches } from '../../util/image-ref.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO010',
    name: 'service-untrusted-registry',
    aliases: [],
    family: 'CO',
    shortDescription: 'Run images only from trusted registries',
    fullDescription:
      'When `trustedRegistries` is set in the configuration, every service `image:` must come from one of them (`*` wildcards allowed, e.g. `*.gcr.io`); a bare name such as `redis:7` comes from `docker.io`. An image from anywhere else bypasses the organisation\'s mirror, scanning and provenance checks. With no list configured the rule reports nothing; services with `build:` (whose `image` names the build\'s result) are left alone, as are images whose registry comes from a variable with no value.',
    defaultLevel: 'error',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      untrusted: 'Service "{{service}}" runs image "{{image}}" from registry "{{registry}}", which is not one of the trusted registries ({{trusted}})',
    },
  },
  check(compose, ctx) {
    const trusted = ctx.settings.trustedRegistries;
    if (trusted.length === 0) return;
    for (const service of compose.services) {
      const image = service.image;
      if (!image?.ref || service.build) continue;
      // With an unset variable in the registry part, the registry is not known.
      if (image.unresolved && registryPart(image.node.raw).includes('$')) continue;
      if (trusted.some((pattern) => registryMatches(image.ref!.registry, pattern))) continue;
      ctx.report({
        messageId: 'untrusted',
        data: { image: image.text, registry: image.ref.registry, trusted: trusted.join(', ') },
        node: image.node,
        service,
      });
    }
  },
});

/** The part of an image reference that can name a registry: before the first `/`, or the name when there is none. */
function registryPart(raw: string): string {
  const text = raw.trim();
  const slash = text.indexOf('/');
  return slash >= 0 ? text.slice(0, slash) : text.split(/[:@]/)[0];
}
