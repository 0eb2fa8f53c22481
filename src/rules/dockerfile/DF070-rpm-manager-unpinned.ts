import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { rpmCommand, rpmInstallPackages } from './packages-rpm.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF070',
    name: 'rpm-manager-unpinned',
    aliases: ['DL3033', 'DL3037', 'DL3041'],
    family: 'DF',
    shortDescription: 'yum, dnf, microdnf, tdnf or zypper installs a package without a version',
    fullDescription:
      'A package named without a version installs whatever the repository holds on the day of the build, so rebuilding the same Dockerfile gives a different image, and a bad update lands unseen. Pin it: `nginx-1.24.0` or `nginx-1.24.0-1.el9` for yum/dnf, `nginx=1.24.0` for zypper, `nodejs:18` for a dnf module.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      yum: 'Package "{{name}}" has no version; pin it as {{name}}-<version> (e.g. `{{program}} info {{name}}` shows it)',
      zypper: 'Package "{{name}}" has no version; pin it as {{name}}=<version>',
      module: 'Module "{{name}}" has no stream; pin it as {{name}}:<stream>',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      const rpm = rpmCommand(command);
      if (!rpm) continue;
      for (const pkg of rpmInstallPackages(rpm)) {
        if (pkg.local || pkg.dynamic || pkg.version !== undefined) continue;
        const messageId = rpm.sub?.startsWith('module') ? 'module' : rpm.manager === 'zypper' ? 'zypper' : 'yum';
        ctx.report({ messageId, data: { name: pkg.name, program: command.program }, range: pkg.word.range, fingerprintKey: pkg.name });
      }
    }
  },
});
