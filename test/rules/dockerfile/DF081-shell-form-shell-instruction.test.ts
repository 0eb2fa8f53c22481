import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF081-shell-form-shell-instruction.js';
import { dockerfileRuleTester, lines, runRule } from '../harness.js';

describe('DF081 shell-form-shell-instruction', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('SHELL in shell form', lines('FROM debian:12', 'SHELL /bin/bash -o pipefail -c'), [
    { messageId: 'notJson', line: 2, column: 7, endColumn: 31, message: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]' },
  ]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD SHELL bash -c'), [{ line: 2, column: 15 }]);
  t.leavesAlone('SHELL in JSON form', lines('FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]'));
  t.leavesAlone('broken JSON (DF079 reports it)', lines('FROM debian:12', "SHELL ['/bin/bash', '-c']"));
  t.leavesAlone('a PowerShell SHELL', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]'));
  it('offers the JSON form as a fix', () => {
    expect(runRule(rule, lines('FROM debian:12', 'SHELL bash -c'))[0].fix).toBe('SHELL ["bash", "-c"]');
  });
});
