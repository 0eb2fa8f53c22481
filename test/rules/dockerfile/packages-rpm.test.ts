import { describe, expect, it } from 'vitest';
import { parseShellScript } from '../../../src/dockerfile/shell.js';
import { assumesYes, rpmCommand, rpmInstallPackages, yumPackage } from '../../../src/rules/dockerfile/packages-rpm.js';

const word = (value: string) => ({ value, literal: true, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
const cmd = (script: string) => rpmCommand(parseShellScript(script, { start: { line: 1, column: 1 } }).commands[0])!;

describe('packages-rpm', () => {
  it('splits name, version and release as rpm does', () => {
    expect(yumPackage(word('nginx-1.20.1'))).toMatchObject({ name: 'nginx', version: '1.20.1' });
    expect(yumPackage(word('nginx-1:1.20.1-14.el9'))).toMatchObject({ name: 'nginx', version: '1:1.20.1-14.el9' });
    expect(yumPackage(word('java-11-openjdk-11.0.20-1.el9'))).toMatchObject({ name: 'java-11-openjdk', version: '11.0.20-1.el9' });
    expect(yumPackage(word('java-11-openjdk')).version).toBeUndefined();
    expect(yumPackage(word('python3-devel')).version).toBeUndefined();
  });

  it('finds the subcommand past global options with values', () => {
    expect(cmd('dnf --enablerepo epel -y --setopt=x=1 install a b').sub).toBe('install');
    expect(cmd('zypper --root /r -n in a').sub).toBe('in');
    expect(cmd('dnf module install nodejs:18').sub).toBe('module install');
    expect(rpmInstallPackages(cmd('yum install -x skip -y a')).map((p) => p.name)).toEqual(['a']);
  });

  it('tells zypper global -n from install -n', () => {
    expect(assumesYes(cmd('zypper -n install a'))).toBe(true);
    expect(assumesYes(cmd('zypper install -n a'))).toBe(false);
    expect(assumesYes(cmd('zypper install -y a'))).toBe(true);
  });
});
