/**
 * The security audit on buildah's waste-demo image (../shared/images/buildah, built from
 * context/app/Dockerfile with deliberate mistakes): every security mistake listed in
 * ../shared/images/README.md must be found with the right layer, in every format the image was
 * exported to, and in every report format, with no secret shown whole anywhere.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runImage } from '../../../src/commands/image.js';
import { render } from '../../../src/report/index.js';
import type { Finding } from '../../../src/rules/finding.js';
import { shared } from '../../helpers/shared.js';

const IMAGES = shared('images', 'buildah');
const available = existsSync(`${IMAGES}/waste-demo.docker.tar`);
if (!available) console.warn(`skipping the waste-demo security tests: ${IMAGES} is missing`);

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;
const formats = {
  'docker-archive (vfs: explicit whiteouts)': `${IMAGES}/waste-demo.docker.tar`,
  'docker-archive (overlay: opaque whiteout)': `${IMAGES}/waste-demo-overlay.docker.tar`,
  'oci-archive (gzip)': `oci-archive:${IMAGES}/waste-demo.oci.tar`,
  'OCI layout (zstd)': `oci:${IMAGES}/waste-demo.oci-zstd`,
};

/** The security findings (IM, FS) as `RULE messageId Llayer path-or-key`. */
function summary(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.ruleId.startsWith('IM') || f.ruleId.startsWith('FS'))
    .map((f) => {
      const loc = f.location;
      if (loc.kind !== 'image') return f.ruleId;
      return `${f.ruleId} ${f.messageId}${loc.layer ? ` L${loc.layer.index}` : ''} ${loc.path ?? loc.configKey}`;
    });
}

async function audit(ref: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-demo-'));
  const { report } = await runImage({ ref, cwd, diveCi: false, env: {} });
  expect(report.errors).toEqual([]);
  return { report, cwd };
}

/** Values planted in the image that must never appear whole in a report. */
const PLANTED = ['supersecret123', 'IOSFODNN7EXAMPLE', 'wJalrXUtnFEMI', 'MC4CAQAwBQYDK2VwBCIEILthJmV6L1kR'];

