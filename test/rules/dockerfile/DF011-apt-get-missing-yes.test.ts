import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF011-apt-get-missing-yes.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF011 apt-get-missing-yes', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('install without -y', lines('FROM debian:12', 'RUN apt-get update && apt-get install python3'), [
    { messageId: 'noYes', line: 2, column: 23, endColumn: 38, message: '`apt-get install`' },
  ]);
  t.catches('remove, purge and upgrade', lines('FROM debian:12', 'RUN apt-get remove curl && apt-get purge x && apt-get dist-upgrade'), 3);
  t.catches('a single -q is not enough', lines('FROM debian:12', 'RUN apt-get -q install curl'), 1);
  t.catches('flags after a -o value', lines('FROM debian:12', 'RUN apt-get -o Acquire::Retries=3 install curl'), 1);
  t.catches('apt install', lines('FROM debian:12', 'RUN apt install curl'), [{ line: 2, message: '`apt install`' }]);
  t.catches('a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'apt-get install curl', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('ONBUILD RUN', lines('FROM debian:12', 'ONBUILD RUN apt-get install curl'), 1);
  t.catches('yes piped elsewhere does not count', lines('FROM debian:12', 'RUN yes | head -1 && apt-get install curl'), 1);

  t.catches('a RUN with cache mounts', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt apt-get install curl'), [{ line: 2, column: 46 }]);
  t.leavesAlone('-y', lines('FROM debian:12', 'RUN apt-get install -y curl'));
  t.leavesAlone('a bundled -qy', lines('FROM debian:12', 'RUN apt-get -qy install curl'));
  t.leavesAlone('--yes and --assume-yes', lines('FROM debian:12', 'RUN apt-get install --yes curl && apt-get remove --assume-yes x'));
  t.leavesAlone('-qq implies -y (as in hadolint)', lines('FROM debian:12', 'RUN apt-get install -qq curl'));
  t.leavesAlone('-q -q and -q=2', lines('FROM debian:12', 'RUN apt-get -q -q install curl && apt-get -q=2 install wget'));
  t.leavesAlone('-o APT::Get::Assume-Yes=true', lines('FROM debian:12', 'RUN apt-get -o APT::Get::Assume-Yes=true install curl'));
  t.leavesAlone('Assume-Yes written to apt.conf.d earlier', lines('FROM debian:12', 'RUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes', 'RUN apt-get install curl'));
  t.leavesAlone('yes piped into apt-get', lines('FROM debian:12', 'RUN yes | apt-get install curl'));
  t.leavesAlone('update and clean do not prompt', lines('FROM debian:12', 'RUN apt-get update && apt-get clean && apt-get dist-clean'));
  t.leavesAlone('simulation', lines('FROM debian:12', 'RUN apt-get install -s curl'));
  t.leavesAlone('apt-get in CMD', lines('FROM debian:12', 'CMD apt-get install curl'));
});
