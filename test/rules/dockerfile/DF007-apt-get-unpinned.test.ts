import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF007-apt-get-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF007 apt-get-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('one finding per unpinned package', lines('FROM debian:12', 'RUN apt-get install -y curl=8.5.0-2 python3 git'), [
    { messageId: 'unpinned', line: 2, column: 37, endColumn: 44, message: '"python3"' },
    { line: 2, column: 45, endColumn: 48, message: '"git"' },
  ]);
  t.catches('packages on continuation lines', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends \\', '    ca-certificates \\', '    curl'), [
    { line: 3, column: 5 },
    { line: 4, column: 5 },
  ]);
  t.catches('a -t release value is not a package, the package is', lines('FROM debian:12', 'RUN apt-get install -y -t bookworm-backports golang'), [{ line: 2, message: '"golang"' }]);
  t.catches('-o options with values', lines('FROM debian:12', 'RUN apt-get -o Dpkg::Options::=--force-confold install -y nginx'), [{ line: 2, message: '"nginx"' }]);
  t.catches('packages from a known ENV variable', lines('FROM debian:12', 'ENV BUILD_DEPS="gcc make"', 'RUN apt-get install -y $BUILD_DEPS'), [
    { line: 3, column: 24, message: '"gcc" (from $BUILD_DEPS)' },
    { line: 3, column: 24, message: '"make"' },
  ]);
  t.catches('an architecture qualifier', lines('FROM debian:12', 'RUN apt-get install -y libc6:i386'), [{ line: 2, message: '"libc6"' }]);
  t.catches('apt install too', lines('FROM debian:12', 'RUN apt install -y curl'), 1);
  t.catches('sudo apt-get', lines('FROM debian:12', 'RUN sudo apt-get install -y curl'), 1);
  t.catches('a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'), [{ line: 3, column: 20 }]);
  t.catches('ONBUILD RUN', lines('FROM debian:12', 'ONBUILD RUN apt-get install -y curl'), 1);
  t.catches('a build stage too (reproducibility)', lines('FROM debian:12 AS build', 'RUN apt-get install -y gcc', 'FROM scratch'), 1);

  t.catches('a RUN with cache mounts', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl'), [{ line: 2, message: '"curl"' }]);
  t.leavesAlone('a hadolint ignore comment (alias DL3008)', lines('FROM debian:12', '# hadolint ignore=DL3008', 'RUN apt-get install -y curl'));
  t.leavesAlone('a plimsoll ignore comment by name', lines('FROM debian:12', '# plimsoll ignore=apt-get-unpinned -- tracked upstream', 'RUN apt-get install -y curl'));
  t.leavesAlone('pinned packages', lines('FROM debian:12', 'RUN apt-get install -y curl=8.5.0-2 python3=3.11.2-1+b1'));
  t.leavesAlone('a local .deb (hadolint spec, #345)', lines('FROM debian:12', 'RUN apt-get install -y ./wkhtmltox_0.12.5-1.bionic_amd64.deb /tmp/x.deb'));
  t.leavesAlone('a release selection', lines('FROM debian:12', 'RUN apt-get install -y golang/bookworm-backports'));
  t.leavesAlone('apt-get install -f with no packages', lines('FROM debian:12', 'RUN dpkg -i x.deb || apt-get install -y -f'));
  t.leavesAlone('a variable with no known value (hadolint #928)', lines('FROM debian:12', 'ARG PKGS', 'RUN apt-get install -y $PKGS'));
  t.leavesAlone('a command substitution', lines('FROM debian:12', 'RUN apt-get install -y $(cat /tmp/packages.txt)'));
  t.leavesAlone('other subcommands', lines('FROM debian:12', 'RUN apt-get update && apt-get build-dep -y python3 && apt-get remove -y curl'));
  t.leavesAlone('a simulated install', lines('FROM debian:12', 'RUN apt-get install -s curl'));
  t.leavesAlone('a wildcard version', lines('FROM debian:12', 'RUN apt-get install -y "curl=8.*"'));
  t.leavesAlone('apt-get in a data heredoc', lines('FROM debian:12', 'RUN cat <<EOF > /usr/local/bin/setup', 'apt-get install -y curl', 'EOF'));
});
