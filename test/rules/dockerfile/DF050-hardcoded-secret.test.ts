import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF050-hardcoded-secret.js';
import { dockerfileRuleTester, lines, runRule } from '../harness.js';
import { awsExample, fake } from '../../secrets/fake.js';

describe('DF050 hardcoded-secret', () => {
  const t = dockerfileRuleTester(rule);
  const gh = fake.githubPat();
  const npm = fake.npm();
  const aws = fake.awsSecretKey();

  t.catches('a password in ENV (the test image waste-demo)', lines('FROM localhost/bb-base:1', 'ENV APP_HOME=/app DB_PASSWORD=supersecret123'), [
    { messageId: 'secret', line: 2, column: 31, endColumn: 45, message: 'Hardcoded password (sup…(14 chars)) in ENV DB_PASSWORD' },
  ]);
  t.catches('a GitHub token in an ARG default', lines('FROM alpine', `ARG GH_TOKEN=${gh}`), [
    { messageId: 'secret', line: 2, column: 14, endColumn: 14 + gh.length, message: 'GitHub personal access token (ghp_…(40 chars))' },
  ]);
  t.catches('a quoted ENV value', lines('FROM alpine', `ENV AWS_SECRET_ACCESS_KEY="${aws}"`), [{ line: 2, column: 28, endColumn: 68 }]);
  t.catches('a token in a LABEL', lines('FROM alpine', `LABEL ci.token="${npm}"`), [{ line: 2, column: 17 }]);
  t.catches('a bearer token in a curl header', lines('FROM alpine', `RUN curl -fsSL -H "Authorization: Bearer ${gh}" https://api.github.com/repos/x`), [
    { line: 2, column: 42, endColumn: 42 + gh.length },
  ]);
  t.catches('an .npmrc written by echo', lines('FROM node:20', `RUN echo "//registry.npmjs.org/:_authToken=${npm}" > .npmrc && npm ci`), [
    { line: 2, column: 44, message: 'npm access token' },
  ]);
  t.catches('a git URL with a password', lines('FROM alpine', 'RUN git clone https://deploy:Zq8vLw2xR4kT@git.acme-corp.io/app.git /src'), [
    { line: 2, column: 30, endColumn: 42, message: 'Hardcoded password in a URL' },
  ]);
  t.catches('a prefix assignment of a command', lines('FROM golang:1.22', `RUN GITHUB_TOKEN=${gh} go mod download`), [{ line: 2, column: 18 }]);
  t.catches('an export in a continued RUN', lines('FROM alpine', 'RUN set -e \\', '  && export API_KEY=Zt5qP0wLm3Xc9Rb7 \\', '  && ./deploy'), [
    { line: 3, column: 21, endColumn: 37 },
  ]);
  t.catches('a --password flag', lines('FROM alpine', 'RUN wget --user=ci --password=Pq83mLz0vK https://files.acme-corp.io/a.tgz'), [{ line: 2, column: 31 }]);
  t.catches('docker login -p and mysql -p', lines('FROM docker:27', 'RUN docker login -u ci -p Pq83mLz0vK registry.acme.io && mysql -uroot -pXk29sLq0p -e "select 1"'), [
    { line: 2, column: 27 },
    { line: 2, column: 73 },
  ]);
  t.catches('behind sudo, once', lines('FROM docker:27', `RUN sudo docker login -u ci -p Pq83mLz0vK registry.acme.io && sudo curl -H "Authorization: Bearer ${gh}" https://x`), 2);
  t.catches('curl -u user:password', lines('FROM alpine', 'RUN curl -u admin:Xk29sLq0p https://nexus.acme.io/repo/x.tgz -o x.tgz'), [{ line: 2, column: 19, endColumn: 28 }]);
  t.catches('a private key in a COPY heredoc', lines('FROM alpine', 'COPY <<EOF /root/.ssh/id_rsa', fake.pem(), 'EOF'), [{ line: 3, column: 1, endLine: 14, message: 'RSA private key' }]);
  t.catches('a secret in a heredoc script, reported once', lines('FROM alpine', 'RUN <<EOF', `curl -H "Authorization: Bearer ${gh}" https://api.github.com`, 'EOF'), [{ line: 3, column: 32 }]);
  t.catches('a secret inside sh -c, reported once', lines('FROM alpine', `RUN sh -c "curl -H 'Private-Token: ${fake.gitlab()}' https://gitlab.acme.io/api"`), 1);
  t.catches('an ONBUILD RUN', lines('FROM alpine', `ONBUILD RUN npm config set //registry.npmjs.org/:_authToken ${npm}`), [{ line: 2, column: 61 }]);
  t.catches('a URL with a password in ADD', lines('FROM alpine', 'ADD https://ci:Rk39xLq8wz@files.acme-corp.io/a.tgz /a.tgz'), [{ line: 2, column: 16 }]);
  t.catches('a token in an exec-form CMD', lines('FROM alpine', `CMD ["app", "--api-key=${fake.stripeLive()}"]`), [{ line: 2, column: 24 }]);
  t.catches('a multi-stage build: a secret in a build stage is still in the Dockerfile', lines('FROM node:20 AS build', `ENV NPM_TOKEN=${npm}`, 'RUN npm ci', 'FROM nginx', 'COPY --from=build /app /srv'), [{ line: 2, column: 15 }]);
  t.catches(
    'AWS documentation example keys get their own message',
    lines('FROM alpine', `ENV AWS_ACCESS_KEY_ID=${awsExample.accessKeyId} AWS_SECRET_ACCESS_KEY=${awsExample.secretKey}`),
    [
      { messageId: 'example', line: 2, column: 23, message: 'looks like a documentation example key' },
      { messageId: 'example', line: 2, column: 66 },
    ],
  );
  t.leavesAlone('example keys with reportExampleKeys: false', lines('FROM alpine', `ENV AWS_ACCESS_KEY_ID=${awsExample.accessKeyId}`), { options: { reportExampleKeys: false } });
  t.leavesAlone('references to secrets kept elsewhere', lines(
    'FROM node:20',
    'ARG NPM_TOKEN',
    'ENV GITHUB_TOKEN=${GITHUB_TOKEN} DB_PASSWORD_FILE=/run/secrets/db',
    'RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc',
    'RUN curl -H "Authorization: Bearer $(cat /run/secrets/gh)" https://api.github.com',
    'RUN git clone https://x-access-token:${GH_TOKEN}@github.com/acme/app.git',
  ));
  t.leavesAlone('placeholders and well-known defaults', lines(
    'FROM postgres:16',
    'ENV POSTGRES_PASSWORD=postgres SECRET_KEY_BASE=dummy API_KEY=changeme',
    'ARG TOKEN=<your-token-here>',
    'RUN echo "user:xxx" && mysql -uroot -p$MYSQL_ROOT_PASSWORD',
  ));
  t.leavesAlone('look-alikes: checksums, GPG keys, versions, flags without values', lines(
    'FROM python:3.12',
    'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D PYTHON_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'RUN echo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c - && docker login --password-stdin -u ci registry.io < /run/secrets/pw',
    'RUN curl -u "$USER:$PASS" https://x && pip install --trusted-host pypi.org token-bucket==1.2',
  ));
  t.leavesAlone('GPG key ids given to gpg and apt-key', lines(
    'FROM debian:12',
    'ENV TOR_FINGERPRINT=0x4E2C6E8793298290',
    'RUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys B42F6819007F00F88E364FD4036A9C25BF357DD4',
    'RUN apt-key adv --keyserver keyserver.ubuntu.com --recv-keys 0AB215679C571D1C8325275B9BDB3D89CE49EC21 && tool --recv-keys ${TOR_FINGERPRINT}',
  ));
  t.catches('a value expanded from a known ARG is reported at the ARG only', lines('FROM alpine', `ARG T=${npm}`, 'RUN echo $T'), [{ line: 2, column: 7 }]);

  it('never puts the secret in the message or facts', () => {
    const [f] = runRule(rule, lines('FROM alpine', `ENV NPM_TOKEN=${npm}`));
    expect(f.message).not.toContain(npm.slice(4));
    expect(JSON.stringify(f.facts)).not.toContain(npm.slice(4));
    expect(f.facts).toMatchObject({ detector: 'npm-token', severity: 'critical', masked: 'npm_…(40 chars)', example: false });
  });
});
