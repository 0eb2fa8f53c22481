import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF034-secret-name-in-arg-env.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF034 secret-name-in-arg-env', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a value-less ARG (the value arrives by --build-arg)', lines('FROM node:20', 'ARG NPM_TOKEN', 'RUN npm ci'), [
    { messageId: 'arg', line: 2, column: 5, endColumn: 14, message: '--mount=type=secret,id=npm_token,env=NPM_TOKEN' },
  ]);
  t.catches('an ARG with a placeholder default', lines('FROM node:20', 'ARG GITHUB_TOKEN=changeme'), [{ messageId: 'arg', line: 2, column: 5 }]);
  t.catches('a global ARG before FROM', lines('ARG OPENAI_API_KEY', 'FROM debian:bullseye', 'RUN foobar'), [{ messageId: 'arg', line: 1, column: 5 }]);
  t.catches('ENV that bakes a build arg into the image config', lines('FROM node:20', 'ARG X', 'ENV NPM_TOKEN=$X'), [
    { messageId: 'env', line: 3, column: 5, endColumn: 14 },
  ]);
  t.catches('ENV of a default password', lines('FROM mysql:8', 'ENV MYSQL_ROOT_PASSWORD=root'), [{ messageId: 'env', line: 2 }]);
  t.catches('camelCase and lower-case names', lines('FROM node:20', 'ARG dbPassword', 'ARG api_key'), [
    { line: 2, column: 5 },
    { line: 3, column: 5 },
  ]);
  t.catches('several ENV pairs on continuation lines', lines('FROM node:20', 'ENV APP=/app \\', '    AWS_SECRET_ACCESS_KEY=$AWS_KEY'), [
    { messageId: 'env', line: 3, column: 5 },
  ]);
  t.catches('ONBUILD ARG and ENV', lines('FROM node:20', 'ONBUILD ARG NPM_TOKEN', 'ONBUILD ENV API_TOKEN=${TOKEN}'), [
    { messageId: 'arg', line: 2, column: 13 },
    { messageId: 'env', line: 3, column: 13 },
  ]);
  t.catches('ARG in a build stage (recorded in that stage history and provenance)', lines('FROM node:20 AS build', 'ARG NPM_TOKEN', 'RUN npm ci', 'FROM nginx', 'COPY --from=build /app /usr/share/nginx/html'), [
    { messageId: 'arg', line: 2 },
  ]);
  t.leavesAlone('names that only contain secret-looking substrings', lines('FROM debian', 'ENV KEYCLOAK_VERSION=24 GOPRIVATE=github.com/acme TOKENIZERS_PARALLELISM=false', 'ARG USERNAME', 'ARG DOCKER_AUTH_VERSION=1'));
  t.leavesAlone('GPG keys of official images', lines('FROM debian', 'ENV GPG_KEYS 1729F83938DA44E27BA0F4D3DBDB397470D12172', 'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D'));
  t.leavesAlone('names that describe a secret: _FILE, _PATH, _TTL, _LENGTH, _URL', lines('FROM postgres:16', 'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600 PASSWORD_MIN_LENGTH=12 AUTH_URL=https://id.example', 'ARG SSH_KEY_PATH'));
  t.leavesAlone('public keys', lines('FROM debian', 'ENV JWT_PUBLIC_KEY=/keys/pub.pem', 'ARG SSH_PUBLIC_KEY'));
  t.leavesAlone('Rails SECRET_KEY_BASE placeholders for asset precompilation', lines('FROM ruby:3.3', 'ARG SECRET_KEY_BASE=dummy', 'ENV SECRET_KEY_BASE=1'));
  t.leavesAlone('ENV with a path, a boolean or an empty value', lines('FROM debian', 'ENV API_KEY=/run/secrets/api_key', 'ENV AUTH_TOKEN=false', 'ENV NPM_TOKEN='));
  t.leavesAlone('ENV in a build stage that does not ship', lines('FROM node:20 AS build', 'ENV NPM_TOKEN=$X', 'RUN npm ci', 'FROM nginx', 'COPY --from=build /app /srv'));
  t.leavesAlone('a hardcoded secret value (DF050 reports it instead)', lines('FROM debian', 'ENV DB_PASSWORD=Kx8vTq2mPw91'));
});
