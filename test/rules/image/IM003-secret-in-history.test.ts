import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/IM003-secret-in-history.js';
import { BEARER, GITHUB_PAT, NPM_TOKEN, RANDOM_PASSWORD } from '../tokens.js';
import { imageRuleTester, runImageRule } from './harness.js';

const t = imageRuleTester(rule);
const base = { created_by: '/bin/sh -c #(nop) ADD file:0a1b2c in / ' };
const layers = (n: number) => Array.from({ length: n }, (_, i) => ({ entries: [{ path: `l${i}`, content: `${i}` }] }));

describe('IM003 secret-in-history', () => {
  t.catches(
    'a build argument recorded by the classic builder, with the layer its RUN made',
    { layers: layers(2), history: [base, { created_by: `|2 NPM_TOKEN=${NPM_TOKEN} NODE_ENV=production /bin/sh -c npm ci` }] },
    [{ messageId: 'buildArg', configKey: 'history[1].created_by', historyIndex: 1, layer: 1, message: 'Build argument NPM_TOKEN holds an npm access token (npm_…(40 chars)), recorded in history[1]' }],
  );
  t.catches(
    'a build argument repeated on every later RUN is one finding, at the first',
    { layers: layers(3), history: [base, { created_by: `|1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c npm ci` }, { created_by: `|1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c npm run build` }] },
    [{ messageId: 'buildArg', historyIndex: 1, layer: 1 }],
  );
  t.catches(
    'a BuildKit build argument',
    { layers: layers(2), history: [base, { created_by: `RUN |1 GITHUB_TOKEN=${GITHUB_PAT} /bin/sh -c make # buildkit` }] },
    [{ messageId: 'buildArg', historyIndex: 1, layer: 1 }],
  );
  t.catches(
    'a password exported in a RUN line',
    { layers: layers(2), history: [base, { created_by: `/bin/sh -c export DB_PASSWORD=${RANDOM_PASSWORD} && ./migrate` }] },
    [{ messageId: 'step', historyIndex: 1, message: 'history[1] (RUN) holds a password' }],
  );
  t.catches(
    'a bearer token in a curl header',
    { layers: layers(2), history: [base, { created_by: `/bin/sh -c curl -fsSL -H "Authorization: Bearer ${BEARER}" https://api.acme.io/x -o /x` }] },
    [{ messageId: 'step', historyIndex: 1 }],
  );
  t.catches(
    'an ENV secret that a later step overwrote: gone from the config, still in the history',
    {
      config: { Env: ['API_KEY='] },
      history: [base, { created_by: `/bin/sh -c #(nop) ENV API_KEY=${RANDOM_PASSWORD}Zq81`, empty_layer: true }, { created_by: '/bin/sh -c #(nop) ENV API_KEY=', empty_layer: true }],
    },
    [{ messageId: 'step', historyIndex: 1, message: 'history[1] (ENV) holds a secret' }],
  );
  t.catches(
    'a documentation example key in a RUN line: its own message',
    { layers: layers(2), history: [base, { created_by: '/bin/sh -c aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE' }] },
    [{ messageId: 'example', historyIndex: 1 }],
  );

  t.leavesAlone('an ENV secret still in the config (IM002 reports it there)', {
    config: { Env: [`DB_PASSWORD=${RANDOM_PASSWORD}`] },
    history: [base, { created_by: `/bin/sh -c #(nop) ENV DB_PASSWORD=${RANDOM_PASSWORD}`, empty_layer: true }],
  });
  t.leavesAlone('references, not values', { layers: layers(2), history: [base, { created_by: '/bin/sh -c echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci' }] });
  t.leavesAlone('harmless build arguments', { layers: layers(2), history: [base, { created_by: '|2 VERSION=1.2.3 TARGETARCH=amd64 /bin/sh -c make' }] });
  t.leavesAlone('build secrets mounted by BuildKit', { layers: layers(2), history: [base, { created_by: 'RUN /bin/sh -c NPM_TOKEN=$(cat /run/secrets/npm) npm ci # buildkit' }] });
  t.leavesAlone('COPY, USER and EXPOSE steps', { history: [base, { created_by: '/bin/sh -c #(nop) COPY file:46d0ead3ac31 in /root/.ssh/id_rsa ' }, { created_by: 'EXPOSE map[22/tcp:{}]', empty_layer: true }] });

  it('shows no value and keeps its identity when steps are added before it', async () => {
    const step = { created_by: `|1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c npm ci` };
    const [a] = await runImageRule(rule, { layers: layers(2), history: [base, step] });
    const [b] = await runImageRule(rule, { layers: layers(3), history: [base, { created_by: '/bin/sh -c apk add git' }, step] });
    expect(JSON.stringify(a)).not.toContain(NPM_TOKEN);
    expect(b.location).toMatchObject({ historyIndex: 2, layer: { index: 2 } });
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});
