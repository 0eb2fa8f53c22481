/**
 * `plimsoll image` through main(): formats, gates (flags, .plimsoll.yaml, .dive-ci), --files,
 * and exit codes, on dive's and buildah's real images.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { cachedImage } from '../../fixtures/generator/index.js';
import { filesystemRules, imageRules } from '../../src/rules/registry.js';
import { shared } from '../helpers/shared.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;

const IMAGES = shared('images');
const available = existsSync(`${IMAGES}/dive/test-docker-image.tar`);
if (!available) console.warn(`skipping plimsoll image CLI tests on real images: ${IMAGES} is missing`);
const DIVE = `${IMAGES}/dive/test-docker-image.tar`;
/** These tests are about size and gates: the config and filesystem rules (IM, FS) are turned off. */
const SIZE_ONLY = [...imageRules, ...filesystemRules].flatMap((r) => ['--ignore', r.meta.id]);
const DEMO = `${IMAGES}/buildah/waste-demo.docker.tar`;

async function run(args: string[], cwd = mkdtempSync(join(tmpdir(), 'plimsoll-image-')), tty = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(args[0] === 'image' ? [...args, ...SIZE_ONLY] : args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => Buffer.alloc(0),
    cwd,
    env: { HOME: cwd },
    stdoutIsTTY: false,
    stderrIsTTY: tty,
  });
  return { code, stdout, stderr };
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-image-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe.skipIf(!available)('plimsoll image: formats', () => {
  it('table: layers, waste, top lists and findings; warnings fail the run (exit 1)', async () => {
    const r = await run(['image', DEMO]);
    expect(r.code).toBe(1);
    for (const part of ['Layers', 'Waste', 'reclaimable', 'dive efficiency  49.70 %', 'Largest files', 'Largest waste', 'Inefficient paths', 'SZ001 metadata-copy-up', 'SZ002 deleted-later']) {
      expect(r.stdout).toContain(part);
    }
    expect(r.stdout).toMatch(/ 4 +789 KiB +0 +23 \(23m\) +0 +chmod -R 755 \/app/);
    expect(r.stderr).toBe('');
  });

  it("json: dive's figures, reclaimable bytes by cause, layers with history and diffs", async () => {
    const r = await run(['image', DIVE, '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('image');
    expect(j.image.dive).toMatchObject({ efficiency: 0.9844212134184309, sizeBytes: 1220598, userSizeBytes: 66237, wastedBytes: 32025, userWastedPercent: 0.4834911001404049 });
    expect(j.image.reclaimable.byCause.metadataCopyUp).toEqual({ bytes: 12810, files: 2 });
    expect(j.image.layers[4]).toMatchObject({ index: 4, size: 6405, createdBy: '/bin/sh -c chmod 444 /root/example/somefile1.txt', diff: { changed: { metadata: { count: 1, bytes: 6405 } } } });
    expect(j.image.size.content).toBe(1220598);
    expect(j.image.wasteItems).toBeUndefined();
  });

  it('sarif: one result per finding, image locations', async () => {
    const r = await run(['image', DEMO, '-f', 'sarif', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['SZ001', 'SZ001', 'SZ002', 'SZ005', 'SZ001', 'SZ002']);
  });

  it('markdown: the image section with reclaimable bytes', async () => {
    const r = await run(['image', DEMO, '-f', 'markdown', '--fail-on', 'none']);
    expect(r.stdout).toContain('### Image `');
    expect(r.stdout).toContain('| reclaimable | dive efficiency |');
    expect(r.stdout).toContain('chmod/chown copies');
  });

  it('the JSON report matches docs/plimsoll-report.schema.json, findings and gate included', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'plimsoll-report.schema.json'), 'utf8')));
    const r = await run(['image', DEMO, '-f', 'json', '--max-size', '1MB']);
    const j = JSON.parse(r.stdout);
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    expect(j.findings.length).toBeGreaterThan(0);
    expect(j.gate.passed).toBe(false);
  });

  it('shows progress on stderr only when it is a terminal', async () => {
    const quiet = await run(['image', DIVE]);
    expect(quiet.stderr).toBe('');
    const tty = await run(['image', DIVE], undefined, true);
    // Redraws are throttled: at least the first layer is shown, then the line is cleared.
    expect(tty.stderr).toMatch(/plimsoll: layer \d+\/14 /);
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(tty.stdout).not.toContain('plimsoll: layer');
  });

  it('several formats at once, one to a file', async () => {
    const cwd = dirWith({});
    const r = await run(['image', DIVE, '-f', 'table', '-f', 'json', '-o', '-', '-o', 'out/image.json'], cwd);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'out/image.json'), 'utf8')).image.dive.wastedBytes).toBe(32025);
  });
});

