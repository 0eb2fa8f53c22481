import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF024-gem-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF024 gem-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('gem install PKG', lines('FROM ruby:3.3', 'RUN gem install rails'), [{ messageId: 'unpinned', line: 2, column: 17, endColumn: 22, message: '"rails"' }]);
  t.catches('one finding per gem', lines('FROM ruby:3.3', 'RUN gem install bundler:2.5.6 rake rspec'), 2);
  t.catches('gem i', lines('FROM ruby:3.3', 'RUN gem i --no-document puma'), 1);
  t.catches('option values are not gems', lines('FROM ruby:3.3', 'RUN gem install -i /opt/gems --source https://rubygems.example -N nokogiri'), [{ line: 2, message: '"nokogiri"' }]);
  t.catches('build options after -- are not gems', lines('FROM ruby:3.3', 'RUN gem install mysql2 -- --with-mysql-config=/usr/bin/mysql_config'), [{ line: 2, message: '"mysql2"' }]);
  t.catches('a heredoc script', lines('FROM ruby:3.3', 'RUN <<EOF', 'gem install rails', 'EOF'), [{ line: 3, column: 13 }]);
  t.catches('ONBUILD RUN', lines('FROM ruby:3.3', 'ONBUILD RUN gem install rails'), 1);

  t.catches('a RUN with a gem cache mount', lines('FROM ruby:3.3', 'RUN --mount=type=cache,target=/usr/local/bundle/cache gem install rails'), [{ line: 2, column: 67 }]);
  t.leavesAlone('NAME:VERSION', lines('FROM ruby:3.3', 'RUN gem install bundler:2.5.6 "rails:~> 7.1"'));
  t.leavesAlone('-v and --version', lines('FROM ruby:3.3', 'RUN gem install bundler -v 2.5.6 && gem install rails --version "~> 7.1" && gem install puma --version=6.4.2'));
  t.leavesAlone('local .gem files', lines('FROM ruby:3.3', 'RUN gem install ./pkg/app-1.0.0.gem vendor/x.gem'));
  t.leavesAlone('a variable with no known value', lines('FROM ruby:3.3', 'ARG GEMS', 'RUN gem install $GEMS'));
  t.leavesAlone('gem update and bundle install', lines('FROM ruby:3.3', 'RUN gem update --system && bundle install'));
});
