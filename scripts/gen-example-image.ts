/**
 * Writes examples/images/webapp.tar, the small image archive shipped with the package (a
 * `docker save` archive made by the fixture generator, byte for byte the same every time), so
 * that `plimsoll image` can be tried with nothing else installed:
 *
 *   npx tsx scripts/gen-example-image.ts          (re)write it
 *   npx tsx scripts/gen-example-image.ts --check  exit 1 when the committed file differs
 *
 * The image has what plimsoll looks for, small: a root user, an apt cache left behind, a file
 * copied up by chmod in a later layer, a deleted build folder and an .env with a fake key.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImage, type FixtureImage } from '../fixtures/generator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE_IMAGE = join(root, 'examples/images/webapp.tar');

const server = `const http = require('node:http');\nhttp.createServer((req, res) => res.end('ok')).listen(8080);\n`;

export const exampleImage: FixtureImage = {
  tag: 'plimsoll/example-webapp:1.0',
  config: { Cmd: ['node', '/app/server.js'], ExposedPorts: { '8080/tcp': {} }, WorkingDir: '/app' },
  layers: [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:3a8c0e5b2f0e4d1c in / ',
      entries: [
        { path: 'etc/os-release', content: 'PRETTY_NAME="plimsoll example"\nID=example\n' },
        { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' },
        { path: 'usr/lib/libexample.so.1', content: { size: 6000, seed: 11 } },
        { path: 'root', type: 'dir', mode: 0o700 },
        { path: 'tmp', type: 'dir', mode: 0o1777 },
      ],
    },
    {
      createdBy: '/bin/sh -c apt-get update && apt-get install -y nodejs',
      entries: [
        { path: 'usr/bin/node', content: { size: 9000, seed: 12 }, mode: 0o755 },
        { path: 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', content: { size: 3000, seed: 13 } },
        { path: 'var/cache/apt/archives/nodejs_18.19.0_amd64.deb', content: { size: 4000, seed: 14 } },
      ],
    },
    {
      createdBy: '/bin/sh -c #(nop) COPY dir:5e1f7a2b9c3d4e6f in /app ',
      entries: [
        { path: 'app/server.js', content: server },
        { path: 'app/package.json', content: '{ "name": "example-webapp", "version": "1.0.0" }\n' },
        { path: 'app/.env', content: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' },
        { path: 'app/build/bundle.js', content: { size: 5000, seed: 15 } },
      ],
    },
    {
      createdBy: '/bin/sh -c chmod -R 755 /app && rm -rf /app/build',
      entries: [
        { path: 'app/server.js', content: server, mode: 0o755 },
        { path: 'app/build', type: 'whiteout' },
      ],
    },
  ],
};

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const out = check ? join(tmpdir(), `plimsoll-example-${process.pid}.tar`) : EXAMPLE_IMAGE;
  await writeImage(exampleImage, out, { format: 'docker-archive' });
  if (!check) return;
  const [made, kept] = await Promise.all([readFile(out), readFile(EXAMPLE_IMAGE).catch(() => Buffer.alloc(0))]);
  await rm(out, { force: true });
  if (!made.equals(kept)) {
    console.error('examples/images/webapp.tar differs from what scripts/gen-example-image.ts writes: run it and commit the result');
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
