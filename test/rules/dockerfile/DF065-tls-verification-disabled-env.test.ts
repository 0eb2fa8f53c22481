import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF065-tls-verification-disabled-env.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF065 tls-verification-disabled-env', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('NODE_TLS_REJECT_UNAUTHORIZED=0', lines('FROM node:20', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0'), [
    { messageId: 'off', line: 2, column: 5, endColumn: 35, message: 'in the running container' },
  ]);
  t.catches('the legacy ENV form', lines('FROM python:3.12', 'ENV PYTHONHTTPSVERIFY 0'), [{ line: 2, column: 5 }]);
  t.catches('ARG (build steps only)', lines('FROM debian:12', 'ARG GIT_SSL_NO_VERIFY=true'), [{ line: 2, message: 'in every later build step;' }]);
  t.catches('several in one ENV', lines('FROM golang:1.22', 'ENV GOINSECURE=* GOSUMDB=off GOFLAGS="-mod=mod -insecure"'), [{ line: 2, column: 5 }, { line: 2, column: 18 }, { line: 2, column: 30 }]);
  t.catches('npm, pip and an empty CA bundle', lines('FROM python:3.12', 'ENV NPM_CONFIG_STRICT_SSL=false PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org" CURL_CA_BUNDLE=""'), 3);
  t.catches('GONOSUMDB covering all modules', lines('FROM golang:1.22', 'ENV GONOSUMDB=*'), 1);
  t.catches('lower-case npm_config name and ONBUILD', lines('FROM node:20', 'ONBUILD ENV npm_config_strict_ssl=false'), [{ line: 2, column: 13 }]);
  t.leavesAlone('verification on', lines('FROM node:20', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_NO_VERIFY=false NPM_CONFIG_STRICT_SSL=true PYTHONHTTPSVERIFY=1'));
  t.leavesAlone('GONOSUMDB / GOPRIVATE for private modules', lines('FROM golang:1.22', 'ENV GOPRIVATE=github.com/acme/* GONOSUMDB=github.com/acme/*'));
  t.leavesAlone('a CA bundle path', lines('FROM python:3.12', 'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/acme.pem'));
  t.leavesAlone('an ARG without a value', lines('FROM node:20', 'ARG NODE_TLS_REJECT_UNAUTHORIZED'));
  t.leavesAlone('GIT_SSL_NO_VERIFY cleared', lines('FROM debian:12', 'ENV GIT_SSL_NO_VERIFY='));
});
