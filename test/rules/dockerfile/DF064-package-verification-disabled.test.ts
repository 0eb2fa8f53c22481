import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF064-package-verification-disabled.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF064 package-verification-disabled', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('apt-get --allow-unauthenticated', lines('FROM debian:12', 'RUN apt-get install -y --allow-unauthenticated curl'), [
    { messageId: 'flag', line: 2, column: 24, endColumn: 47, message: '`apt-get --allow-unauthenticated`' },
  ]);
  t.catches('apt-get --force-yes', lines('FROM debian:12', 'RUN apt-get install -y --force-yes curl'), 1);
  t.catches('apt-get -o APT::Get::AllowUnauthenticated=true', lines('FROM debian:12', 'RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y x'), [{ messageId: 'config', line: 2, column: 16 }]);
  t.catches('apt-get -o Acquire::https::Verify-Peer=false', lines('FROM debian:12', 'RUN apt-get update -o Acquire::https::Verify-Peer=false'), [{ messageId: 'config', line: 2 }]);
  t.catches('apk --allow-untrusted', lines('FROM alpine', 'RUN apk add --allow-untrusted /tmp/x.apk'), [{ messageId: 'flag', line: 2, column: 13 }]);
  t.catches('rpm --nosignature', lines('FROM rockylinux:9', 'RUN rpm -ivh --nosignature x.rpm'), [{ line: 2, column: 14 }]);
  t.catches('yum --nogpgcheck and dnf --setopt=gpgcheck=0', lines('FROM rockylinux:9', 'RUN yum install -y --nogpgcheck x && dnf install -y --setopt=gpgcheck=0 y'), [
    { messageId: 'flag', line: 2 },
    { messageId: 'config', line: 2 },
  ]);
  t.catches('yum-config-manager --setopt=*.sslverify=false', lines('FROM centos:7', 'RUN yum-config-manager --setopt=*.sslverify=false --save'), [{ messageId: 'config', line: 2 }]);
  t.catches('zypper --no-gpg-checks', lines('FROM opensuse/leap', 'RUN zypper --no-gpg-checks install -y x'), 1);
  t.catches('pip --trusted-host', lines('FROM python:3.12', 'RUN pip install --trusted-host pypi.acme.io -r requirements.txt'), [{ messageId: 'flag', line: 2, column: 17 }]);
  t.catches('pip config set global.trusted-host', lines('FROM python:3.12', 'RUN pip config set global.trusted-host pypi.acme.io'), [{ messageId: 'config', line: 2 }]);
  t.catches('npm and yarn config set strict-ssl false', lines('FROM node:20', 'RUN npm config set strict-ssl false && yarn config set strict-ssl false'), [
    { messageId: 'config', line: 2, column: 20 },
    { messageId: 'config', line: 2, column: 56 },
  ]);
  t.catches('npm --strict-ssl=false', lines('FROM node:20', 'RUN npm ci --strict-ssl=false'), 1);
  t.catches('an apt source with [trusted=yes]', lines('FROM debian:12', 'RUN echo "deb [trusted=yes] http://repo.acme.io/ bookworm main" > /etc/apt/sources.list.d/acme.list'), [
    { messageId: 'trustedRepo', line: 2, column: 10, message: 'trusted=yes' },
  ]);
  t.catches('gpgcheck=0 written to a .repo file', lines('FROM rockylinux:9', 'RUN printf "[acme]\\nbaseurl=http://x\\ngpgcheck=0\\n" > /etc/yum.repos.d/acme.repo'), [{ messageId: 'trustedRepo', line: 2 }]);
  t.catches('gem -P NoSecurity', lines('FROM ruby:3.3', 'RUN gem install -P NoSecurity x'), 1);
  t.catches('in a heredoc and ONBUILD', lines('FROM alpine', 'RUN <<EOF', 'apk add --allow-untrusted x', 'EOF', 'ONBUILD RUN apk add --allow-untrusted y'), [{ line: 3 }, { line: 5 }]);
  t.leavesAlone('normal installs', lines('FROM debian:12', 'RUN apt-get install -y --no-install-recommends curl && apk add --no-cache x && pip install y && npm ci'));
  t.leavesAlone('snapshot.debian.org with Check-Valid-Until=false (legitimate)', lines('FROM debian:12', 'RUN apt-get -o Acquire::Check-Valid-Until=false update'));
  t.leavesAlone('gpgcheck=1 and strict-ssl true', lines('FROM rockylinux:9', 'RUN dnf install -y --setopt=gpgcheck=1 x && npm config set strict-ssl true'));
  t.leavesAlone('signed-by in an apt source', lines('FROM debian:12', 'RUN echo "deb [signed-by=/usr/share/keyrings/acme.gpg] https://repo.acme.io bookworm main" > /etc/apt/sources.list.d/acme.list'));
  t.leavesAlone('a local file: repository of packages built in the same build', lines('FROM debian:12', 'RUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list'));
  t.leavesAlone('a gpgcheck=0 echoed to the terminal', lines('FROM rockylinux:9', 'RUN echo "remember: gpgcheck=0 is bad"'));
});
