import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF037-curl-and-wget.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF037 curl-and-wget', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('curl then wget in one stage', lines('FROM debian:12', 'RUN curl -fsSLO https://x/a', 'RUN wget -q https://x/b'), [
    { messageId: 'both', line: 3, column: 5, endColumn: 9, message: 'uses wget here and curl elsewhere' },
  ]);
  t.catches('both in one RUN', lines('FROM debian:12', 'RUN wget -q https://x/a && curl -fsSLO https://x/b'), [{ line: 2, column: 28, message: 'uses curl here and wget elsewhere' }]);
  t.catches('in the final stage and the stage it is built FROM', lines('FROM debian:12 AS base', 'RUN curl -fsSLO https://x/a', 'FROM base', 'RUN wget -q https://x/b'), [{ line: 4 }]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'RUN curl -fsSLO https://x/a', 'ONBUILD RUN wget -q https://x/b'), [{ line: 3, column: 13 }]);
  t.catches('installed and removed, but the other use stays', lines('FROM debian:12', 'RUN apt-get install -y curl && curl -fsSLO https://x/a', 'RUN wget -q https://x/b'), 1);
  t.leavesAlone('one tool', lines('FROM debian:12', 'RUN curl -fsSLO https://x/a && curl -fsSLO https://x/b'));
  t.leavesAlone('different stages that do not both ship (trivy #10333)', lines('FROM debian:12 AS fetch', 'RUN wget -q https://x/a', 'FROM debian:12', 'COPY --from=fetch /a /a', 'RUN curl -fsS https://x/health'));
  t.leavesAlone('wget installed and purged in the same RUN (docker-library style)', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y wget && wget -q https://x/gosu && apt-get purge -y --auto-remove wget', 'RUN curl -fsSLO https://x/b'));
  t.leavesAlone('curl in an apk virtual package that is deleted', lines('FROM alpine:3.20', 'RUN apk add --no-cache --virtual .fetch-deps curl && curl -fsSLO https://x/a && apk del .fetch-deps', 'RUN wget -q https://x/b'));
  t.leavesAlone('wget from a shell-variable package list that is purged', lines('FROM ubuntu:24.04', "RUN fetchDeps='wget'; apt-get update; apt-get install -y $fetchDeps; wget -O /gosu https://x/gosu; apt-get purge -y --auto-remove $fetchDeps", 'RUN curl -fsSLO https://x/b'));
  t.leavesAlone('installing both, running neither', lines('FROM debian:12', 'RUN apt-get install -y curl wget'));
});
