import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF027-env-self-reference.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF027 env-self-reference', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('$A of a sibling', lines('FROM debian:12', 'ENV A=1 B=$A'), [
    { messageId: 'sibling', line: 2, column: 11, endColumn: 13, message: '"$A" in the value of B' },
  ]);
  t.catches('${A} inside double quotes, and a reference before the definition', lines('FROM debian:12', 'ENV B="${A}/bin" A=/opt'), [{ line: 2, column: 8, endColumn: 12 }]);
  t.catches('${A:-default}', lines('FROM debian:12', 'ENV A=1 B=${A:-2}'), [{ line: 2, column: 11, endColumn: 18 }]);
  t.catches('on a continuation line', lines('FROM debian:12', 'ENV GOPATH=/go \\', '    PATH=$GOPATH/bin:$PATH'), [{ line: 3, column: 10, endColumn: 17, message: 'GOPATH' }]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD ENV A=1 B=$A'), [{ line: 2, column: 19 }]);
  t.catches('a stage does not see the ENV of an unrelated stage', lines('FROM debian:12 AS a', 'ENV A=0', 'FROM debian:12', 'ENV A=1 B=$A'), [{ line: 4 }]);
  t.catches('the same variable set twice, the second from the first (hadolint)', lines('FROM debian:12', 'ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}'), [{ line: 2, column: 35, endColumn: 42 }]);
  t.catches('a sibling that is also a partial match (hadolint)', lines('FROM debian:12', 'ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"'), 1);
  t.leavesAlone('partial matches (hadolint)', lines('FROM debian:12', 'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb" C="$BLAFOO/x" D="BLA/$BLAFOO/BLA"'));
  t.leavesAlone('its own earlier value', lines('FROM debian:12', 'ENV PATH=/opt/bin:$PATH A=1'));
  t.leavesAlone('separate ENV instructions', lines('FROM debian:12', 'ENV A=1', 'ENV B=$A'));
  t.leavesAlone('a variable set before (hadolint agrees)', lines('FROM debian:12', 'ARG A=0', 'ENV A=1 B=$A'));
  t.leavesAlone('inherited from the stage it is built FROM', lines('FROM debian:12 AS base', 'ENV A=0', 'FROM base', 'ENV A=1 B=$A'));
  t.leavesAlone('a longer name that starts with the sibling', lines('FROM debian:12', 'ENV A=1 B=$AB'));
  t.leavesAlone('single quotes and an escaped dollar', lines('FROM debian:12', "ENV A=1 B='$A' C=\\$A"));
  t.leavesAlone('the legacy one-variable form', lines('FROM debian:12', 'ENV A $A:1'));
});
