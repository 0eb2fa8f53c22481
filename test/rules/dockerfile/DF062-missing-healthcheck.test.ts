import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF062-missing-healthcheck.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF062 missing-healthcheck', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('no HEALTHCHECK', lines('FROM nginx:1.27', 'COPY site /usr/share/nginx/html'), [{ messageId: 'missing', line: 1, column: 6, endColumn: 16 }]);
  t.catches('a HEALTHCHECK only in a build stage', lines('FROM node:20 AS build', 'HEALTHCHECK CMD true', 'FROM nginx', 'COPY --from=build /a /b'), [{ line: 3 }]);
  t.leavesAlone('a HEALTHCHECK in the final stage', lines('FROM nginx:1.27', 'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1'));
  t.leavesAlone('HEALTHCHECK NONE (an explicit opt-out)', lines('FROM nginx:1.27', 'HEALTHCHECK NONE'));
  t.leavesAlone('a HEALTHCHECK in the stage the final one is built from', lines('FROM nginx AS base', 'HEALTHCHECK CMD true', 'FROM base', 'RUN true'));
  t.leavesAlone('an ONBUILD HEALTHCHECK', lines('FROM nginx', 'ONBUILD HEALTHCHECK CMD true'));
});