describe.skipIf(!available)('security audit of buildah waste-demo', () => {
  for (const [name, ref] of Object.entries(formats)) {
    it(`finds every security mistake in the ${name} export`, async () => {
      const { report } = await audit(ref);
      expect(summary(report.findings)).toEqual([
        // USER root (history[16] is the USER step)
        'IM001 root config.User',
        // ENV ... DB_PASSWORD=supersecret123
        'IM002 env config.Env[2]',
        // no HEALTHCHECK
        'IM005 missing config.Healthcheck',
        // EXPOSE 22 8080
        'IM006 port config.ExposedPorts["22/tcp"]',
        // no org.opencontainers.image.source/revision labels
        'IM007 missing config.Labels',
        // COPY payload/ /app/: .env with AWS-style example keys (layer 2; chmod -R in layer 4 copies it up)
        'FS004 example L2 /app/.env',
        'FS004 example L2 /app/.env',
        // COPY id_rsa /root/.ssh/id_rsa
        'FS003 key L9 /root/.ssh/id_rsa',
        // RUN chmod u+s /bin/busybox
        'FS001 setuid L10 /bin/busybox',
      ]);
      const root = report.findings.find((f) => f.ruleId === 'IM001')!;
      expect(root.location).toMatchObject({ historyIndex: 16 });
      const env = report.findings.filter((f) => f.ruleId === 'FS004');
      expect(env.map((f) => f.facts?.detector)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
      expect(env[0].facts).toMatchObject({ alsoIn: '4' });
      for (const text of PLANTED) expect(JSON.stringify(report.findings)).not.toContain(text);
    });
  }

  it('fingerprints are the same in every format', async () => {
    const prints: string[][] = [];
    for (const ref of Object.values(formats)) {
      const { report } = await audit(ref);
      prints.push(report.findings.filter((f) => /^(IM|FS)/.test(f.ruleId)).map((f) => f.fingerprint));
    }
    for (const p of prints.slice(1)) expect(p).toEqual(prints[0]);
  });

  it('every finding reaches the table, JSON, SARIF and Markdown reports, masked', async () => {
    const { report } = await audit(`${IMAGES}/waste-demo.docker.tar`);
    const security = report.findings.filter((f) => /^(IM|FS)/.test(f.ruleId));
    const outputs = Object.fromEntries(['table', 'json', 'sarif', 'markdown'].map((fmt) => [fmt, render(fmt, report, { color: false, env: {} })]));
    for (const [fmt, raw] of Object.entries(outputs)) {
      // Markdown escapes `_` and friends: `DB\_PASSWORD`.
      const text = fmt === 'markdown' ? raw.replace(/\\(.)/g, '$1') : raw;
      for (const f of security) expect(text, `${fmt} ${f.ruleId}`).toContain(f.ruleId);
      for (const p of ['/root/.ssh/id_rsa', '/bin/busybox', '/app/.env', 'DB_PASSWORD']) expect(text, `${fmt} ${p}`).toContain(p);
      // SARIF carries every rule's help page, whose examples may quote such values: check the results.
      const shown = fmt === 'sarif' ? JSON.stringify({ ...JSON.parse(text).runs[0], tool: undefined }) : text;
      for (const planted of PLANTED) expect(shown, `${fmt} leaks ${planted}`).not.toContain(planted);
    }
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs', 'plimsoll-report.schema.json'), 'utf8')));
    expect(validate(JSON.parse(outputs.json)), JSON.stringify(validate.errors)).toBe(true);
    const sarif = JSON.parse(outputs.sarif) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; properties: Record<string, unknown> }> }> };
    const key = sarif.runs[0].results.find((r) => r.ruleId === 'FS003')!;
    expect(key.properties).toMatchObject({ path: '/root/.ssh/id_rsa', layer: { index: 9 } });
    expect(key.locations[0].physicalLocation.artifactLocation.uri).toMatch(/waste-demo\.docker\.tar$/);
  });

  it('with --dockerfile, each finding that a Dockerfile line made points at that line (SARIF too)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-demo-'));
    copyFileSync(`${IMAGES}/context/app/Dockerfile`, join(cwd, 'Dockerfile'));
    const { report } = await runImage({ ref: `${IMAGES}/waste-demo.docker.tar`, cwd, diveCi: false, env: {}, dockerfile: 'Dockerfile' });
    const lines = report.findings
      .filter((f) => /^(IM|FS)/.test(f.ruleId) && f.location.kind === 'image' && f.location.source)
      .map((f) => `${f.ruleId} ${f.location.kind === 'image' ? f.location.source!.range.start.line : ''}`);
    // ENV (2), COPY payload/ (3), COPY id_rsa (10), RUN chmod u+s (11), EXPOSE (14), USER root (15)
    expect(lines).toEqual(['IM001 15', 'IM002 2', 'IM006 14', 'FS004 3', 'FS004 3', 'FS003 10', 'FS001 11']);
    const sarif = JSON.parse(render('sarif', report, { color: false, env: {} })) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const key = sarif.runs[0].results.find((r) => r.ruleId === 'FS003')!;
    expect(key.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 10 } });
  });

  const multitool = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  it.skipIf(!existsSync(multitool))("the SARIF passes the schema and Microsoft's validator with GitHub's rules (0 errors, 0 warnings), with and without --dockerfile", async () => {
    // Without a Dockerfile (the image archive is the artifact) and with one (its lines are).
    for (const dockerfile of [undefined, 'Dockerfile']) {
      const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-demo-'));
      copyFileSync(`${IMAGES}/context/app/Dockerfile`, join(cwd, 'Dockerfile'));
      const { report } = await runImage({ ref: `${IMAGES}/waste-demo.docker.tar`, cwd, diveCi: false, env: {}, dockerfile });
      const file = join(cwd, 'image.sarif');
      writeFileSync(file, render('sarif', report, { color: false, env: {} }));
      const res = spawnSync(join(ROOT, 'scripts', 'validate-sarif.sh'), [file], { encoding: 'utf8' });
      expect(res.stdout.trim().split('\n').at(-1), res.stdout + res.stderr).toMatch(/: 0 errors, 0 warnings, \d+ notes$/);
      expect(res.status, res.stdout + res.stderr).toBe(0);
    }
  });
});
