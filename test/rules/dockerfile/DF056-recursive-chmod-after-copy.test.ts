import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF056-recursive-chmod-after-copy.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF056 recursive-chmod-after-copy', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('the waste-demo image: chmod -R on a copied folder, chown -R on a file under it', lines(
    'FROM localhost/bb-base:1',
    'COPY payload/ /app/',
    'RUN chmod -R 755 /app',
    'RUN chown -R 1000:1000 /app/blob.bin',
  ), [
    { messageId: 'recursive', line: 3, column: 18, endColumn: 22, message: 'COPY --chmod=' },
    { messageId: 'recursive', line: 4, column: 24, message: 'COPY --chown=' },
  ]);
  t.catches('COPY . . with a WORKDIR, then chown -R on the working directory', lines('FROM node:20', 'WORKDIR /usr/src/app', 'COPY . .', 'RUN chown -R node:node /usr/src/app'), [
    { messageId: 'recursive', line: 4, column: 24 },
  ]);
  t.catches('a relative target resolved against WORKDIR', lines('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN chmod -R g+w .'), [{ line: 4, column: 18 }]);
  t.catches('a parent directory of the COPY', lines('FROM debian:12', 'COPY conf/ /etc/app/conf.d/', 'RUN chown -R app /etc/app'), [{ line: 3, column: 18 }]);
  t.catches('a glob over the copied folder', lines('FROM debian:12', 'COPY site/ /srv/www/', 'RUN chmod 644 /srv/www/*'), [{ messageId: 'recursive', line: 3, column: 15 }]);
  t.catches('chmod +x of a copied script', lines('FROM debian:12', 'COPY entrypoint.sh /usr/local/bin/', 'RUN chmod +x /usr/local/bin/entrypoint.sh'), [
    { messageId: 'file', line: 3, column: 14, message: 'COPY --chmod=' },
  ]);
  t.catches('chmod of a file copied to a file path', lines('FROM debian:12', 'COPY id_rsa /root/.ssh/id_rsa', 'RUN chmod 600 /root/.ssh/id_rsa'), [{ messageId: 'file', line: 3 }]);
  t.catches('a COPY in the parent stage of the final one', lines('FROM debian:12 AS base', 'COPY app/ /app/', 'FROM base', 'RUN chown -R 1000 /app'), [{ line: 4 }]);
  t.catches('behind sudo and in a heredoc', lines('FROM debian:12', 'COPY app/ /app/', 'RUN <<EOF', 'sudo chown -R app /app', 'EOF'), [{ line: 4, column: 19 }]);
  t.catches('the Rails template: chown -R of folders inside a copied app, relative to an inherited WORKDIR', lines(
    'FROM ruby:3.3-slim AS base',
    'WORKDIR /rails',
    'FROM base AS build',
    'COPY . .',
    'FROM base',
    'COPY --from=build /rails /rails',
    'RUN useradd rails && chown -R rails:rails db log storage tmp',
  ), [{ messageId: 'recursive', line: 7, column: 43, message: 'COPY to "/rails"' }]);
  t.leavesAlone('COPY --chown/--chmod and no RUN', lines('FROM debian:12', 'COPY --chown=app:app --chmod=755 app/ /app/'));
  t.leavesAlone('chmod of paths the COPY did not touch', lines('FROM debian:12', 'COPY app/ /app/', 'RUN chmod -R 755 /opt/tool && chown app /var/log/app'));
  t.leavesAlone('a non-recursive chown of the copied directory itself', lines('FROM debian:12', 'COPY . /app/', 'RUN chown app /app'));
  t.leavesAlone('a build stage that does not ship', lines('FROM golang:1.22 AS build', 'COPY . /src/', 'RUN chmod -R 755 /src', 'FROM scratch', 'COPY --from=build /src/app /app'));
  t.leavesAlone('a relative path with an unknown working directory', lines('FROM node:20', 'COPY app/ app/', 'RUN chmod -R 755 app'));
  t.leavesAlone('a relative path after cd', lines('FROM debian:12', 'WORKDIR /app', 'COPY . .', 'RUN cd /opt && chmod -R 755 .'));
  t.leavesAlone('chmod before the COPY', lines('FROM debian:12', 'RUN mkdir /app && chmod 755 /app', 'COPY app/ /app/'));
  t.leavesAlone('chmod of a file the RUN itself created', lines('FROM debian:12', 'COPY app/ /app/', 'RUN touch /app/new && chmod 600 /app/new'));
});
