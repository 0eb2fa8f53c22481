import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF021-cmd-not-exec-form.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF021 cmd-not-exec-form', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('CMD in shell form', lines('FROM node:20', 'CMD node server.js'), [{ messageId: 'cmd', line: 2, column: 5, endColumn: 19, message: 'CMD ["node", "server.js"]' }]);
  t.catches('ENTRYPOINT in shell form', lines('FROM node:20', 'ENTRYPOINT node server.js'), [{ messageId: 'entrypoint', line: 2, column: 12 }]);
  t.catches('shell features: a script is the fix', lines('FROM node:20', 'CMD npm run migrate && node server.js'), [{ messageId: 'script', line: 2 }]);
  t.catches('CMD in shell form after an exec-form ENTRYPOINT', lines('FROM node:20', 'ENTRYPOINT ["node"]', 'CMD server.js --port 80'), [{ messageId: 'cmdAfterEntrypoint', line: 3 }]);
  t.leavesAlone('single quotes (not JSON): DF079 json-form-invalid reports it', lines('FROM node:20', "CMD ['node', 'server.js']"));
  t.catches('a simple HEALTHCHECK CMD in shell form', lines('FROM node:20', 'CMD ["node", "s.js"]', 'HEALTHCHECK --interval=30s CMD /healthcheck'), [
    { messageId: 'healthcheck', line: 3, column: 32, message: 'HEALTHCHECK CMD ["/healthcheck"]' },
  ]);
  t.catches('a scratch image has no shell', lines('FROM golang:1.22 AS build', 'FROM scratch', 'COPY --from=build /app /app', 'CMD /app --serve'), [{ messageId: 'noShell', line: 4 }]);
  t.catches('a distroless image has no shell', lines('FROM gcr.io/distroless/static-debian12:nonroot', 'ENTRYPOINT exec /app'), [{ messageId: 'noShell', line: 2 }]);
  t.catches('CMD inherited from the stage the final image is built FROM', lines('FROM node:20 AS base', 'CMD node server.js', 'FROM base', 'RUN true'), [{ line: 2 }]);
  t.catches('both ENTRYPOINT and CMD', lines('FROM node:20', 'ENTRYPOINT /entry.sh', 'CMD node s.js'), 2);

  t.leavesAlone('the exec form', lines('FROM node:20', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["node", "server.js"]'));
  t.leavesAlone('a build stage CMD', lines('FROM node:20 AS build', 'CMD node build.js', 'FROM node:20', 'CMD ["node", "server.js"]'));
  t.leavesAlone('a shell-form CMD overridden later', lines('FROM node:20', 'CMD node a.js', 'CMD ["node", "b.js"]'));
  t.leavesAlone('a parent CMD dropped by a new ENTRYPOINT', lines('FROM node:20 AS base', 'CMD node a.js', 'FROM base', 'ENTRYPOINT ["node", "b.js"]'));
  t.leavesAlone('exec as the first word', lines('FROM node:20', 'CMD exec node server.js'));
  t.leavesAlone('a HEALTHCHECK that needs the shell (docs example)', lines('FROM nginx:1.27', 'HEALTHCHECK --interval=5m CMD curl -f http://localhost/ || exit 1'));
  t.leavesAlone('HEALTHCHECK NONE', lines('FROM nginx:1.27', 'HEALTHCHECK NONE'));
  t.leavesAlone('a PowerShell image', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'CMD Start-Service w3svc; ping -t localhost'));
  t.leavesAlone('ONBUILD CMD (for child images)', lines('FROM node:20', 'CMD ["node", "s.js"]', 'ONBUILD CMD node x.js'));
});
