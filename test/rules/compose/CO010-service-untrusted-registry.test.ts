import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/compose/CO010-service-untrusted-registry.js';
import { presetView } from '../../../src/rules/config-view.js';
import { lintComposeModel } from '../../../src/rules/compose/run.js';
import { composeModel, yaml } from './harness.js';

function run(text: string, trusted: string[]) {
  const config = presetView({ shared: { trustedRegistries: trusted } });
  return lintComposeModel(composeModel(text), [rule], config).findings.map((f) => [f.messageId, f.location.kind === 'file' ? f.location.range.start.line : 0, f.message]);
}

describe('CO010 service-untrusted-registry', () => {
  const text = yaml(
    'services:',
    '  a:',
    '    image: redis:7',
    '  b:',
    '    image: ghcr.io/org/app:1',
    '  c:',
    '    image: mirror.corp.example/library/redis:7',
    '  d:',
    '    build: .',
    '    image: quay.io/org/built:1',
    '  e:',
    '    image: ${REGISTRY}/app:1',
    '  f:',
    '    image: nginx:${TAG}',
  );
  it('reports images from registries not in the list', () => {
    expect(run(text, ['*.corp.example', 'ghcr.io'])).toEqual([
      ['untrusted', 3, expect.stringContaining('registry "docker.io"')],
      ['untrusted', 14, expect.stringContaining('"docker.io"')],
    ]);
  });
  it('reports nothing without a list', () => {
    expect(run(text, [])).toEqual([]);
  });
});
