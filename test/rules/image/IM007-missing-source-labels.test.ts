import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM007-missing-source-labels.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);
const SRC = 'org.opencontainers.image.source';
const REV = 'org.opencontainers.image.revision';

describe('IM007 missing-source-labels', () => {
  t.catches('neither label', { config: { Labels: { 'io.buildah.version': '1.28.2' } } }, [{ messageId: 'missing', configKey: 'config.Labels', message: `\`${SRC}\` or \`${REV}\`` }]);
  t.catches('no labels at all', { config: {} }, [{ messageId: 'missing' }]);
  t.catches('the source without the revision', { config: { Labels: { [SRC]: 'https://github.com/o/r' } } }, [{ messageId: 'missing', message: `no \`${REV}\` label` }]);
  t.catches('an empty source label', { config: { Labels: { [SRC]: ' ', [REV]: 'abc' } } }, [{ messageId: 'missing', message: SRC }]);
  t.leavesAlone('both labels', { config: { Labels: { [SRC]: 'https://github.com/o/r', [REV]: '0123abc' } } });
  t.leavesAlone('both as manifest annotations', { config: {}, annotations: { [SRC]: 'https://github.com/o/r', [REV]: '0123abc' } });
});
