import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF031-yarn-cache-not-cleaned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const node = (...ls: string[]) => lines('FROM node:20', 'WORKDIR /app', ...ls);

describe('DF031 yarn-cache-not-cleaned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('yarn install', node('RUN yarn install --frozen-lockfile'), [{ messageId: 'notCleaned', line: 3, column: 5, endColumn: 17, message: '`yarn install`' }]);
  t.catches('bare yarn', node('RUN yarn --production'), [{ line: 3, column: 5, endColumn: 9 }]);
  t.catches('yarn add and yarn global add', node('RUN yarn global add serve'), [{ line: 3, message: 'yarn global add' }]);
  t.catches('clean before install', node('RUN yarn cache clean && yarn install'), 1);
  t.catches('in a heredoc and in ONBUILD', node('RUN <<EOF', 'yarn install', 'EOF', 'ONBUILD RUN yarn install'), [{ line: 4 }, { line: 6 }]);
  t.catches('a cache mount on something else', node('RUN --mount=type=cache,target=/root/.npm yarn install'), 1);
  t.catches('the final stage built FROM a stage', lines('FROM node:20 AS deps', 'RUN yarn install', 'FROM deps', 'CMD ["node", "x"]'), [{ line: 2 }]);
  t.leavesAlone('yarn cache clean after (hadolint)', node('RUN yarn install --frozen-lockfile && yarn cache clean'));
  t.leavesAlone('yarn cache clean --all (Berry)', node('RUN yarn install --immutable && yarn cache clean --all'));
  t.leavesAlone('rm of the yarn cache', node('RUN yarn install && rm -rf /usr/local/share/.cache/yarn', 'RUN yarn add x && rm -rf ~/.cache/yarn'));
  t.leavesAlone('a cache mount on the yarn cache', node('RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install', 'RUN --mount=type=cache,target=/home/node/.cache/yarn,uid=1000 yarn install'));
  t.leavesAlone('a cache mount on --cache-folder', node('RUN --mount=type=cache,target=/tmp/yc yarn install --cache-folder /tmp/yc'));
  t.leavesAlone('YARN_CACHE_FOLDER on a cache mount', node('ENV YARN_CACHE_FOLDER=/yc', 'RUN --mount=type=cache,target=/yc yarn install'));
  t.leavesAlone('a build stage that does not ship (hadolint #619)', lines('FROM node:20 AS build', 'RUN yarn install && yarn build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html'));
  t.leavesAlone('other yarn commands', node('RUN yarn build && yarn test && yarn run lint'));
  t.leavesAlone('yarn --version and yarn --help', node('RUN yarn --version && yarnpkg -v && yarn --help'));
});
