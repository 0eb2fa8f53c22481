import { describe } from 'vitest';
// The registry first: it tells the rule which keys name rules (see src/rules/rule-keys.ts).
import '../../../src/rules/registry.js';
import rule from '../../../src/rules/dockerfile/DF049-unknown-suppression.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF049 unknown-suppression', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('an unknown id in a plimsoll pragma', lines('FROM debian:12', '# plimsoll ignore=DF999 -- typo', 'RUN true'), [
    { messageId: 'unknownRule', line: 2, column: 19, endColumn: 24, message: '"DF999"' },
  ]);
  t.catches('only the unknown one of two keys', lines('FROM debian:12', '# plimsoll ignore=DF001, workdir-relativ', 'WORKDIR app'), [
    { messageId: 'unknownRule', line: 2, column: 26 },
  ]);
  t.catches('an unknown DL code in a hadolint pragma', lines('FROM debian:12', '# hadolint ignore=DL9999', 'RUN true'), [
    { messageId: 'unknownRule', line: 2, column: 19 },
  ]);
  t.catches('a global pragma with an unknown key', lines('# plimsoll global ignore=nope', 'FROM debian:12'), [{ messageId: 'unknownRule', line: 1 }]);
  t.catches('a ShellCheck code in a plimsoll pragma', lines('FROM debian:12', '# plimsoll ignore=SC2086', 'RUN echo $x'), [
    { messageId: 'shellcheck', line: 2, column: 19 },
  ]);
  t.catches('a near miss: no = sign', lines('FROM debian:12', '# plimsoll ignore DF001', 'WORKDIR app'), [{ messageId: 'malformed', line: 2 }]);
  t.catches('a near miss: plimsoll-disable', lines('FROM debian:12', '# plimsoll: disable=DF001', 'WORKDIR app'), [{ messageId: 'malformed', line: 2 }]);
  t.catches('a stage pragma that is not before a FROM', lines('FROM debian:12', '# plimsoll stage ignore=DF001', 'WORKDIR app'), [
    { messageId: 'stageMisplaced', line: 2, message: 'WORKDIR' },
  ]);
  t.leavesAlone('known ids, names and aliases', lines('FROM debian:12', '# plimsoll ignore=DF001,workdir-relative,DL3000 -- ok', 'WORKDIR app'));
  t.leavesAlone('keys in any case', lines('FROM debian:12', '# plimsoll ignore=df001, WORKDIR-RELATIVE', 'WORKDIR app'));
  t.leavesAlone('ShellCheck codes in a hadolint pragma (hadolint runs ShellCheck)', lines('FROM debian:12', '# hadolint ignore=SC2086,DL3000', 'RUN echo $x'));
  t.leavesAlone('a stage pragma before FROM', lines('FROM debian:12 AS a', '# plimsoll stage ignore=DF001', 'FROM debian:12', 'WORKDIR app'));
  t.leavesAlone('ordinary comments that mention plimsoll', lines('# plimsoll lints this file', 'FROM debian:12', '# hadolint shell=powershell'));
  t.leavesAlone('the justification may name anything', lines('FROM debian:12', '# plimsoll ignore=DF001 -- see DF999 and NOPE', 'WORKDIR app'));
});
