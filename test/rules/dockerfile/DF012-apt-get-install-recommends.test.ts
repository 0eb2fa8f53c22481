import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF012-apt-get-install-recommends.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF012 apt-get-install-recommends', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('install without --no-install-recommends', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl'), [
    { messageId: 'recommends', line: 2, column: 23, endColumn: 38 },
  ]);
  t.catches('apt install', lines('FROM debian:12', 'RUN apt install -y curl'), 1);
  t.catches('install-recommends on is not off', lines('FROM debian:12', 'RUN apt-get install -y -o APT::Install-Recommends=true curl'), 1);
  t.catches('a setting written after the install does not count', lines('FROM debian:12', 'RUN apt-get install -y curl && echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/01norec'), 1);
  t.catches('a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('packages from a variable with no known value', lines('FROM debian:12', 'ARG PKGS', 'RUN apt-get install -y $PKGS'), 1);
  t.catches('the stage the final image is built FROM', lines('FROM debian:12 AS base', 'RUN apt-get install -y curl', 'FROM base'), 1);

  t.catches('a RUN with cache mounts', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl'), [{ line: 2, column: 46 }]);
  t.leavesAlone('--no-install-recommends', lines('FROM debian:12', 'RUN apt-get install -y --no-install-recommends curl'));
  t.leavesAlone('-o APT::Install-Recommends=false', lines('FROM debian:12', 'RUN apt-get install -y -o APT::Install-Recommends=false curl'));
  t.leavesAlone('--option=APT::Install-Recommends=0', lines('FROM debian:12', 'RUN apt-get install -y --option=APT::Install-Recommends=0 curl'));
  t.leavesAlone('a setting written to apt.conf.d earlier', lines('FROM debian:12', 'RUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/01norec', 'RUN apt-get install -y curl'));
  t.leavesAlone('a file copied into apt.conf.d earlier', lines('FROM debian:12', 'COPY 01norecommends /etc/apt/apt.conf.d/', 'RUN apt-get install -y curl'));
  t.leavesAlone('a simulated install (docker-library postgres)', lines('FROM debian:12', 'RUN if apt-get install -s "postgresql-$PG_MAJOR-jit" > /dev/null 2>&1; then echo yes; fi'));
  t.leavesAlone('install -f with no packages', lines('FROM debian:12', 'RUN apt-get install -y -f'));
  t.leavesAlone('a build stage that does not ship', lines('FROM debian:12 AS build', 'RUN apt-get install -y gcc', 'FROM scratch', 'COPY --from=build /out /'));
  t.leavesAlone('other subcommands', lines('FROM debian:12', 'RUN apt-get update && apt-get upgrade -y'));
});
