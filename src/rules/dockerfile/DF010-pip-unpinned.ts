import type { Command, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { pipArgs, pipInstallPackages, wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF010',
    name: 'pip-unpinned',
    aliases: ['DL3013'],
    family: 'DF',
    shortDescription: 'Pin versions in pip install',
    fullDescription:
      '`pip install flask` installs the newest release on the day of the build, and the newest releases of everything it depends on: builds are not repeatable and a new major version can break the image. Give a version specifier (`flask==3.0.3`; any of `== >= <= ~= != > < ===` counts, as in hadolint) or install from a requirements or constraints file. Local paths, archives, VCS and URL references, `-e`, `-r` and `-c` files are left alone.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      unpinned: 'Pin the version of "{{package}}"{{via}}: `pip install {{package}}==<version>`, or list it in a requirements file installed with `-r`',
    },
  },
  check(df, ctx) {
    for (const { instr, command } of runCommands(df)) {
      const packages = pipInstallPackages(command);
      if (packages.length === 0 || constrained(command, instr)) continue;
      for (const p of packages) {
        if (p.dynamic || p.local || p.version !== undefined || p.name === '') continue;
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

/** A constraints file (`-c`, `PIP_CONSTRAINT`) pins whatever the command line leaves open. */
function constrained(command: Command, instr: Instruction): boolean {
  if (wordsHaveFlag(pipArgs(command) ?? [], '-c', '--constraint')) return true;
  if (command.assignments.some((a) => a.name === 'PIP_CONSTRAINT' && a.value !== '')) return true;
  const env = instr.vars.get('PIP_CONSTRAINT');
  return env !== undefined && env !== '';
}
