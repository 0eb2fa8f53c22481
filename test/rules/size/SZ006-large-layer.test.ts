import { describe } from 'vitest';
import rule from '../../../src/rules/size/SZ006-large-layer.js';
import { file } from '../../layers/union-helpers.js';
import { sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);

describe('SZ006 large-layer', () => {
  t.catches('a layer over the limit', [[file('/small', 10)], [file('/big', 600_000_000)]], [{ messageId: 'large', layer: 1, message: 'Layer 1 adds 572 MiB of content (limit 477 MiB): step 1' }]);
  t.catches('a lower limit from the options', [[file('/a', 2000)]], [{ messageId: 'large', layer: 0 }], { maxBytes: 1000 });
  t.leavesAlone('layers under the limit', [[file('/a', 400_000_000)], [file('/b', 400_000_000)]]);
});
