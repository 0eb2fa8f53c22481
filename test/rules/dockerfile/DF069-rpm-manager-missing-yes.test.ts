import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF069-rpm-manager-missing-yes.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const rh = (...ls: string[]) => lines('FROM registry.access.redhat.com/ubi9/ubi:9.4', ...ls);

describe('DF069 rpm-manager-missing-yes', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('yum install', rh('RUN yum install httpd'), [{ messageId: 'yum', line: 2, column: 5, endColumn: 16, message: 'add -y' }]);
  t.catches('dnf, microdnf, tdnf', rh('RUN dnf install httpd && microdnf install jq && tdnf install vim'), 3);
  t.catches('groupinstall, group install, remove, update', rh('RUN yum groupinstall "Development Tools" && dnf group install x && dnf remove x && yum update'), 4);
  t.catches('zypper install', lines('FROM opensuse/leap:15.6', 'RUN zypper install curl'), [{ messageId: 'zypper', line: 2, column: 5, endColumn: 19 }]);
  t.catches('zypper -n after the subcommand is --name, not non-interactive', lines('FROM opensuse/leap:15.6', 'RUN zypper install -n curl'), 1);
  t.catches('in ONBUILD', rh('ONBUILD RUN dnf install x'), [{ line: 2, column: 13 }]);
  t.leavesAlone('-y, --assumeyes, bundled -qy, before the subcommand', rh('RUN yum install -y httpd && dnf --assumeyes install x && dnf -qy install y && yum -y update'));
  t.leavesAlone('--setopt=assumeyes=1', rh('RUN dnf --setopt=assumeyes=1 install x'));
  t.leavesAlone('zypper -n / --non-interactive before the subcommand, -y / --no-confirm after', lines('FROM opensuse/leap:15.6', 'RUN zypper -n in curl && zypper --non-interactive install a && zypper in -y b && zypper install --no-confirm c'));
  t.leavesAlone('commands that do not prompt', rh('RUN yum makecache && dnf clean all && zypper refresh && dnf repolist && yum info x'));
  t.leavesAlone('yes piped in', rh('RUN yes | yum install httpd'));
});
