/**
 * A small image with every kind of thing the HTML report draws: five top folders with bytes, a
 * symlink, caches (apt lists and archives, /tmp), a duplicate copy, a chmod copy-up, a deleted
 * folder, and one layer per step with a known `created_by`.
 */
import type { FixtureImage } from '../../fixtures/generator/index.js';

export const DEMO_TOP_FOLDERS = ['app', 'etc', 'tmp', 'usr', 'var'];

export const demoImage: FixtureImage = {
  tag: 'plimsoll/html-demo:1',
  config: { User: '1000', Cmd: ['node', '/app/server.js'] },
  layers: [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:base in /',
      entries: [
        { path: 'etc', type: 'dir' },
        { path: 'etc/os-release', content: 'ID=demo\n' },
        { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n' },
        { path: 'usr/bin/tool', content: { size: 200_000, seed: 1 }, mode: 0o755 },
        { path: 'usr/lib/libdemo.so.1', content: { size: 500_000, seed: 2 } },
        { path: 'bin', type: 'symlink', target: 'usr/bin' },
        { path: 'root', type: 'dir', mode: 0o700 },
      ],
    },
    {
      createdBy: '/bin/sh -c apt-get update && apt-get install -y demo',
      entries: [
        { path: 'var/lib/apt/lists/deb.example_dists_stable_Packages', content: { size: 300_000, seed: 3 } },
        { path: 'var/cache/apt/archives/demo_1.0_amd64.deb', content: { size: 150_000, seed: 4 } },
        { path: 'usr/share/doc/demo/README', content: { size: 10_000, seed: 5 } },
        { path: 'usr/share/doc/demo/changelog.gz', content: { size: 20_000, seed: 6 } },
      ],
    },
    {
      createdBy: '/bin/sh -c #(nop) COPY dir:app in /app',
      entries: [
        { path: 'app/server.js', content: { size: 50_000, seed: 7 } },
        { path: 'app/data.bin', content: { size: 400_000, seed: 8 } },
        { path: 'app/assets/copy-of-data.bin', content: { size: 400_000, seed: 8 } },
        { path: 'app/assets/logo.svg', content: '<svg></svg>' },
      ],
    },
    {
      createdBy: '/bin/sh -c chmod 0700 /app/data.bin && rm -rf /usr/share/doc && make > /tmp/build.log',
      entries: [
        { path: 'app/data.bin', content: { size: 400_000, seed: 8 }, mode: 0o700 },
        { path: 'usr/share/doc', type: 'whiteout' },
        { path: 'tmp/build.log', content: { size: 30_000, seed: 9 } },
      ],
    },
  ],
};
