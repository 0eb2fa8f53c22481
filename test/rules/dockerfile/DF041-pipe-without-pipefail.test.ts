import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF041-pipe-without-pipefail.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF041 pipe-without-pipefail', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a pipe under /bin/sh', lines('FROM debian:12', 'RUN wget -O - https://some.site | wc -l > /number'), [
    { messageId: 'noPipefail', line: 2, column: 5 },
  ]);
  t.catches('a pipe on a continuation line', lines('FROM debian:12', 'RUN apt-get update \\', '  && curl -fsSL https://x | tar -xz'), [
    { line: 3, column: 6 },
  ]);
  t.catches('a pipe in a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'curl -fsSL https://x | tar -xz', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('a pipe before set -o pipefail', lines('FROM debian:12', 'RUN curl x | sh && set -o pipefail'), 1);
  t.catches('SHELL without pipefail', lines('FROM debian:12', 'SHELL ["/bin/bash", "-c"]', 'RUN curl x | tar -x'), 1);
  t.leavesAlone('no pipe', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl'));
  t.leavesAlone('|| is not a pipe', lines('FROM debian:12', 'RUN test -f x || touch x'));
  t.leavesAlone('SHELL with pipefail', lines('FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN wget -O - https://x | wc -l'));
  t.leavesAlone('set -o pipefail first', lines('FROM debian:12', 'RUN set -o pipefail && wget -O - https://x | wc -l'));
  t.leavesAlone('set -eux -o pipefail first', lines('FROM debian:12', 'RUN set -eux -o pipefail; wget -O - https://x | wc -l'));
  t.leavesAlone('set -euxo pipefail first', lines('FROM debian:12', 'RUN set -euxo pipefail; wget -O - https://x | wc -l'));
  t.leavesAlone('a pipe inside a quoted argument', lines('FROM debian:12', 'RUN echo "a | b"'));
  t.leavesAlone('the exec form', lines('FROM debian:12', 'RUN ["sh", "-c", "echo a | b"]'));
  t.leavesAlone('a PowerShell SHELL', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-Item x | Remove-Item'));
});
