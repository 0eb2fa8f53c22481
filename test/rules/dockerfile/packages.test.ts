import { describe, expect, it } from 'vitest';
import { parseShellScript } from '../../../src/dockerfile/shell.js';
import {
  apkAddPackages,
  aptInstallPackages,
  aptSubcommand,
  gemInstallPackages,
  nodeInstallPackages,
  pipInstallPackages,
  pipSubcommand,
  removesPath,
  type PackageSpec,
} from '../../../src/rules/dockerfile/packages.js';

const command = (script: string, vars: Record<string, string> = {}) =>
  parseShellScript(script, { start: { line: 1, column: 1 }, vars: new Map(Object.entries(vars)) }).commands[0];
const brief = (ps: PackageSpec[]) =>
  ps.map((p) => [p.name, p.version ?? p.release ?? (p.local ? 'local' : p.dynamic ? 'dynamic' : '')].join(p.version ? '=' : p.release ? '/' : p.local || p.dynamic ? ' ' : ''));

describe('package-manager command lines', () => {
  it('apt-get: subcommand after options with values, and package words', () => {
    const c = command('apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports install -y --no-install-recommends curl=8.1 golang/bookworm-backports libc6:i386 ./x.deb $X');
    expect(aptSubcommand(c)).toBe('install');
    expect(brief(aptInstallPackages(c))).toEqual(['curl=8.1', 'golang/bookworm-backports', 'libc6', './x.deb local', '$X dynamic']);
    expect(aptInstallPackages(command('apt-get install -s curl'))).toEqual([]);
    expect(aptInstallPackages(command('apt-get update'))).toEqual([]);
    // Template syntax is not a package name.
    expect(brief(aptInstallPackages(command("apt-get install -y '{{' Curl")))).toEqual(['{{ dynamic', 'Curl dynamic']);
  });

  it('apk: options with values and constraints', () => {
    const c = command('apk --no-cache add -X https://r.example/edge --virtual .deps curl=8.1-r0 bash~5.2 "git>=2" gosu@testing x.apk');
    expect(brief(apkAddPackages(c))).toEqual(['curl==8.1-r0', 'bash=~5.2', 'git=>=2', 'gosu/testing', 'x.apk local']);
  });

  it('pip: pip, python -m pip and uv pip', () => {
    expect(pipSubcommand(command('python3 -m pip install x'))).toBe('install');
    expect(pipSubcommand(command('uv pip install x'))).toBe('install');
    expect(pipSubcommand(command('python -c "import pip"'))).toBeUndefined();
    const c = command('pip install -i https://i.example -r req.txt "flask[async]==3.0" django ./lib "x @ https://x/x.whl" git+https://g/r.git');
    expect(brief(pipInstallPackages(c))).toEqual(['flask===3.0', 'django', './lib local', 'x @ https://x/x.whl local', 'git+https://g/r.git local']);
  });

  it('npm, yarn and pnpm', () => {
    expect(brief(nodeInstallPackages(command('npm i -g --loglevel warn @scope/a@1.2 b c@latest ./d user/repo#abc')))).toEqual([
      '@scope/a=1.2', 'b', 'c/latest', './d local', 'user/repo=abc',
    ]);
    expect(brief(nodeInstallPackages(command('yarn global add serve')))).toEqual(['serve']);
    expect(nodeInstallPackages(command('npm ci'))).toEqual([]);
    expect(nodeInstallPackages(command('npm install'))).toEqual([]);
  });

  it('gem: -v pins all, -- ends the gems', () => {
    expect(brief(gemInstallPackages(command('gem install rails:7.1 rake -- --with-x')))).toEqual(['rails=7.1', 'rake']);
    expect(brief(gemInstallPackages(command('gem install bundler -v 2.5.6')))).toEqual(['bundler=2.5.6']);
  });

  it('removesPath: a directory or one above it, with or without /*', () => {
    expect(removesPath(command('rm -rf /var/lib/apt/lists/*'), '/var/lib/apt/lists')).toBe(true);
    expect(removesPath(command('rm -r /var/lib/apt'), '/var/lib/apt/lists')).toBe(true);
    expect(removesPath(command('rm -rf /var/lib/apt/lists/partial'), '/var/lib/apt/lists')).toBe(false);
    expect(removesPath(command('echo /var/lib/apt/lists'), '/var/lib/apt/lists')).toBe(false);
  });
});
