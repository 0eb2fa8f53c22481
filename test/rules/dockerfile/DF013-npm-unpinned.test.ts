import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF013-npm-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF013 npm-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('npm install -g PKG', lines('FROM node:20', 'RUN npm install -g typescript'), [
    { messageId: 'unpinned', line: 2, column: 20, endColumn: 30, message: '`npm install typescript@<version>`' },
  ]);
  t.catches('npm i and npm add', lines('FROM node:20', 'RUN npm i express && npm add lodash'), 2);
  t.catches('a scoped package without a version', lines('FROM node:20', 'RUN npm install @angular/cli'), [{ line: 2, message: '"@angular/cli"' }]);
  t.catches('@latest is a moving tag', lines('FROM node:20', 'RUN npm install -g npm@latest'), [{ messageId: 'moving', line: 2, message: '"npm@latest"' }]);
  t.catches('a git URL without a commit', lines('FROM node:20', 'RUN npm install git+https://github.com/a/b.git'), [{ messageId: 'git', line: 2 }]);
  t.catches('a GitHub shorthand without a commit', lines('FROM node:20', 'RUN npm install expressjs/express'), [{ messageId: 'git', line: 2 }]);
  t.catches('option values are not packages', lines('FROM node:20', 'RUN npm install --loglevel warn --registry https://r.example -g pm2'), [{ line: 2, message: '"pm2"' }]);
  t.catches('yarn global add and pnpm add', lines('FROM node:20', 'RUN yarn global add serve && pnpm add -g zx'), 2);
  t.catches('a heredoc script', lines('FROM node:20', 'RUN <<EOF', 'npm install -g pm2', 'EOF'), [{ line: 3, column: 16 }]);
  t.catches('ONBUILD RUN', lines('FROM node:20', 'ONBUILD RUN npm install -g pm2'), 1);

  t.catches('a RUN with an npm cache mount', lines('FROM node:20', 'RUN --mount=type=cache,target=/root/.npm npm install -g pm2'), [{ line: 2, column: 57 }]);
  t.leavesAlone('npm install with no packages (the lockfile)', lines('FROM node:20', 'RUN npm install && npm install --production && npm i --omit=dev'));
  t.leavesAlone('npm ci', lines('FROM node:20', 'RUN npm ci --omit=dev'));
  t.leavesAlone('versions, ranges and tags pinned', lines('FROM node:20', 'RUN npm install -g typescript@5.6.3 @angular/cli@17.3.0 "left-pad@^1.3.0" npm@10'));
  t.leavesAlone('local paths and tarballs (hadolint)', lines('FROM node:20', 'RUN npm install ./lib ../shared /opt/pkg file:../x ./pkg-1.0.0.tgz https://r.example/x-1.0.0.tgz'));
  t.leavesAlone('git URLs with a commit-ish', lines('FROM node:20', 'RUN npm install git+https://github.com/a/b.git#v1.0.0 expressjs/express#4.19.2 github:a/b#abc1234'));
  t.leavesAlone('an alias to a pinned version', lines('FROM node:20', 'RUN npm install lodash4@npm:lodash@4.17.21'));
  t.leavesAlone('a variable with no known value', lines('FROM node:20', 'ARG PKG', 'RUN npm install -g $PKG'));
  t.leavesAlone('yarn install and pnpm install', lines('FROM node:20', 'RUN yarn install --frozen-lockfile && pnpm install --frozen-lockfile'));
  t.leavesAlone('npm run and npm config', lines('FROM node:20', 'RUN npm run build && npm config set fund false'));
});
