import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO008-image-latest.js';
import { composeRuleTester, yaml } from './harness.js';

const image = (text: string) => yaml('services:', '  app:', `    image: ${text}`);

describe('CO008 image-latest', () => {
  const t = composeRuleTester(rule);
  t.catches('no tag', image('postgres'), [{ messageId: 'untagged', line: 3, column: 12, endColumn: 20, message: '"postgres"' }]);
  t.catches('latest', image('"redis:latest"'), [{ messageId: 'latest', line: 3, column: 12 }]);
  t.catches('a registry with a port and no tag', image('registry.local:5000/team/app'), [{ messageId: 'untagged' }].map((e) => ({ ...e, line: 3 })));
  t.catches('an untagged default', image('${IMAGE:-nginx}'), [{ messageId: 'untagged', line: 3, message: '(from "${IMAGE:-nginx}")' }]);
  t.catches('a tag from .env that is latest', image('nginx:${TAG}'), [{ messageId: 'latest', line: 3 }], { files: { '.env': 'TAG=latest\n' } });
  t.catches('a variable registry with a literal latest tag', image('${REGISTRY}/app:latest'), [{ messageId: 'latest', line: 3 }]);
  t.catches('from an anchor', yaml('x-img: &img', '  image: mongo', 'services:', '  a:', '    <<: *img'), [{ line: 2, column: 10 }]);
  t.catches('from an extended service', yaml('services:', '  a:', '    extends: {file: base.yml, service: b}'), [{ line: 3, file: 'base.yml' }], {
    files: { 'base.yml': yaml('services:', '  b:', '    image: mysql') },
  });
  t.leavesAlone('a version tag', image('postgres:16.4'));
  t.leavesAlone('a digest', image('postgres@sha256:4a1c7ae5c6b5b2c0b2f1b8b1d6e2e9e6c4b9c1a1b2c3d4e5f6a7b8c9d0e1f2a3'));
  t.leavesAlone('latest pinned by digest', image('redis:latest@sha256:4a1c7ae5c6b5b2c0b2f1b8b1d6e2e9e6c4b9c1a1b2c3d4e5f6a7b8c9d0e1f2a3'));
  t.leavesAlone('a tag from an unset variable', image('app:${TAG}'));
  t.leavesAlone('a tag whose default is latest', image('app:${TAG:-latest}'));
  t.leavesAlone('the whole image from an unset variable', image('${IMAGE}'));
  t.leavesAlone('the name of a built image', yaml('services:', '  app:', '    build: .', '    image: myorg/app'));
  t.leavesAlone('a tag from .env', image('nginx:${TAG}'), { files: { '.env': 'TAG=1.27\n' } });
  t.leavesAlone('no image (build only)', yaml('services:', '  app:', '    build: .'));
});
