import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF080-run-shell-syntax.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF080 run-shell-syntax', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('an unclosed quote', lines('FROM debian:12', 'RUN echo "hello'), [{ messageId: 'syntax', line: 2, column: 10, message: 'reached EOF without closing quote' }]);
  t.catches('an if without fi, on a continuation line', lines('FROM debian:12', 'RUN set -e; \\', '    if [ -f x ]; then rm x;'), [{ line: 3, message: 'fi' }]);
  t.catches('in a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'for x in a b; do', '  echo $x', 'EOF'), [{ line: 3 }]);
  t.catches('in the script of sh -c', lines('FROM debian:12', 'RUN ["sh", "-c", "echo $(date"]'), [{ line: 2 }]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD RUN (cd x'), 1);
  t.leavesAlone('valid scripts, bash syntax included', lines('FROM debian:12', 'RUN set -eux; for f in a b; do echo "$f"; done', 'RUN [[ -n "${X:-}" ]] && arr=(a b) && echo "${arr[@]}"', 'RUN <<EOF', 'if true; then echo ok; fi', 'EOF'));
  t.leavesAlone('a heredoc that feeds a program', lines('FROM python:3.12', 'RUN python3 <<EOF', 'print("unbalanced (")', 'EOF'));
  t.leavesAlone('a PowerShell RUN', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN $x = @{ a = "b" }; Write-Host $x'));
  t.leavesAlone('a zsh SHELL, whose syntax bash cannot judge', lines('FROM debian:12', 'SHELL ["/usr/bin/zsh", "-c"]', 'RUN print -l ${(s:,:)LIST}'));
  t.leavesAlone('exec form without a shell', lines('FROM debian:12', 'RUN ["echo", "\\"unbalanced"]'));
});
