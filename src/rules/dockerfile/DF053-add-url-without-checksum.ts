import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

/** BuildKit's git sources: `git@host:repo`, `git://`, `ssh://`, `*.git`, `*.git#ref`. */
const GIT_URL = /^(git@[^:]+:|git:\/\/|ssh:\/\/|git\+https?:\/\/)|^https?:\/\/[^#?]+\.git(\/)?([#?].*)?$/i;
const HTTP_URL = /^(https?|ftp):\/\//i;
const COMMIT = /#([0-9a-f]{40}|[0-9a-f]{64})(:.*)?$/i;

export default defineDockerfileRule({
  meta: {
    id: 'DF053',
    name: 'add-url-without-checksum',
    aliases: [],
    family: 'DF',
    shortDescription: 'ADD of a remote URL without --checksum (or a git source without a commit)',
    fullDescription:
      '`ADD https://…` downloads whatever the server returns at build time: a changed or compromised file goes into the image unnoticed, and the build is not reproducible. `ADD --checksum=sha256:<hash> <url>` makes BuildKit verify the download. A git source should name a commit (`#<sha>`) or carry `--checksum`, since branches and tags move.',
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain', 'reproducibility'],
    securitySeverity: 5.0,
    precision: 'very-high',
    messages: {
      noChecksum: '`ADD {{url}}` is not verified: add `--checksum=sha256:<hash>` (Dockerfile syntax 1.6+), or download and check it in a RUN',
      gitNoCommit: '`ADD {{url}}` follows a branch or tag, which can move: pin a commit (`{{pin}}#<commit sha>`) or add `--checksum=<commit sha>`',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'ADD' || !instr.copy || instr.copy.checksum) continue;
      for (const source of instr.copy.sources) {
        const url = source.value;
        const shown = url.length > 80 ? `${url.slice(0, 79)}…` : url;
        if (GIT_URL.test(url)) {
          if (COMMIT.test(url)) continue;
          ctx.report({ messageId: 'gitNoCommit', data: { url: shown, pin: url.replace(/#.*$/, '') }, range: source.range, fingerprintKey: url });
        } else if (HTTP_URL.test(url)) {
          ctx.report({ messageId: 'noChecksum', data: { url: shown }, range: source.range, fingerprintKey: url });
        }
      }
    }
  },
});
