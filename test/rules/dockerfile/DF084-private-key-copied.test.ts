import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF084-private-key-copied.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF084 private-key-copied', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('COPY id_rsa (the waste-demo image)', lines('FROM localhost/bb-base:1', 'COPY id_rsa /root/.ssh/id_rsa'), [{ messageId: 'privateKey', line: 2, column: 6, endColumn: 12 }]);
  t.catches('id_ed25519 from a path, and ADD', lines('FROM debian:12', 'ADD keys/id_ed25519 /home/app/.ssh/'), [{ messageId: 'privateKey', line: 2, column: 5 }]);
  t.catches('TLS keys by name', lines('FROM nginx', 'COPY certs/server.key certs/server.crt /etc/nginx/tls/', 'COPY privkey.pem /etc/letsencrypt/', 'COPY api-key.pem /k/'), [
    { messageId: 'privateKey', line: 2, column: 6 },
    { messageId: 'privateKey', line: 3 },
    { messageId: 'privateKey', line: 4 },
  ]);
  t.catches('SSH host keys and PuTTY keys', lines('FROM debian:12', 'COPY ssh_host_ed25519_key /etc/ssh/', 'COPY deploy.ppk /k/'), 2);
  t.catches('an .ssh folder', lines('FROM debian:12', 'COPY .ssh /root/.ssh'), [{ messageId: 'sshDir', line: 2, column: 6 }]);
  t.catches('a key renamed by the destination', lines('FROM debian:12', 'COPY deploy-key /root/.ssh/id_rsa'), [{ messageId: 'privateKey', line: 2, column: 17 }]);
  t.catches('credentials files', lines('FROM node:20', 'COPY .npmrc package.json ./', 'COPY .netrc /root/', 'COPY aws/credentials /root/.aws/credentials', 'COPY .docker/config.json /root/.docker/'), [
    { messageId: 'credentials', line: 2, column: 6, message: '--mount=type=secret,id=…,target=./.npmrc' },
    { messageId: 'credentials', line: 3 },
    { messageId: 'credentials', line: 4, column: 22 },
    { messageId: 'credentials', line: 5, column: 6 },
  ]);
  t.catches('a credentials file copied into ~/.aws', lines('FROM python:3.12', 'COPY credentials /root/.aws/'), [{ messageId: 'credentials', line: 2 }]);
  t.catches('the JSON form and ONBUILD', lines('FROM debian:12', 'COPY ["id_rsa", "/root/.ssh/"]', 'ONBUILD COPY .git-credentials /root/'), [{ line: 2 }, { line: 3, column: 14 }]);
  t.catches('COPY --from of a key into the final image', lines('FROM alpine AS keys', 'RUN ssh-keygen -f /id_rsa -N ""', 'FROM alpine', 'COPY --from=keys /id_rsa /root/.ssh/id_rsa'), [{ line: 4 }]);
  t.catches('.env with reportDotEnv', lines('FROM node:20', 'COPY .env.production /app/.env'), [{ messageId: 'dotenv', line: 2 }], { options: { reportDotEnv: true } });
  t.leavesAlone('.env by default (disputed)', lines('FROM node:20', 'COPY .env /app/'));
  t.leavesAlone('.env templates even with reportDotEnv', lines('FROM node:20', 'COPY .env.example .env.sample /app/'), { options: { reportDotEnv: true } });
  t.leavesAlone('public keys, known_hosts, ssh config', lines('FROM debian:12', 'COPY id_rsa.pub /root/.ssh/authorized_keys', 'COPY known_hosts config /root/.ssh/', 'COPY ssh_host_rsa_key.pub /etc/ssh/'));
  t.leavesAlone('certificates and public GPG keys', lines('FROM debian:12', 'COPY server.crt ca.pem /etc/ssl/', 'COPY nodesource.gpg.key repo.key /tmp/', 'COPY keys.json /app/'));
  t.leavesAlone('a key copied into a build stage only', lines('FROM golang:1.22 AS build', 'COPY id_rsa /root/.ssh/id_rsa', 'RUN go build', 'FROM scratch', 'COPY --from=build /app /app'));
  t.leavesAlone('globs and folders (contents unknown)', lines('FROM nginx', 'COPY *.pem /etc/ssl/', 'COPY certs/ /etc/nginx/certs/'));
  t.leavesAlone('a heredoc (its content is DF050\'s)', lines('FROM debian:12', 'COPY <<EOF /root/.ssh/id_rsa', 'placeholder', 'EOF'));
  t.leavesAlone('the word credentials elsewhere', lines('FROM python:3.12', 'COPY credentials /app/docs/'));
});
