/**
 * Attribution on history texts as each builder writes them: BuildKit (written here from
 * BuildKit's dockerfile2llb formats, since no BuildKit runs on CI machines), the classic
 * builder and kaniko (dive's test images, built by Docker and by kaniko from one Dockerfile),
 * and the cases that must not be guessed: squashed builds, missing or miscounted history, an
 * edited Dockerfile, an unrelated Dockerfile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeImage, attributeFindings, type AttributionReport } from '../../src/attribution/index.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { HistoryEntry, ImageConfig } from '../../src/layers/types.js';
import { openImage } from '../../src/layers/index.js';
import type { Finding } from '../../src/rules/finding.js';
import { shared } from '../helpers/shared.js';

function attribute(dockerfile: string, history: HistoryEntry[], opts: { layers?: number; target?: string; config?: ImageConfig['config'] } = {}) {
  const df = parseDockerfile(dockerfile, 'Dockerfile');
  const layerCount = opts.layers ?? history.filter((h) => !h.empty_layer).length;
  const config: ImageConfig = { rootfs: { type: 'layers', diff_ids: [] }, history, config: opts.config };
  return attributeImage(df, { config, layerCount }, { file: 'Dockerfile', target: opts.target });
}

/** `layer → line` for mapped layers, `layer → 'base'`, or `layer → code` for unmapped ones. */
function lines(r: AttributionReport): Record<number, number | string> {
  return Object.fromEntries(r.layers.map((l) => [l.layer, l.status === 'instruction' ? l.instruction!.line : l.status === 'base' ? `base:${l.instruction!.line}` : l.code!]));
}

const BK = 'buildkit.dockerfile.v0';

