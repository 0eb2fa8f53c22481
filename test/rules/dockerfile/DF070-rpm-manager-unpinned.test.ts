import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF070-rpm-manager-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const rh = (...ls: string[]) => lines('FROM registry.access.redhat.com/ubi9/ubi:9.4', ...ls);

describe('DF070 rpm-manager-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('yum install name', rh('RUN yum install -y httpd'), [{ messageId: 'yum', line: 2, column: 20, endColumn: 25, message: 'httpd-<version>' }]);
  t.catches('names with dashes are names (hadolint takes any dash for a version)', rh('RUN dnf install -y python3-devel java-11-openjdk gcc-c++ glibc.i686'), [
    { line: 2, message: '"python3-devel"' },
    { line: 2, message: '"java-11-openjdk"' },
    { line: 2, message: '"gcc-c++"' },
    { line: 2, message: '"glibc.i686"' },
  ]);
  t.catches('one per package, only the unpinned', rh('RUN microdnf install -y jq-1.6 curl'), [{ line: 2, column: 32, message: '"curl"' }]);
  t.catches('zypper', lines('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'), [{ messageId: 'zypper', line: 2, message: 'curl=<version>' }]);
  t.catches('a dnf module without a stream', rh('RUN dnf module install -y nodejs'), [{ messageId: 'module', line: 2, message: 'nodejs:<stream>' }]);
  t.catches('a package from a known variable', rh('ARG PKGS="httpd mod_ssl"', 'RUN yum install -y $PKGS'), 2);
  t.catches('flags with values before the packages', rh('RUN dnf install -y --enablerepo epel --setopt=install_weak_deps=False htop'), [{ line: 2, message: '"htop"' }]);
  t.catches('in ONBUILD', rh('ONBUILD RUN yum install -y httpd'), 1);
  t.leavesAlone('name-version, name-version-release, with epoch and arch', rh('RUN yum install -y httpd-2.4.57 nginx-1:1.20.1-14.el9 jq-1.6-15.el9.x86_64 openssl-libs-3.0.7'));
  t.leavesAlone('a comparison', rh('RUN dnf install -y "nginx >= 1.20"'));
  t.leavesAlone('zypper name=version and name>=version', lines('FROM opensuse/leap:15.6', "RUN zypper -n install curl=8.0.1 'git>=2.40'"));
  t.leavesAlone('rpm files, URLs, paths, groups, capabilities', rh('RUN yum install -y ./x.rpm https://example.com/y.rpm /usr/bin/python3 @development "perl(JSON::PP)" "dnf-command(config-manager)"'));
  t.leavesAlone('groups and patterns', lines('FROM opensuse/leap:15.6', 'RUN yum groupinstall -y "Development Tools" && zypper -n install -t pattern devel_basis'));
  t.leavesAlone('a dnf module with a stream', rh('RUN dnf module install -y nodejs:18/minimal'));
  t.leavesAlone('upgrading everything, and other subcommands', rh('RUN yum -y update && dnf clean all && dnf remove -y x && yum info httpd'));
  t.leavesAlone('an unknown variable', rh('ARG PKG', 'RUN yum install -y $PKG'));
});
