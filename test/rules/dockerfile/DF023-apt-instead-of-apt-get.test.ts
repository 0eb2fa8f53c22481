import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF023-apt-instead-of-apt-get.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF023 apt-instead-of-apt-get', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('apt install', lines('FROM debian:12', 'RUN apt update && apt install -y curl'), [
    { messageId: 'apt', line: 2, column: 5, endColumn: 8, message: '`apt-get update`' },
    { line: 2, column: 19, message: '`apt-get install`' },
  ]);
  t.catches('apt by its path', lines('FROM debian:12', 'RUN /usr/bin/apt-get update && /usr/bin/apt install -y x'), [{ line: 2, column: 32 }]);
  t.catches('apt show points to apt-cache', lines('FROM debian:12', 'RUN apt show curl'), [{ line: 2, message: 'apt-cache show' }]);
  t.catches('sudo apt', lines('FROM debian:12', 'RUN sudo apt-get update && sudo apt upgrade -y'), [{ line: 2, column: 33 }]);
  t.catches('apt in a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt install -y curl', 'EOF'), [{ line: 4, column: 1 }]);
  t.catches('ONBUILD RUN apt', lines('FROM debian:12', 'ONBUILD RUN apt install -y x'), [{ line: 2, column: 13 }]);

  t.catches('a RUN with cache mounts', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt apt install -y x'), [{ line: 2, column: 46 }]);
  t.leavesAlone('apt-get', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl'));
  t.leavesAlone('apt-cache and apt-key', lines('FROM debian:12', 'RUN apt-cache policy curl && apt-key list'));
  t.leavesAlone('apt as an argument', lines('FROM debian:12', 'RUN rm -rf /var/lib/apt/lists/* && echo apt'));
  t.leavesAlone('apt in a data heredoc', lines('FROM debian:12', 'COPY <<EOF /etc/motd', 'apt install x', 'EOF'));
});
