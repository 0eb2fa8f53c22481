/**
 * Attribution on real images built by buildah from Dockerfiles with known steps: every layer on
 * its expected line, in every export format; a squashed build left untied with the reason; and
 * `plimsoll image --dockerfile` putting each finding on the line that caused it in the table,
 * Markdown and SARIF (the chmod copy-up on the `RUN chmod -R` line).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { attributeImage, type AttributionReport } from '../../src/attribution/index.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { openImage } from '../../src/layers/index.js';
import { buildahAvailable, buildImage, type BuiltImage } from '../helpers/buildah.js';
import { runCli, sandbox } from '../cli/helpers.js';

/** A two-stage chain (the target stage is FROM the first), ARG, ENV, WORKDIR, COPY --from, several sources, ADD, a continued RUN with a comment, chmod -R, exec form. */
const DOCKERFILE = [
  'FROM busybox-base AS build', // 1
  'ARG VERSION=1.2', // 2
  'RUN mkdir /out && echo "$VERSION" > /out/version', // 3
  '', // 4
  'FROM build AS final', // 5
  'ARG TOKEN=abc', // 6
  'ENV APP=/app', // 7
  'WORKDIR $APP', // 8
  'COPY --from=build /out/version /app/version', // 9
  'COPY a.txt b.txt ./', // 10
  'ADD c.txt /app/c.txt', // 11
  'RUN dd if=/dev/zero of=/app/big.bin bs=1024 count=2048 && \\', // 12
  '    # a comment inside the RUN', // 13
  '    echo "$TOKEN" > /app/done', // 14
  'RUN chmod -R 755 /app', // 15
  'RUN ["/bin/sh", "-c", "echo exec > /app/e"]', // 16
  'USER 1000', // 17
  'EXPOSE 22', // 18
  'CMD ["/bin/sh"]', // 19
  '',
].join('\n');
const CONTEXT = { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' };
/** busybox-base's two layers, then one layer per RUN/COPY/ADD (buildah makes none for WORKDIR). */
const EXPECTED = { 0: 'base:1', 1: 'base:1', 2: 3, 3: 9, 4: 10, 5: 11, 6: 12, 7: 15, 8: 16 };

function lines(r: AttributionReport): Record<number, number | string> {
  return Object.fromEntries(r.layers.map((l) => [l.layer, l.status === 'instruction' ? l.instruction!.line : l.status === 'base' ? `base:${l.instruction!.line}` : l.code!]));
}

/** The Dockerfile exactly as built (the helper names the real base image in FROM). */
function builtDockerfile(img: BuiltImage): string {
  return join(dirname(img.exports.dockerArchive), 'context', 'Dockerfile');
}

async function attribution(ref: string, dockerfile: string) {
  const image = await openImage(ref);
  try {
    const df = parseDockerfile(readFileSync(dockerfile, 'utf8'), 'Dockerfile');
    return attributeImage(df, { config: image.config, layerCount: image.layers.length }, { file: 'Dockerfile' }).report;
  } finally {
    await image.close();
  }
}

describe.skipIf(!buildahAvailable)('attribution on buildah builds', () => {
  let img: BuiltImage;
  let squashed: BuiltImage;
  beforeAll(async () => {
    img = await buildImage({ name: 'attribution', dockerfile: DOCKERFILE, context: CONTEXT });
    squashed = await buildImage({ name: 'attribution-squashed', dockerfile: DOCKERFILE, context: CONTEXT, layers: false });
  });

  it.each(['dockerArchive', 'ociArchive', 'ociGzip', 'ociZstd'] as const)('every layer on its line (%s)', async (format) => {
    const r = await attribution(img.exports[format], builtDockerfile(img));
    expect(lines(r)).toEqual(EXPECTED);
    expect(r.builder).toBe('buildah');
    expect(r.stage).toMatchObject({ index: 1, name: 'final', line: 5 });
    expect(r.layers.find((l) => l.layer === 3)!.confidence).toBe('destination');
    expect(r.layers.find((l) => l.layer === 6)!.confidence).toBe('text');
    expect(r.note).toBeUndefined();
    // Steps that made no layer are tied too: ENV (line 7), USER (17), EXPOSE (18).
    const byLine = new Set(r.history.filter((h) => h.status === 'instruction').map((h) => h.instruction!.line));
    for (const line of [2, 6, 7, 8, 17, 18, 19]) expect(byLine.has(line)).toBe(true);
  });

  it('a squashed build (buildah bud without --layers): each stage one layer; one of one line, one of several, not guessed', async () => {
    const r = await attribution(squashed.exports.dockerArchive, builtDockerfile(squashed));
    expect(lines(r)).toEqual({ 0: 'base:1', 1: 'base:1', 2: 3, 3: 'squashed' });
    expect(r.layers[2]!.confidence).toBe('text');
    expect(r.layers[3]!.reason).toMatch(/lines 9, 10, 11, 12, 15, 16 together/);
    expect(r.note).toMatch(/squashed/);
  });

  it('plimsoll image --dockerfile: findings on their lines in the table, JSON, Markdown and SARIF', async () => {
    const root = sandbox({});
    copyFileSync(builtDockerfile(img), join(root, 'Dockerfile'));
    const ref = img.exports.ociArchive;
    const json = await runCli(['image', ref, '--dockerfile', 'Dockerfile', '-f', 'json'], { cwd: root });
    const report = JSON.parse(json.stdout);
    expect(report.image.attribution.summary).toEqual({ layers: 9, instruction: 7, base: 2, unmapped: 0 });
    const copyUp = report.findings.find((f: { ruleId: string; location: { path?: string } }) => f.ruleId === 'SZ001' && f.location.path === '/app');
    expect(copyUp.facts.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(copyUp.location.layer.index).toBe(7);
    expect(copyUp.location.source).toEqual({ kind: 'file', file: 'Dockerfile', range: { start: { line: 15, column: 1 }, end: { line: 15, column: 22 } } });
    const user = report.findings.find((f: { ruleId: string }) => f.ruleId === 'IM006');
    expect(user.location.source.range.start.line).toBe(18);

    const sarif = JSON.parse((await runCli(['image', ref, '--dockerfile', 'Dockerfile', '-f', 'sarif'], { cwd: root })).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string; properties: { path?: string } }) => r.ruleId === 'SZ001' && r.properties.path === '/app');
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 15, startColumn: 1, endLine: 15 },
    });
    // A real line: GitHub hashes it itself, so no stand-in primaryLocationLineHash.
    expect(result.partialFingerprints.primaryLocationLineHash).toBeUndefined();

    const table = await runCli(['image', ref, '--dockerfile', 'Dockerfile'], { cwd: root });
    expect(table.stdout).toMatch(/ 7 +2\.\d+ MiB +0 +6 \(6m\) +0 +15 +\|1 TOKEN=abc \/bin\/sh -c chmod -R 755 \/app/);
    expect(table.stdout).toMatch(/ 6 +2\.\d+ MiB +2 +0 +0 +12-14 /);
    expect(table.stdout).toContain('Dockerfile lines: Dockerfile (stage final, history by buildah): 7 of 9 layers tied to a line, 2 from the base image');
    expect(table.stdout).toMatch(/\/app .*· Dockerfile:15:1/);

    const md = await runCli(['image', ref, '--dockerfile', 'Dockerfile', '-f', 'markdown'], { cwd: root });
    expect(md.stdout).toMatch(/\| 7 \| 2\.\d+ MiB \| 0 \| 6 \| 0 \| 15 \|/);
    expect(md.stdout).toMatch(/\| \[SZ001\]\(.*\) metadata-copy-up \| 6 files \(2\.00 MiB\) under \/app .* \| Dockerfile:15<br>layer 7/);
  });

  it('plimsoll image --dockerfile on a squashed build says why in a note, and places config findings all the same', async () => {
    const root = sandbox({});
    copyFileSync(builtDockerfile(squashed), join(root, 'Dockerfile'));
    const r = await runCli(['image', squashed.exports.dockerArchive, '--dockerfile', 'Dockerfile', '-f', 'json'], { cwd: root });
    expect(r.stderr).toContain('plimsoll: note: --dockerfile Dockerfile: the build was squashed');
    const report = JSON.parse(r.stdout);
    const port = report.findings.find((f: { ruleId: string }) => f.ruleId === 'IM006');
    expect(port.location.source.range.start.line).toBe(18);
    const copyUps = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'SZ001');
    for (const f of copyUps) expect(f.location.source).toBeUndefined();
  });

  it('bad --dockerfile and --target: exit 2 with the reason', async () => {
    const root = sandbox({ Dockerfile: DOCKERFILE });
    const missing = await runCli(['image', img.exports.dockerArchive, '--dockerfile', 'nope/Dockerfile'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('plimsoll: nope/Dockerfile: --dockerfile: no such file\n');
    const target = await runCli(['image', img.exports.dockerArchive, '--dockerfile', 'Dockerfile', '--target', 'prod'], { cwd: root });
    expect(target.code).toBe(2);
    expect(target.stderr).toBe('plimsoll: --target prod: Dockerfile has no such stage (its stages: build, final)\n');
    const alone = await runCli(['image', img.exports.dockerArchive, '--target', 'build'], { cwd: root });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--target goes with --dockerfile');
  });
});
