import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF059-package-cache-left.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF059 package-cache-left', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('npm ci', lines('FROM node:20', 'COPY . .', 'RUN npm ci --omit=dev'), [{ messageId: 'cacheLeft', line: 3, column: 5, message: '`npm ci` leaves ~/.npm' }]);
  t.catches('npm install -g', lines('FROM node:20', 'RUN npm install -g pnpm@9'), [{ line: 2, message: 'npm cache clean --force' }]);
  t.catches('npm cache clean in a later RUN is too late', lines('FROM node:20', 'RUN npm ci', 'RUN npm cache clean --force'), [{ line: 2 }]);
  t.catches('gem install without --no-document', lines('FROM debian:12', 'RUN gem install bundler -v 2.5.0'), [{ line: 2, message: 'ri/rdoc' }]);
  t.catches('composer install without --no-cache', lines('FROM php:8.3-fpm', 'RUN composer install --no-dev --optimize-autoloader'), [{ line: 2, message: 'Composer cache' }]);
  t.catches('cargo install in the final stage', lines('FROM rust:1.79', 'RUN cargo install ripgrep'), [{ line: 2, message: 'Cargo registry' }]);
  t.catches('go build in the final stage', lines('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app ./cmd/app'), [{ line: 4, message: 'go-build' }]);
  t.catches('behind sudo, in a heredoc', lines('FROM node:20', 'RUN <<EOF', 'sudo npm ci', 'EOF'), [{ line: 3, column: 6 }]);
  t.catches('one finding per manager and RUN', lines('FROM node:20', 'RUN npm ci && npm install -g x && gem install y'), 2);
  t.leavesAlone('npm cache clean in the same RUN', lines('FROM node:20', 'RUN npm ci && npm cache clean --force'));
  t.leavesAlone('rm -rf ~/.npm in the same RUN', lines('FROM node:20', 'RUN npm ci && rm -rf /root/.npm /tmp/*'));
  t.leavesAlone('a cache mount of the npm cache', lines('FROM node:20', 'RUN --mount=type=cache,target=/root/.npm npm ci'));
  t.leavesAlone('npm --cache into a removed directory', lines('FROM node:20', 'RUN npm ci --cache /tmp/npm-cache && rm -rf /tmp/npm-cache'));
  t.leavesAlone('a build stage that does not ship', lines('FROM node:20 AS build', 'RUN npm ci && npm run build', 'FROM nginx', 'COPY --from=build /app/dist /usr/share/nginx/html'));
  t.leavesAlone('gem install --no-document, and on the official ruby image', lines('FROM debian:12', 'RUN gem install --no-document bundler', 'FROM ruby:3.3', 'RUN gem install rails'));
  t.leavesAlone('gem install after a gemrc is written', lines('FROM debian:12', "RUN echo 'gem: --no-document' > /etc/gemrc", 'RUN gem install bundler'));
  t.leavesAlone('composer --no-cache and clear-cache', lines('FROM php:8.3', 'RUN composer install --no-cache', 'RUN composer require x/y && composer clear-cache'));
  t.leavesAlone('COMPOSER_CACHE_DIR=/dev/null', lines('FROM php:8.3', 'ENV COMPOSER_CACHE_DIR=/dev/null', 'RUN composer install'));
  t.leavesAlone('go with cache mounts, go clean, GOCACHE=off', lines(
    'FROM golang:1.22',
    'RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build ./...',
    'RUN go install x@v1 && go clean -cache -modcache',
  ));
  t.leavesAlone('cargo with the registry removed', lines('FROM rust:1.79', 'RUN cargo install x && rm -rf /usr/local/cargo/registry'));
  t.leavesAlone('other managers (their own rules)', lines('FROM debian:12', 'RUN apt-get install -y x && pip install y && yarn install && apk add z'));
  t.leavesAlone('npm commands that do not download', lines('FROM node:20', 'RUN npm run build && npm test && npm config set x y'));
});
