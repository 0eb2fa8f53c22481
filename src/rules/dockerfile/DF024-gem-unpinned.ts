import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { gemInstallPackages } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF024',
    name: 'gem-unpinned',
    aliases: ['DL3028'],
    family: 'DF',
    shortDescription: 'Pin versions in gem install',
    fullDescription:
      '`gem install rails` installs the newest release on the day of the build, so two builds can ship different code and a new major version can break the image. Pin with `gem install rails:7.1.3` or `gem install rails -v 7.1.3`, or install from a Gemfile.lock with Bundler. Local `.gem` files and words with no known value are left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'very-high',
    messages: {
      unpinned: 'Pin the version of "{{package}}"{{via}}: `gem install {{package}}:<version>` (or `-v <version>`)',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      for (const p of gemInstallPackages(command)) {
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