describe('BuildKit histories', () => {
  const dockerfile = [
    '# syntax=docker/dockerfile:1', // 1
    'ARG BASE=debian:12', // 2
    'FROM ${BASE} AS base', // 3
    'ENV APP_HOME=/srv/app', // 4
    'WORKDIR $APP_HOME', // 5
    'RUN --mount=type=cache,target=/var/cache/apt \\', // 6
    '    apt-get update && \\', // 7
    '    # the tools', // 8
    '    apt-get install -y curl', // 9
    '', // 10
    'FROM base AS final', // 11
    'ARG VERSION=1.0', // 12
    'COPY --chown=app:app src/ ./src/', // 13
    'RUN <<EOF', // 14
    'set -e', // 15
    'echo "$VERSION" > /srv/app/version', // 16
    'EOF', // 17
    'RUN ["/usr/bin/env", "true"]', // 18
    'USER app', // 19
    'EXPOSE 8080/tcp 22', // 20
    'CMD ["./run"]', // 21
    '',
  ].join('\n');
  const history: HistoryEntry[] = [
    { created_by: "# debian.sh --arch 'amd64' out/ 'bookworm' '@1700000000'", comment: 'debuerreotype 0.15' },
    { created_by: 'ENV APP_HOME=/srv/app', comment: BK, empty_layer: true },
    { created_by: 'WORKDIR /srv/app', comment: BK },
    { created_by: 'RUN /bin/sh -c apt-get update &&     apt-get install -y curl # buildkit', comment: BK },
    { created_by: 'ARG VERSION=1.0', comment: BK, empty_layer: true },
    { created_by: 'COPY src/ ./src/ # buildkit', comment: BK },
    { created_by: 'RUN |1 VERSION=1.0 /bin/sh -c set -e\necho "$VERSION" > /srv/app/version\n # buildkit', comment: BK },
    { created_by: 'RUN |1 VERSION=1.0 /usr/bin/env true # buildkit', comment: BK },
    { created_by: 'USER app', comment: BK, empty_layer: true },
    { created_by: 'EXPOSE map[22/tcp:{} 8080/tcp:{}]', comment: BK, empty_layer: true },
    { created_by: 'CMD ["./run"]', comment: BK, empty_layer: true },
  ];

  it('ties each layer to its line: base, WORKDIR, a continued RUN with a comment, COPY with flags, a heredoc, exec form', () => {
    const a = attribute(dockerfile, history);
    expect(a.report.builder).toBe('buildkit');
    expect(lines(a.report)).toEqual({ 0: 'base:3', 1: 5, 2: 6, 3: 13, 4: 14, 5: 18 });
    expect(a.report.layers.slice(1).every((l) => l.confidence === 'text')).toBe(true);
    expect(a.report.base).toEqual({ image: 'debian:12', line: 3, historyEntries: 1 });
    expect(a.report.summary).toEqual({ layers: 6, instruction: 5, base: 1, unmapped: 0 });
    expect(a.report.note).toBeUndefined();
  });

  it('maps empty-layer steps too, so history and config findings find their line', () => {
    const a = attribute(dockerfile, history);
    expect(a.report.history.map((h) => h.instruction?.line)).toEqual([3, 4, 5, 6, 12, 13, 14, 18, 19, 20, 21]);
    const f = (loc: Partial<Finding['location']>) => ({ location: { kind: 'image', image: 'app', ...loc } }) as unknown as Finding;
    const findings = [
      f({ historyIndex: 4 }), // ARG VERSION=1.0
      f({ configKey: 'config.User' }),
      f({ configKey: 'config.ExposedPorts["22/tcp"]' }),
      f({ configKey: 'config.Env[1]' }),
      f({ configKey: 'config.Env[0]' }), // PATH: from the base image
      f({ layer: { index: 2, diffId: 'sha256:x' }, path: '/var/lib/apt/lists' }),
    ];
    const withConfig = attribute(dockerfile, history, { config: { User: 'app', Env: ['PATH=/usr/bin', 'APP_HOME=/srv/app'], ExposedPorts: { '22/tcp': {}, '8080/tcp': {} } } });
    expect(attributeFindings(findings, withConfig)).toBe(5);
    expect(findings.map((x) => (x.location.kind === 'image' ? x.location.source?.range.start.line : undefined))).toEqual([12, 19, 20, 4, undefined, 6]);
  });

  it('a USER the image does not have (built with another value) is not pointed at', () => {
    const a = attribute(dockerfile, history, { config: { User: 'root' } });
    expect(a.sourceOf({ kind: 'image', image: 'app', configKey: 'config.User' })).toBeUndefined();
  });

  it('--target: the build stage alone', () => {
    const a = attribute(dockerfile, history.slice(0, 4), { target: 'base' });
    expect(lines(a.report)).toEqual({ 0: 'base:3', 1: 5, 2: 6 });
    expect(a.report.stage).toEqual({ index: 0, name: 'base', line: 3 });
  });

  it('an edited RUN between matched steps is tied by position, and says so', () => {
    const edited = dockerfile.replace('RUN ["/usr/bin/env", "true"]', 'RUN ["/usr/bin/env", "false"]').replace('COPY --chown=app:app src/ ./src/', 'COPY --chown=app:app lib/ ./lib/');
    const a = attribute(edited + 'RUN echo done\n', [...history, { created_by: 'RUN |1 VERSION=1.0 /bin/sh -c echo done # buildkit', comment: BK }]);
    expect(lines(a.report)).toEqual({ 0: 'base:3', 1: 5, 2: 6, 3: 13, 4: 14, 5: 18, 6: 22 });
    expect(a.report.layers[3]).toMatchObject({ confidence: 'position' });
    expect(a.report.layers[3]!.reason).toMatch(/may have changed since the build/);
    expect(a.report.layers[5]).toMatchObject({ confidence: 'position' });
  });

  it('an edited last RUN has nothing after it to hold it in place: not tied, with the reason', () => {
    const edited = dockerfile.replace('RUN ["/usr/bin/env", "true"]', 'RUN ["/usr/bin/env", "false"]').replace(/USER app\nEXPOSE .*\nCMD .*\n/, '');
    const a = attribute(edited, history.slice(0, 8));
    expect(lines(a.report)[5]).toBe('text-mismatch');
    expect(a.report.layers[5]!.reason).toMatch(/is a RUN where line 18 .* would be, but the texts differ/);
    expect(a.report.note).toBe('1 of 6 layers could not be tied to a line');
  });

  it('a step the image does not have is listed', () => {
    const a = attribute(dockerfile.replace('USER app', 'RUN rm -rf /tmp/*\nUSER app'), history);
    expect(lines(a.report)).toEqual({ 0: 'base:3', 1: 5, 2: 6, 3: 13, 4: 14, 5: 18 });
    expect(a.report.missingInstructions.map((i) => i.line)).toEqual([19]);
    expect(a.report.note).toMatch(/line 19 has no step in the image's history/);
  });
});

describe('more BuildKit texts', () => {
  it('SHELL changes the recorded command; ONBUILD triggers of a parent stage run first in the child', () => {
    const df = [
      'FROM node:20 AS base', // 1
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', // 2
      'ONBUILD COPY package.json /srv/', // 3
      'RUN curl -fsSL https://example.com/x | tar -xz', // 4
      'FROM base', // 5
      'RUN npm ci', // 6
      '',
    ].join('\n');
    const a = attribute(df, [
      { created_by: '/bin/sh -c #(nop)  CMD ["node"]', empty_layer: true },
      { created_by: 'SHELL [/bin/bash -o pipefail -c]', comment: BK, empty_layer: true },
      { created_by: 'RUN /bin/bash -o pipefail -c curl -fsSL https://example.com/x | tar -xz # buildkit', comment: BK },
      { created_by: 'COPY package.json /srv/ # buildkit', comment: BK },
      { created_by: 'RUN /bin/bash -o pipefail -c npm ci # buildkit', comment: BK },
    ], { layers: 3 });
    expect(lines(a.report)).toEqual({ 0: 4, 1: 3, 2: 6 });
    expect(a.report.history[1]!.instruction?.line).toBe(2);
  });
});

describe('what is never guessed', () => {
  const df = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY app /app\nCMD ["/app"]\n';
  const base = { created_by: '/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / ' };

  it('no history: every layer unmapped', () => {
    const a = attribute(df, [], { layers: 3 });
    expect(lines(a.report)).toEqual({ 0: 'no-history', 1: 'no-history', 2: 'no-history' });
    expect(a.report.note).toMatch(/no history/);
  });

  it('a history that miscounts the layers: every layer unmapped', () => {
    const a = attribute(df, [base, { created_by: '/bin/sh -c apk add --no-cache curl' }], { layers: 3 });
    expect(new Set(Object.values(lines(a.report)))).toEqual(new Set(['count-mismatch']));
    expect(a.report.layers[0]!.reason).toMatch(/2 entries that made a layer for 3 layers/);
  });

  it('a squashed build: the layer holds several lines and says which', () => {
    const a = attribute(df, [
      base,
      { created_by: '/bin/sh -c apk add --no-cache curl', empty_layer: true },
      { created_by: '/bin/sh -c #(nop) COPY file:0123456789abcdef0123456789abcdef in /app ', empty_layer: true },
      { created_by: '/bin/sh -c #(nop) CMD ["/app"]' },
    ]);
    expect(lines(a.report)).toEqual({ 0: 'base:1', 1: 'squashed' });
    expect(a.report.layers[1]!.reason).toMatch(/lines 2, 3 together/);
  });

  it('an unrelated Dockerfile: nothing tied, not even the base', () => {
    const a = attribute('FROM debian:12\nRUN make\nCOPY x /x\n', [base, { created_by: '/bin/sh -c apk add --no-cache curl' }, { created_by: '/bin/sh -c #(nop) COPY file:0123456789abcdef0123456789abcdef in /app ' }]);
    expect(new Set(Object.values(lines(a.report)))).toEqual(new Set(['no-match']));
    expect(a.report.note).toMatch(/no history entry matches an instruction of Dockerfile/);
  });

  it('FROM scratch: entries before the first instruction are not a base image', () => {
    const a = attribute('FROM scratch\nCOPY app /app\n', [{ created_by: 'jib-maven-plugin:3.4.0' }, { created_by: 'COPY app /app # buildkit', comment: BK }]);
    expect(lines(a.report)).toEqual({ 0: 'no-instruction', 1: 2 });
  });

  it('a bare text is a RUN only when it is the exact text (classic exec form)', () => {
    const a = attribute('FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n', [base, { created_by: 'apk add curl' }]);
    expect(lines(a.report)).toEqual({ 0: 'base:1', 1: 2 });
    const b = attribute('FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n', [base, { created_by: 'jib-maven-plugin:3.4.0' }]);
    expect(lines(b.report)).toEqual({ 0: 'no-match', 1: 'no-match' });
  });
});

const DIVE = shared('images', 'dive');
const haveDive = existsSync(`${DIVE}/test-docker-image.tar`);
if (!haveDive) console.warn(`skipping attribution tests on dive's images: ${DIVE} is missing`);

describe.skipIf(!haveDive)("dive's test image built by Docker (classic builder) and by kaniko", () => {
  const expected = { 0: 'base:1', 1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 7, 7: 8, 8: 9, 9: 10, 10: 11, 11: 12, 12: 13, 13: 14 };
  it.each([
    ['classic', 'test-docker-image.tar', 'destination'],
    ['kaniko', 'test-kaniko-image.tar', 'text'],
  ])('%s: every layer on its line', async (builder, file, addConfidence) => {
    const image = await openImage(`${DIVE}/${file}`);
    try {
      const df = parseDockerfile(readFileSync(`${DIVE}/Dockerfile.test-image`, 'utf8'), 'Dockerfile.test-image');
      const a = attributeImage(df, { config: image.config, layerCount: image.layers.length }, { file: 'Dockerfile.test-image' });
      expect(a.report.builder).toBe(builder);
      expect(lines(a.report)).toEqual(expected);
      expect(a.report.layers[1]!.confidence).toBe(addConfidence);
      expect(a.report.layers[10]!.confidence).toBe(addConfidence);
      expect(a.report.layers[4]).toMatchObject({ confidence: 'text', instruction: { text: 'RUN chmod 444 /root/example/somefile1.txt' } });
    } finally {
      await image.close();
    }
  });
});
