import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF083-secret-mount-persisted.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF083 secret-mount-persisted', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('cp of the secret file', lines('FROM node:20', 'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci'), [
    { messageId: 'copied', line: 2, column: 56, endColumn: 68, message: 'target=/root/.npmrc' },
  ]);
  t.catches('cp of a secret mounted at a target', lines('FROM node:20', 'RUN --mount=type=secret,id=gh,target=/tmp/gh-token cp /tmp/gh-token /app/.token'), [{ messageId: 'copied', line: 2 }]);
  t.catches('cat > file', lines('FROM node:20', 'RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc > .npmrc && npm ci'), [{ messageId: 'written', line: 2, column: 34, message: '".npmrc"' }]);
  t.catches('echo of an env secret >> file', lines('FROM node:20', 'RUN --mount=type=secret,id=tok,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" >> ~/.npmrc'), [
    { messageId: 'written', line: 2, message: '$NPM_TOKEN' },
  ]);
  t.catches('cat | tee', lines('FROM alpine', 'RUN --mount=type=secret,id=key cat /run/secrets/key | tee /etc/app/key >/dev/null'), [{ messageId: 'written', line: 2 }]);
  t.catches('install -m 600', lines('FROM alpine', 'RUN --mount=type=secret,id=key install -m 600 /run/secrets/key /etc/app/key'), [{ messageId: 'copied', line: 2 }]);
  t.catches('git config with the token', lines('FROM golang:1.22', 'RUN --mount=type=secret,id=gh git config --global url."https://$(cat /run/secrets/gh)@github.com/".insteadOf "https://github.com/" && go mod download'), [
    { messageId: 'config', line: 2, message: '`git config`' },
  ]);
  t.catches('npm config set with an env secret', lines('FROM node:20', 'RUN --mount=type=secret,id=t,env=TOKEN npm config set //registry.npmjs.org/:_authToken $TOKEN && npm ci'), [{ messageId: 'config', line: 2 }]);
  t.catches('docker login fed by the secret', lines('FROM docker:27', 'RUN --mount=type=secret,id=pw cat /run/secrets/pw | docker login -u ci --password-stdin registry.acme.io'), [
    { messageId: 'config', line: 2, message: '`docker login`' },
  ]);
  t.catches('in a heredoc script and behind sudo', lines('FROM node:20', 'RUN --mount=type=secret,id=npmrc <<EOF', 'sudo cp /run/secrets/npmrc /home/node/.npmrc', 'EOF'), [{ messageId: 'copied', line: 3 }]);
  t.leavesAlone('the secret mounted where the tool reads it', lines('FROM node:20', 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci'));
  t.leavesAlone('the copy removed in the same RUN', lines('FROM node:20', 'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc .npmrc && npm ci && rm -f .npmrc'));
  t.leavesAlone('the written file removed in the same RUN', lines('FROM node:20', 'RUN --mount=type=secret,id=tok,env=T echo "token=$T" > /tmp/cfg && tool --config /tmp/cfg && rm -rf /tmp'));
  t.leavesAlone('npm config set undone in the same RUN', lines('FROM node:20', 'RUN --mount=type=secret,id=t,env=T npm config set //r/:_authToken $T && npm ci && npm config delete //r/:_authToken'));
  t.leavesAlone('the secret used in place', lines(
    'FROM node:20',
    'RUN --mount=type=secret,id=gh GITHUB_TOKEN=$(cat /run/secrets/gh) ./fetch.sh > /tmp/out.json',
    'RUN --mount=type=secret,id=t,env=T curl -H "Authorization: Bearer $T" https://x -o /app/data.json',
  ));
  t.leavesAlone('a program given the secret, its output piped to tee', lines('FROM alpine', 'RUN --mount=type=secret,id=t,env=T fetch --token "$T" | tee /app/data.json'));
  t.leavesAlone('a symlink to the secret (dangles after the RUN)', lines('FROM alpine', 'RUN --mount=type=secret,id=k ln -s /run/secrets/k /etc/k && tool'));
  t.leavesAlone('a build stage whose copy does not ship', lines(
    'FROM golang:1.22 AS build',
    'RUN --mount=type=secret,id=gh,env=GH_TOKEN git config --global url."https://x:${GH_TOKEN}@github.com/".insteadOf "https://github.com/" && go mod download',
    'WORKDIR /src',
    'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc .npmrc && npm ci',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /src/dist /app',
  ));
  t.catches('a build stage whose copy ships through COPY --from', lines(
    'FROM node:20 AS build',
    'WORKDIR /app',
    'RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc .npmrc && npm ci',
    'FROM node:20-slim',
    'COPY --from=build /app /app',
  ), [{ messageId: 'copied', line: 3, column: 56 }]);
  t.leavesAlone('no secret mount', lines('FROM alpine', 'RUN cp /run/secrets/x /y'));
  t.leavesAlone('writing to /dev/null or stderr', lines('FROM alpine', 'RUN --mount=type=secret,id=k cat /run/secrets/k > /dev/null'));
});