describe.skipIf(!available)('plimsoll image: gates', () => {
  it('a failed limit exits 1 and says which limit and by how much', async () => {
    const r = await run(['image', DIVE, '--min-efficiency', '0.99', '--max-wasted-bytes', '30000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL min-efficiency: 98.44 % (limit 99.00 %) under the limit by 0.56 points');
    expect(r.stdout).toContain('FAIL max-wasted-bytes: 31.3 KiB (32,025 bytes) (limit 29.3 KiB (30,000 bytes)) over the limit by 1.98 KiB (2,025 bytes)');
  });

  it('limits that hold exit 0, and are listed as passed', async () => {
    const r = await run(['image', DIVE, '--min-efficiency', '98%', '--max-size', '2MB', '--max-wasted-percent', '0.5', '--max-reclaimable-bytes', '1MiB', '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.gate.passed).toBe(true);
    expect(j.gate.checks.map((c: { name: string }) => c.name)).toEqual(['max-size', 'min-efficiency', 'max-wasted-percent', 'max-reclaimable-bytes']);
  });

  it('dive compares strictly: a limit equal to the value passes', async () => {
    const r = await run(['image', DIVE, '--max-wasted-bytes', '32025', '--min-efficiency', '0.9844212134184309']);
    expect(r.code).toBe(0);
  });

  it("honours dive's own .dive-ci (0.95, 20Mb, 0.5): passes, as in dive's CI", async () => {
    const cwd = dirWith({ '.dive-ci': readFileSync(`${IMAGES}/dive/.dive-ci`, 'utf8') });
    const r = await run(['image', DIVE, '-f', 'json'], cwd);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.gate.checks).toEqual([
      { name: 'min-efficiency', limit: '95.00 %', actual: '98.44 %', passed: true },
      { name: 'max-wasted-bytes', limit: '19.1 MiB (20,000,000 bytes)', actual: '31.3 KiB (32,025 bytes)', passed: true },
      { name: 'max-wasted-percent', limit: '50.00 %', actual: '48.35 %', passed: true },
    ]);
    expect(r.stderr).toContain('rules.plugin1/rule1 is not a dive rule; ignored');
  });

  it(".dive-ci keys left out take dive's defaults (lowestEfficiency 0.9, highestUserWastedPercent 0.1)", async () => {
    const cwd = dirWith({ '.dive-ci': 'rules:\n  highestWastedBytes: disabled\n' });
    const r = await run(['image', DIVE], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL max-wasted-percent: 48.35 % (limit 10.00 %)');
    expect(r.stdout).toContain('PASS min-efficiency: 98.44 % (limit 90.00 %)');
  });

  it('flags win over .dive-ci; --no-dive-ci ignores it', async () => {
    const cwd = dirWith({ '.dive-ci': 'rules:\n  lowestEfficiency: 0.999\n  highestUserWastedPercent: off\n' });
    expect((await run(['image', DIVE], cwd)).code).toBe(1);
    expect((await run(['image', DIVE, '--min-efficiency', '0.5'], cwd)).code).toBe(0);
    expect((await run(['image', DIVE, '--no-dive-ci'], cwd)).code).toBe(0);
  });

  it('a bad .dive-ci value is a usage error (exit 2) naming the file and key', async () => {
    const cwd = dirWith({ '.dive-ci': 'rules:\n  lowestEfficiency: 1.5\n' });
    const r = await run(['image', DIVE], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.dive-ci: rules.lowestEfficiency: 1.5 is outside the allowed range 0 to 1');
    const bytes = await run(['image', DIVE], dirWith({ '.dive-ci': 'rules:\n  highestWastedBytes: lots\n' }));
    expect(bytes.code).toBe(2);
    expect(bytes.stderr).toContain('rules.highestWastedBytes: "lots" is not a size');
  });

  it('.plimsoll.yaml image: limits', async () => {
    const cwd = dirWith({ '.plimsoll.yaml': 'image:\n  maxSize: 1MB\n' });
    const r = await run(['image', DIVE], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL max-size: 1.16 MiB (1,220,598 bytes) (limit 977 KiB (1,000,000 bytes)) over the limit by 215 KiB (220,598 bytes)');
  });

  it('bad limit flags are usage errors (exit 2)', async () => {
    const r = await run(['image', DIVE, '--min-efficiency', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--min-efficiency "2"');
  });
});

describe.skipIf(!available)('plimsoll image: --files', () => {
  it('prints the final filesystem as a tree, filtered by a glob', async () => {
    const r = await run(['image', DEMO, '--files', '--path', '/app/**', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('└── app/');
    expect(r.stdout).toMatch(/512 KiB {6}├── blob\.bin {2}0755 1000:1000 L5/);
    expect(r.stdout).not.toContain('busybox  ');
  });

  it("prints one layer's changes with A/C/D marks", async () => {
    const r = await run(['image', DEMO, '--files', '--layer', '5', '--fail-on', 'none']);
    expect(r.stdout).toContain('Changes of layer 5 chown -R 1000:1000 /app/blob.bin');
    expect(r.stdout).toMatch(/C {3}512 KiB {6}└── blob\.bin {2}\(owner only\)/);
    const del = await run(['image', DEMO, '--files', '--layer', '7', '--fail-on', 'none']);
    expect(del.stdout).toMatch(/D {3}256 KiB .*cache\.db/);
  });

  it('json carries the files', async () => {
    const r = await run(['image', DEMO, '--files', '--path', '/data/*', '-f', 'json', '--fail-on', 'none']);
    const j = JSON.parse(r.stdout);
    expect(j.image.files).toEqual([
      { path: '/data/a', type: 'file', size: 2, mode: '0644', owner: '0:0', layer: 11 },
      { path: '/data/hard', type: 'hardlink', size: 2, mode: '0644', owner: '0:0', layer: 11, linkTarget: '/data/a' },
    ]);
  });

  it('--layer out of range, or without --files, is a usage error', async () => {
    expect((await run(['image', DEMO, '--files', '--layer', '99'])).code).toBe(2);
    expect((await run(['image', DEMO, '--layer', '1'])).code).toBe(2);
  });
});

describe('plimsoll image: bad input', () => {
  it('a missing image exits 2 and names it', async () => {
    const r = await run(['image', '/nonexistent/app.tar']);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('/nonexistent/app.tar');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that is not an image exits 2 without a stack trace', async () => {
    const cwd = dirWith({ 'notes.txt': 'hello' });
    const r = await run(['image', 'notes.txt', '-f', 'json'], cwd);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0].source).toBe('notes.txt');
    expect(r.stderr).toContain('notes.txt');
  });

  it('a bare whiteout is never applied: exit 2 naming image, layer and path, the rest still analysed', async () => {
    const w = await cachedImage(
      {
        layers: [
          { entries: [{ path: 'etc/', type: 'dir' }, { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }] },
          { entries: [{ path: 'etc/.wh.', content: '' }, { path: 'etc/hostname', content: 'box\n' }] },
        ],
      },
      { format: 'oci-archive' },
    );
    const r = await run(['image', w.ref, '-f', 'json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j.errors).toHaveLength(1);
    expect(j.errors[0]).toMatchObject({ source: w.ref, path: expect.stringContaining('/etc') });
    expect(j.errors[0].layer).toMatch(/^#1 sha256:/);
    expect(j.image.final.files).toBe(2);
    expect(r.stderr).toContain('(layer #1');
  });
});
