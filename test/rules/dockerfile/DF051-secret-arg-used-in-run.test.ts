import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF051-secret-arg-used-in-run.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF051 secret-arg-used-in-run', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('an npm token written to .npmrc', lines('FROM node:20', 'ARG NPM_TOKEN', 'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci'), [
    { messageId: 'used', line: 3, column: 44, endColumn: 56, message: 'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN' },
  ]);
  t.catches('a bare $VAR argument', lines('FROM alpine', 'ARG GITHUB_TOKEN', 'RUN git clone https://x:$GITHUB_TOKEN@github.com/acme/app'), [{ line: 3, column: 25, endColumn: 38 }]);
  t.catches('a prefix assignment', lines('FROM golang:1.22', 'ARG GH_PAT', 'RUN GOPRIVATE=github.com/acme GITHUB_TOKEN=$GH_PAT go mod download'), [{ line: 3, column: 44 }]);
  t.catches('an ARG with a default, expanded by the model', lines('FROM alpine', 'ARG API_KEY=abc', 'RUN ./configure $API_KEY'), [{ line: 3, column: 17 }]);
  t.catches('on a continuation line', lines('FROM alpine', 'ARG DB_PASSWORD', 'RUN set -e; \\', '    mysql -uroot -p"$DB_PASSWORD" < schema.sql'), [{ line: 4, column: 21 }]);
  t.catches('inside a heredoc script', lines('FROM alpine', 'ARG TOKEN', 'RUN <<EOF', 'curl -H "Authorization: Bearer $TOKEN" https://api.acme.io', 'EOF'), [{ line: 4, column: 32 }]);
  t.catches('inside sh -c', lines('FROM alpine', 'ARG TOKEN', `RUN sh -c 'curl -u ci:$TOKEN https://x'`), [{ line: 3, column: 23 }]);
  t.catches('once per RUN and argument, in every RUN', lines('FROM alpine', 'ARG TOKEN', 'RUN a $TOKEN && b $TOKEN', 'RUN c ${TOKEN}'), [{ line: 3, column: 7 }, { line: 4, column: 7 }]);
  t.catches('a build stage too (its history is in the build cache and provenance)', lines('FROM node:20 AS build', 'ARG NPM_TOKEN', 'RUN npm ci --//registry.npmjs.org/:_authToken=$NPM_TOKEN', 'FROM nginx', 'COPY --from=build /app /srv'), 1);
  t.catches('a global ARG redeclared in the stage', lines('ARG NPM_TOKEN', 'FROM node:20', 'ARG NPM_TOKEN', 'RUN npm ci --token=$NPM_TOKEN'), [{ line: 4, column: 20 }]);
  t.leavesAlone('a secret mount with env= of the same name', lines('FROM node:20', 'ARG NPM_TOKEN', 'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci --token=$NPM_TOKEN'));
  t.leavesAlone('the ARG used before it is declared', lines('FROM alpine', 'RUN echo $TOKEN', 'ARG TOKEN'));
  t.leavesAlone('a global ARG not redeclared in the stage (not visible to RUN)', lines('ARG TOKEN', 'FROM alpine', 'RUN echo $TOKEN'));
  t.leavesAlone('an ARG of another stage', lines('FROM alpine AS a', 'ARG TOKEN', 'FROM alpine', 'RUN echo $TOKEN'));
  t.leavesAlone('non-secret names', lines('FROM alpine', 'ARG VERSION', 'ARG TOKEN_TTL', 'RUN echo $VERSION $TOKEN_TTL'));
  t.leavesAlone('a longer name that starts with the ARG name', lines('FROM alpine', 'ARG TOKEN', 'RUN echo $TOKEN_TTL ${TOKENS}'));
  t.leavesAlone('a literal dollar sign in single quotes', lines('FROM alpine', 'ARG TOKEN', "RUN echo '$TOKEN' > /doc.txt"));
  t.leavesAlone('an ENV of the same name in between (DF034 reports the ENV)', lines('FROM alpine', 'ARG TOKEN', 'ENV TOKEN=$TOKEN', 'RUN echo $TOKEN'));
});
