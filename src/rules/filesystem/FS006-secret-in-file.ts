import { hitDescriptor } from './support.js';
import { defineFilesystemRule } from './types.js';

export default defineFilesystemRule({
  meta: {
    id: 'FS006',
    name: 'secret-in-file',
    aliases: [],
    family: 'FS',
    shortDescription: 'A secret (token, API key, password in a URL...) inside a text file of the image',
    fullDescription:
      "Text files of the image are read while the layers stream (nothing is extracted) and given to the same secret detector the Dockerfile rules use: known token formats (AWS, GitHub, GitLab, npm, PyPI, Slack, Stripe, Google, OpenAI, Anthropic, Docker Hub, JWTs, passwords in URLs, Authorization headers...) anywhere, and in configuration files (`.properties`, `.ini`, `.conf`, `.toml`, `.yaml`) also values assigned to secret-like names. Files larger than `image.contentMaxBytes` (default 1 MiB), binary files, and the paths of packages, tests, examples and documentation (the built-in allow list in docs/security.md, plus `image.contentAllowPaths`) are not read. Private keys are FS003's and credential files FS004's. A file deleted in a later layer is still reported, with both layers. Values are never shown whole.",
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 8.5,
    precision: 'high',
    messages: {
      secret: '{{path}} holds {{secret}} on line {{line}}{{shipped}}',
      example: '{{path}} holds {{secret}} on line {{line}}{{shipped}}; it looks like a documentation example key, not a real one',
    },
    options: {
      reportExampleKeys: {
        type: 'boolean',
        default: true,
        description: "report documentation example keys such as AWS's AKIAIOSFODNN7EXAMPLE (with their own message); false ignores them",
      },
    },
  },
  readsContent: true,
  check(facts, ctx) {
    for (const f of facts.content) {
      for (const h of f.hits) {
        if (h.code !== 'secret') continue;
        if (h.data.example && !ctx.options.reportExampleKeys) continue;
        ctx.report(
          hitDescriptor(f, h, h.data.example ? 'example' : 'secret', {}, 'Remove the secret from the file (read it from the environment or a mounted secret at run time) and rotate it.'),
        );
      }
    }
  },
});
