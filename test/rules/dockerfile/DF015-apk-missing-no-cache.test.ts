import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF015-apk-missing-no-cache.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF015 apk-missing-no-cache', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('apk add without --no-cache', lines('FROM alpine:3.20', 'RUN apk update && apk add curl'), [{ messageId: 'noCache', line: 2, column: 19, endColumn: 26 }]);
  t.catches('apk add --update', lines('FROM alpine:3.20', 'RUN apk add --update curl'), 1);
  t.catches('cleanup in a later RUN does not count', lines('FROM alpine:3.20', 'RUN apk add curl', 'RUN rm -rf /var/cache/apk/*'), [{ line: 2 }]);
  t.catches('cleanup before the add does not count', lines('FROM alpine:3.20', 'RUN rm -rf /var/cache/apk/* && apk add curl'), 1);
  t.catches('a heredoc script', lines('FROM alpine:3.20', 'RUN <<EOF', 'apk add curl', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('the stage the final image is built FROM', lines('FROM alpine:3.20 AS base', 'RUN apk add curl', 'FROM base'), 1);
  t.catches('ONBUILD RUN', lines('FROM alpine:3.20', 'ONBUILD RUN apk add curl'), 1);

  t.leavesAlone('--no-cache', lines('FROM alpine:3.20', 'RUN apk add --no-cache curl'));
  t.leavesAlone('--no-cache as a global option', lines('FROM alpine:3.20', 'RUN apk --no-cache add curl'));
  t.leavesAlone('rm -rf /var/cache/apk/* in the same RUN', lines('FROM alpine:3.20', 'RUN apk update && apk add curl && rm -rf /var/cache/apk/*'));
  t.leavesAlone('apk cache clean in the same RUN', lines('FROM alpine:3.20', 'RUN apk add curl && apk cache clean'));
  t.leavesAlone('a cache mount on /var/cache/apk', lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'));
  t.leavesAlone('a cache mount on /etc/apk/cache', lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/etc/apk/cache apk add --update curl'));
  t.leavesAlone('a build stage that does not ship', lines('FROM alpine:3.20 AS build', 'RUN apk add gcc', 'FROM scratch', 'COPY --from=build /out /'));
  t.leavesAlone('apk del', lines('FROM alpine:3.20', 'RUN apk del curl'));
});
