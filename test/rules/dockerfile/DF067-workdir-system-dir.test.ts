import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF067-workdir-system-dir.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF067 workdir-system-dir', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('WORKDIR /proc/self', lines('FROM alpine', 'WORKDIR /proc/self'), [{ messageId: 'system', line: 2, column: 9, endColumn: 19, message: 'inside /proc' }]);
  t.catches('WORKDIR /sys, /dev/shm, /boot', lines('FROM alpine', 'WORKDIR /sys', 'WORKDIR /dev/shm/app', 'WORKDIR /boot'), [{ line: 2 }, { line: 3 }, { line: 4 }]);
  t.catches('through a variable and ..', lines('FROM alpine', 'ARG D=/opt/../proc', 'WORKDIR $D'), [{ line: 3, message: '`WORKDIR /proc`' }]);
  t.catches('ONBUILD WORKDIR', lines('FROM alpine', 'ONBUILD WORKDIR /sys/x'), [{ line: 2, column: 17 }]);
  t.leavesAlone('application directories', lines('FROM alpine', 'WORKDIR /app', 'WORKDIR /srv/devices', 'WORKDIR /opt/proc', 'WORKDIR /devel', 'WORKDIR /bootstrap'));
  t.leavesAlone('relative and unresolved', lines('FROM alpine', 'WORKDIR proc', 'WORKDIR $HOME'));
});
