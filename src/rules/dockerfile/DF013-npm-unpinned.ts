import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { nodeInstallPackages } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF013',
    name: 'npm-unpinned',
    aliases: ['DL3016'],
    family: 'DF',
    shortDescription: 'Pin versions in npm install',
    fullDescription:
      '`npm install -g typescript` (or `yarn add`, `pnpm add`, `bun add`) takes the newest release on the day of the build, so two builds can ship different code and a new major version can break the image. Give a version (`typescript@5.6.3`), or install the project\'s locked dependencies with `npm ci`. `npm install` with no packages, local paths, tarballs and git URLs pinned with `#commit` are left alone; `@latest` and `@*` count as unpinned.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      unpinned: 'Pin the version of "{{package}}"{{via}}: `{{program}} {{package}}@<version>`',
      moving: '"{{package}}@{{tag}}" follows a moving tag; pin a version: `{{program}} {{package}}@<version>`',
      git: 'Pin "{{package}}" to a commit or tag: `{{package}}#<commit>`',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      const packages = nodeInstallPackages(command);
      if (packages.length === 0) continue;
      const program = `${command.program} ${command.program === 'npm' ? 'install' : 'add'}`;
      for (const p of packages) {
        if (p.dynamic || p.local || p.version !== undefined) continue;
        const via = p.word.fromVariable ? ` (from $${p.word.fromVariable})` : '';
        const isGit = p.name.includes('/') && !p.name.startsWith('@');
        const messageId = p.release !== undefined ? 'moving' : isGit ? 'git' : 'unpinned';
        ctx.report({ messageId, data: { package: p.name, tag: p.release ?? '', program, via }, range: p.word.range, fingerprintKey: p.name });
      }
    }
  },
});
