import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { apkAddPackages } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF014',
    name: 'apk-unpinned',
    aliases: ['DL3018'],
    family: 'DF',
    shortDescription: 'Pin versions in apk add',
    fullDescription:
      '`apk add curl` installs whatever the Alpine repositories hold on the day of the build, so two builds of the same Dockerfile can ship different packages. Pin with `curl=8.9.1-r0`, or at least `curl~8.9` to stay on one release line. Option values (`-X`/`--repository URL`, `-t`/`--virtual NAME`), `.apk` files and words with no known value are left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      unpinned: 'Pin the version of "{{package}}"{{via}}: `apk add {{package}}=<version>` (or `{{package}}~<major.minor>`)',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      for (const p of apkAddPackages(command)) {
        if (p.dynamic || p.local || p.version !== undefined) continue;
        ctx.report({
          messageId: 'unpinned',
          data: { package: p.name, via: p.word.fromVariable ? ` (from $${p.word.fromVariable})` : '' },
          range: p.word.range,
          fingerprintKey: p.name,
        });
      }
    }
  },
});
