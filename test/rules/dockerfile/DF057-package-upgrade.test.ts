import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF057-package-upgrade.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF057 package-upgrade', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('apt-get upgrade', lines('FROM debian:12', 'RUN apt-get update && apt-get upgrade -y'), [{ messageId: 'upgrade', line: 2, column: 23, message: '`apt-get upgrade`' }]);
  t.catches('apt-get dist-upgrade and apt full-upgrade', lines('FROM debian:12', 'RUN apt-get -y dist-upgrade', 'RUN apt full-upgrade -y'), [{ line: 2 }, { line: 3 }]);
  t.catches('apt-get -o option before upgrade', lines('FROM debian:12', 'RUN apt-get -o Dpkg::Options::=--force-confold upgrade -y'), 1);
  t.catches('apk upgrade', lines('FROM alpine', 'RUN apk update && apk upgrade --no-cache'), [{ line: 2, column: 19, message: '`apk upgrade`' }]);
  t.catches('yum update and dnf upgrade', lines('FROM rockylinux:9', 'RUN yum -y update && dnf upgrade -y --refresh'), [{ line: 2, column: 5 }, { line: 2, column: 22 }]);
  t.catches('microdnf update', lines('FROM ubi9/ubi-minimal', 'RUN microdnf update -y'), 1);
  t.catches('zypper dist-upgrade (DL3035) and zypper up', lines('FROM opensuse/leap', 'RUN zypper -n dist-upgrade', 'RUN zypper --non-interactive up'), [{ line: 2 }, { line: 3 }]);
  t.catches('pacman -Syu', lines('FROM archlinux', 'RUN pacman -Syu --noconfirm'), [{ line: 2, message: '`pacman -Syu`' }]);
  t.catches('behind sudo, once, and in ONBUILD', lines('FROM debian:12', 'RUN sudo apt-get upgrade -y', 'ONBUILD RUN apk upgrade'), 2);
  t.leavesAlone('upgrading named packages', lines('FROM debian:12', 'RUN apt-get install --only-upgrade -y openssl && apk upgrade libcrypto3 && yum update -y openssl && apt-get upgrade -y libssl3 && zypper up curl'));
  t.leavesAlone('apk add --upgrade of a package', lines('FROM alpine', 'RUN apk add --upgrade --no-cache curl'));
  t.leavesAlone('update of the package index', lines('FROM debian:12', 'RUN apt-get update && apk update && pacman -Sy && zypper refresh'));
  t.leavesAlone('pip install --upgrade pip', lines('FROM python:3.12', 'RUN pip install --upgrade pip && npm update'));
  t.leavesAlone('words in an echo', lines('FROM debian:12', 'RUN echo apt-get upgrade'));
});
