import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { aptInstallPackages } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF007',
    name: 'apt-get-unpinned',
    aliases: ['DL3008'],
    family: 'DF',
    shortDescription: 'Pin versions in apt-get install',
    fullDescription:
      'Without `=version`, `apt-get install` takes whatever the archive holds on the day of the build, so two builds of the same Dockerfile can ship different packages and a rebuild can break. Pinning (`curl=8.5.0-2ubuntu10.6`) makes the build repeatable and the upgrade a visible change. Local `.deb` files, `pkg/release` selections, option values (`-t bookworm-backports`, `-o ...`) and words with no known value are left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      unpinned: 'Pin the version of "{{package}}"{{via}}: `apt-get install {{package}}=<version>` (see `apt-cache policy {{package}}`)',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      for (const p of aptInstallPackages(command)) {
        if (p.dynamic || p.local || p.version !== undefined || p.release !== undefined) continue;
        // apt's `pkg-` (remove) and `pkg+` suffixes are actions, not installs to pin.
        if (p.name.endsWith('-') || p.name.endsWith('+')) continue;
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
