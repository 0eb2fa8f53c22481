/**
 * Integration: a real image built by Debian's buildah (test/helpers/buildah.ts) with a setuid
 * program, a key file deleted in a later layer, a secret in ENV and a token passed as a build
 * argument; every one must be found with the right layers, in every export skopeo writes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runImage } from '../../../src/commands/image.js';
import type { Finding, ImageLocation } from '../../../src/rules/finding.js';
import { buildahAvailable, buildImage, type BuiltImage } from '../../helpers/buildah.js';
import { NPM_TOKEN, PRIVATE_KEY, RANDOM_PASSWORD } from '../tokens.js';

const API_TOKEN = `${RANDOM_PASSWORD}Zq81x`;

const DOCKERFILE = `FROM busybox-base
ENV APP_HOME=/app API_TOKEN=${API_TOKEN}
ARG NPM_TOKEN
COPY tool /usr/local/bin/tool
RUN chmod u+s /usr/local/bin/tool
COPY deploy_key /root/.ssh/id_ed25519
RUN test -n "$NPM_TOKEN" && rm /root/.ssh/id_ed25519
USER 1000
`;

describe.skipIf(!buildahAvailable)('security audit of a buildah-built image', () => {
  let img: BuiltImage;
  beforeAll(async () => {
    img = await buildImage({
      name: 'security-audit',
      dockerfile: DOCKERFILE,
      context: { tool: { content: '#!/bin/sh\necho tool\n', mode: 0o755 }, deploy_key: { content: PRIVATE_KEY, mode: 0o600 } },
      extraArgs: ['--build-arg', `NPM_TOKEN=${NPM_TOKEN}`],
    });
  }, 300_000);

  const exports = ['dockerArchive', 'ociArchive', 'ociGzip', 'ociZstd'] as const;
  for (const kind of exports) {
    it(`finds the setuid file, the deleted key, the ENV secret and the build argument (${kind})`, async () => {
      const path = img.exports[kind];
      const ref = kind === 'dockerArchive' ? `docker-archive:${path}` : kind === 'ociArchive' ? `oci-archive:${path}` : `oci:${path}`;
      const { report } = await runImage({ ref, cwd: mkdtempSync(join(tmpdir(), 'plimsoll-buildah-')), diveCi: false, env: {} });
      expect(report.errors).toEqual([]);
      const find = (id: string) => report.findings.filter((f) => f.ruleId === id);
      const loc = (f: Finding) => f.location as ImageLocation;

      // busybox-base is two layers (COPY busybox, RUN --install); then COPY tool (2), chmod u+s (3),
      // COPY deploy_key (4), rm (5). The layers are checked against the history step that made them.
      const [setuid] = find('FS001');
      expect(find('FS001')).toHaveLength(1);
      expect(loc(setuid)).toMatchObject({ path: '/usr/local/bin/tool', layer: { index: 3 } });
      expect(loc(setuid).layer!.createdBy).toContain('chmod u+s /usr/local/bin/tool');

      const [key] = find('FS003');
      expect(find('FS003')).toHaveLength(1);
      expect(loc(key)).toMatchObject({ path: '/root/.ssh/id_ed25519', layer: { index: 4 }, relatedLayer: { index: 5 } });
      expect(loc(key).layer!.createdBy).toMatch(/COPY .*id_ed25519/);
      expect(key.message).toContain("added in layer 4 and deleted in layer 5: it still ships in layer 4's blob");

      const [env] = find('IM002');
      expect(find('IM002')).toHaveLength(1);
      expect(loc(env).configKey).toMatch(/^config\.Env\[\d\]$/);
      expect(env.facts).toMatchObject({ name: 'API_TOKEN' });

      // buildah records the build argument with every RUN after the ARG: one finding, at the first.
      const args = find('IM003');
      expect(args.map((f) => f.messageId)).toEqual(['buildArg']);
      expect(loc(args[0])).toMatchObject({ layer: { index: 3 } });
      expect(args[0].message).toContain('Build argument NPM_TOKEN holds an npm access token');

      expect(find('IM001')).toEqual([]);
      const everything = JSON.stringify(report);
      for (const secret of [API_TOKEN, NPM_TOKEN, PRIVATE_KEY.split('\n')[1]]) expect(everything).not.toContain(secret);
    });
  }
});
