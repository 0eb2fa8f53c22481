import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF008-apt-lists-not-removed.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF008 apt-lists-not-removed', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('update and install with no cleanup', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl'), [
    { messageId: 'lists', line: 2, column: 5, endColumn: 19 },
  ]);
  t.catches('cleanup in a later RUN does not shrink the layer', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/*'), [{ line: 2 }]);
  t.catches('cleanup before the update', lines('FROM debian:12', 'RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl'), [{ line: 2, column: 36 }]);
  t.catches('apt-get clean does not remove the lists', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && apt-get clean'), 1);
  t.catches('apt update', lines('FROM debian:12', 'RUN apt update && apt install -y curl'), [{ line: 2, message: '`apt update`' }]);
  t.catches('a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('a cache mount elsewhere does not count', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl'), 1);
  t.catches('the stage the final image is built FROM', lines('FROM debian:12 AS base', 'RUN apt-get update && apt-get install -y curl', 'FROM base', 'CMD ["curl"]'), [{ line: 2 }]);
  t.catches('ONBUILD RUN', lines('FROM debian:12', 'ONBUILD RUN apt-get update && apt-get install -y curl'), 1);

  t.leavesAlone('rm -rf /var/lib/apt/lists/* at the end', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'));
  t.leavesAlone('rm -r of the whole lists directory', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -r /var/lib/apt/lists'));
  t.leavesAlone('apt-get dist-clean (docker-library)', lines('FROM debian:13', 'RUN set -eux; apt-get update; apt-get install -y curl; apt-get dist-clean'));
  t.leavesAlone('cleanup on a later line of a heredoc', lines('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'rm -rf /var/lib/apt/lists/*', 'EOF'));
  t.leavesAlone('a cache mount on the lists (hadolint #671)', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl'));
  t.leavesAlone('a cache mount on /var/lib/apt', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl'));
  t.leavesAlone('a tmpfs mount on the lists', lines('FROM debian:12', 'RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl'));
  t.leavesAlone('a build stage that does not ship', lines('FROM debian:12 AS build', 'RUN apt-get update && apt-get install -y gcc', 'FROM gcr.io/distroless/static:nonroot', 'COPY --from=build /out /out'));
  t.leavesAlone('find -delete on the lists', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete'));
  t.leavesAlone('no update', lines('FROM debian:12', 'RUN apt-get install -y ./x.deb'));
});
