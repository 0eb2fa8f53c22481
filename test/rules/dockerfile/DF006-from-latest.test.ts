import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF006-from-latest.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF006 from-latest', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('FROM :latest', lines('FROM debian:latest'), [{ messageId: 'latest', line: 1, column: 6, endColumn: 19 }]);
  t.catches('a registry image', lines('FROM ghcr.io/acme/base:latest AS base'), [{ line: 1, message: '"ghcr.io/acme/base:latest"' }]);
  t.catches('latest as an ARG default', lines('ARG TAG=latest', 'FROM node:${TAG}'), [{ line: 2, message: '(from "node:${TAG}")' }]);
  t.catches('COPY --from an image at latest', lines('FROM alpine:3.20', 'COPY --from=composer:latest /usr/bin/composer /usr/bin/'), [{ line: 2, column: 6 }]);
  t.catches('RUN --mount from an image at latest', lines('FROM alpine:3.20', 'RUN --mount=from=busybox:latest,target=/bb /bb/bin/ls'), [{ line: 2 }]);

  t.leavesAlone('a version tag', lines('FROM debian:12'));
  t.leavesAlone('latest pinned by digest (hadolint spec)', lines('FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb'));
  t.leavesAlone('no tag (DF005 reports it)', lines('FROM debian'));
  t.leavesAlone('a tag that contains latest', lines('FROM acme/app:latest-stable'));
  t.leavesAlone('a stage named latest', lines('FROM debian:12 AS latest', 'FROM latest'));
  t.leavesAlone('an unresolved tag', lines('ARG TAG', 'FROM node:$TAG'));
});
