import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF005-from-untagged.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF005 from-untagged', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('FROM with no tag (hadolint spec)', lines('FROM debian'), [{ messageId: 'untagged', line: 1, column: 6, endColumn: 12, message: '"debian"' }]);
  t.catches('a registry with a port and no tag', lines('FROM localhost:5000/app'), [{ line: 1, message: '"localhost:5000/app"' }]);
  t.catches('an alias does not make the image tagged', lines('FROM node AS build', 'RUN npm ci'), [{ line: 1 }]);
  t.catches('an ARG default without a tag', lines('ARG BASE=python', 'FROM $BASE', 'RUN true'), [{ line: 2, column: 6, message: '(from "$BASE")' }]);
  t.catches('with --platform', lines('FROM --platform=$BUILDPLATFORM golang AS build'), [{ line: 1, column: 32 }]);
  t.catches('COPY --from an untagged image reference', lines('FROM debian:12', 'COPY --from=docker.io/library/nginx /etc/nginx /etc/nginx'), [{ line: 2, column: 6 }]);
  t.catches('RUN --mount from an untagged image', lines('FROM debian:12', 'RUN --mount=type=bind,from=ghcr.io/acme/tools,target=/t /t/run'), [{ line: 2, column: 5 }]);
  t.catches('the second stage only', lines('FROM golang:1.22 AS build', 'FROM alpine', 'COPY --from=build /app /app'), [{ line: 2 }]);

  t.leavesAlone('a tag', lines('FROM debian:12'));
  t.leavesAlone('a digest (hadolint spec)', lines('FROM ruby@sha256:f1dbca0f5dbc9a2f2e3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e'));
  t.leavesAlone('a registry port is not a tag but the tag is there', lines('FROM localhost:5000/app:1.0'));
  t.leavesAlone('scratch', lines('FROM scratch', 'COPY app /'));
  t.leavesAlone('a local stage alias (hadolint spec)', lines('FROM golang:1.9.3-alpine3.7 AS build', 'RUN foo', 'FROM build as unit-test', 'RUN bar', 'FROM alpine:3.7', 'RUN baz'));
  t.leavesAlone('stage names match case-insensitively', lines('FROM golang:1.22 AS Build', 'FROM build'));
  t.leavesAlone('FROM $BASE with no default: not guessed (hadolint #219, #339)', lines('ARG BASE', 'FROM $BASE'));
  t.leavesAlone('a tag from an ARG', lines('ARG TAG=3.12', 'FROM python:$TAG'));
  t.leavesAlone('a tag from an ARG with no default', lines('ARG TAG', 'FROM python:${TAG}'));
  t.leavesAlone('a tag from ${VAR:-default}', lines('FROM python:${TAG:-3.12-slim}'));
  t.leavesAlone('COPY --from a stage', lines('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'COPY --from=build /app /app'));
  t.leavesAlone('COPY --from a stage index', lines('FROM golang:1.22', 'FROM alpine:3.20', 'COPY --from=0 /app /app'));
  t.leavesAlone('COPY --from a tagged image', lines('FROM alpine:3.20', 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer'));
  t.leavesAlone('a bare --from name (DF018 reports it)', lines('FROM alpine:3.20', 'COPY --from=composer /usr/bin/composer /usr/bin/composer'));
  t.leavesAlone('a cache mount with no from', lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/root/.cache make'));
});
