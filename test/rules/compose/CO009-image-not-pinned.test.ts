import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO009-image-not-pinned.js';
import { composeRuleTester, yaml } from './harness.js';

const image = (text: string) => yaml('services:', '  app:', `    image: ${text}`);
const digest = 'sha256:4a1c7ae5c6b5b2c0b2f1b8b1d6e2e9e6c4b9c1a1b2c3d4e5f6a7b8c9d0e1f2a3';

describe('CO009 image-not-pinned', () => {
  const t = composeRuleTester(rule);
  t.catches('a version tag only', image('postgres:16.4'), [{ messageId: 'notPinned', line: 3, column: 12 }]);
  t.catches('on in the strict preset', image('postgres:16.4'), 1, { preset: 'strict' });
  t.leavesAlone('off in the recommended preset', image('postgres:16.4'), { preset: 'recommended' });
  t.leavesAlone('a digest', image(`postgres:16.4@${digest}`));
  t.leavesAlone('a built image', yaml('services:', '  app:', '    build: .', '    image: org/app:1'));
  t.leavesAlone('a tag from an unset variable', image('app:${TAG}'));
});
