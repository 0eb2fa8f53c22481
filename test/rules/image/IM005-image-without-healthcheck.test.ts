import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM005-image-without-healthcheck.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);

describe('IM005 image-without-healthcheck', () => {
  t.catches('no Healthcheck', { config: {} }, [{ messageId: 'missing', configKey: 'config.Healthcheck' }]);
  t.catches('HEALTHCHECK NONE', { config: { Healthcheck: { Test: ['NONE'] } } }, [{ messageId: 'disabled', configKey: 'config.Healthcheck.Test' }]);
  t.catches('an empty Test', { config: { Healthcheck: { Test: [] } } }, [{ messageId: 'missing' }]);
  t.leavesAlone('CMD-SHELL health check', { config: { Healthcheck: { Test: ['CMD-SHELL', 'wget -qO- http://localhost:8080/health || exit 1'], Interval: 30_000_000_000 } } });
  t.leavesAlone('CMD health check', { config: { Healthcheck: { Test: ['CMD', '/app/healthcheck'] } } });
  t.leavesAlone('a Windows image', { config: {}, os: 'windows' });
});
