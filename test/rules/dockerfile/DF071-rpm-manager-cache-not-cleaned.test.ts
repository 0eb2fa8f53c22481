import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF071-rpm-manager-cache-not-cleaned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const rh = (...ls: string[]) => lines('FROM registry.access.redhat.com/ubi9/ubi:9.4', ...ls);

describe('DF071 rpm-manager-cache-not-cleaned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('yum install', rh('RUN yum install -y httpd-2.4.57'), [{ messageId: 'notCleaned', line: 2, column: 5, endColumn: 16, message: 'yum clean all' }]);
  t.catches('dnf, with the right advice', rh('RUN dnf install -y x'), [{ line: 2, message: '`dnf clean all`' }]);
  t.catches('microdnf, zypper', lines('FROM opensuse/leap:15.6', 'RUN zypper -n install curl'), [{ line: 2, message: 'zypper clean --all' }]);
  t.catches('clean before the install', rh('RUN yum clean all && yum install -y httpd'), 1);
  t.catches('clean in the next RUN is too late', rh('RUN dnf install -y x', 'RUN dnf clean all'), [{ line: 2 }]);
  t.catches('rm of the yum cache after dnf (dnf keeps it in /var/cache/dnf)', rh('RUN dnf install -y x && rm -rf /var/cache/yum'), 1);
  t.catches('yum update', rh('RUN yum -y update'), 1);
  t.catches('in ONBUILD', rh('ONBUILD RUN yum install -y x'), 1);
  t.catches('the final stage built FROM a stage', lines('FROM fedora:40 AS base', 'RUN dnf install -y x', 'FROM base'), [{ line: 2 }]);
  t.leavesAlone('clean all after (hadolint)', rh('RUN yum install -y httpd && yum clean all', 'RUN dnf install -y x && dnf clean all', 'RUN microdnf install -y x && microdnf clean all'));
  t.leavesAlone('yum clean all after dnf (same tool on RHEL 8+)', rh('RUN dnf install -y x && yum clean all'));
  t.leavesAlone('zypper clean / zypper cc', lines('FROM opensuse/leap:15.6', 'RUN zypper -n in curl && zypper clean', 'RUN zypper -n in git && zypper cc -a'));
  t.leavesAlone('rm -rf of the cache', rh('RUN yum install -y x && rm -rf /var/cache/yum/*', 'RUN dnf install -y y && rm -rf /var/cache/dnf'));
  t.leavesAlone('a cache mount', rh('RUN --mount=type=cache,target=/var/cache/dnf dnf install -y x', 'RUN --mount=type=cache,target=/var/cache yum install -y y'));
  t.leavesAlone('a build stage that does not ship', lines('FROM fedora:40 AS build', 'RUN dnf install -y gcc && make', 'FROM scratch', 'COPY --from=build /out/app /app'));
  t.leavesAlone('no install', rh('RUN yum makecache && dnf remove -y x && dnf repolist'));
});
