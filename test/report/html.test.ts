/**
 * The HTML report as text: one self-contained page (no external script, style, font or image;
 * a Content-Security-Policy that forbids fetching), data in JSON blocks that no input can break
 * out of, and the compact trees: sizes that add up, A/C/D marks per layer, and small files
 * folded under a budget. What the page does in a browser is html-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { cachedImage, syntheticImage } from '../../fixtures/generator/index.js';
import { runImage } from '../../src/commands/image.js';
import { buildImageTree, type ChangeNode, type FinalNode } from '../../src/report/html/tree-data.js';
import { renderHtml } from '../../src/report/html/index.js';
import { render } from '../../src/report/index.js';
import { analyseImage } from '../../src/layers/analysis.js';
import { openImage } from '../../src/layers/open.js';
import { HOSTILE, makeFixture } from './fixture.js';
import { DEMO_TOP_FOLDERS, demoImage } from './html-fixture.js';

function blocks(html: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const m of html.matchAll(/<script type="application\/json" id="([^"]+)">([\s\S]*?)<\/script>/g)) out.set(m[1], JSON.parse(m[2]));
  return out;
}

function child(n: FinalNode | ChangeNode, name: string): FinalNode | ChangeNode | undefined {
  const kids = (n.length === 7 ? n[6] : n[5]) as Array<FinalNode | ChangeNode> | number;
  return Array.isArray(kids) ? kids.find((k) => k[0] === name) : undefined;
}

function at(root: FinalNode | ChangeNode, path: string): FinalNode | ChangeNode | undefined {
  let n: FinalNode | ChangeNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) n = n && child(n, part);
  return n;
}

describe('HTML report: one self-contained page', () => {
  const { input } = makeFixture();
  const html = renderHtml(input);

  it('loads nothing from anywhere: no src or href to fetch, a CSP that forbids it', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">/);
    const tags = html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '').replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(tags).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(tags).not.toMatch(/\ssrc=/i);
    expect(tags).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('keeps hostile input inside its JSON block: no markup from messages reaches the page', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    // every </script> closes one of the page's own script elements
    const opened = (html.match(/<script\b/g) ?? []).length;
    expect((html.match(/<\/script>/g) ?? []).length).toBe(opened);
    const data = blocks(html).get('plimsoll-data') as { findings: Array<{ message: string }> };
    expect(data.findings.map((f) => f.message)).toContain(HOSTILE);
  });

  it('carries the gate, the counts and every finding with its state', () => {
    const data = blocks(html).get('plimsoll-data') as { exitCode: number; summary: { suppressed: number }; findings: Array<{ id: string; state?: string }>; errors: string[] };
    expect(data.exitCode).toBe(2);
    expect(data.findings).toHaveLength(input.findings.length);
    expect(data.findings.filter((f) => f.state === 'suppressed')).toHaveLength(2);
    expect(data.findings.filter((f) => f.state === 'unchanged')).toHaveLength(1);
    expect(data.errors).toHaveLength(3);
  });

  it('is registered as --format html', () => {
    expect(render('html', input, { color: false })).toBe(html);
  });
});

describe('HTML report: the trees of an image', async () => {
  const written = await cachedImage(demoImage, { format: 'oci-archive' });

  it('the final tree adds up, names the layer of each file, and marks reclaimable and removed bytes', async () => {
    const { report, analysis } = await runImage({ ref: written.ref, cwd: process.cwd(), diveCi: false, env: {}, imageTree: true });
    const tree = report.imageTree!;
    expect(tree).toBeDefined();
    const root = tree.final;
    expect(root[2]).toBe(analysis!.final.bytes);
    const tops = (root[6] as FinalNode[]).filter((n) => n[2] > 0).map((n) => n[0]).sort();
    expect(tops).toEqual(DEMO_TOP_FOLDERS);
    expect(at(root, '/usr/lib/libdemo.so.1')).toEqual(['libdemo.so.1', 'f', 500_000, 0, 0, 0, 0]);
    expect(at(root, '/bin')?.[1]).toBe('l');
    // caches: apt lists and archives, /tmp; the duplicate copy (later path of the same content)
    expect(at(root, '/var')?.[4]).toBe(450_000);
    expect(at(root, '/tmp/build.log')?.[4]).toBe(30_000);
    // the chmod copy-up re-shipped data.bin in layer 3 (its layer-2 version is removed bytes), which
    // makes it the later of two identical files: the copy in /app/assets (layer 2) is the one kept
    expect(at(root, '/app/assets/copy-of-data.bin')?.[4]).toBe(0);
    expect(at(root, '/app/data.bin')?.slice(0, 6)).toEqual(['data.bin', 'f', 400_000, 3, 400_000, 400_000]);
    // /usr/share/doc was deleted: its bytes are removed bytes of the deepest folder still there
    expect(at(root, '/usr')?.[5]).toBe(30_000);
    expect(root[4] + root[5]).toBe(analysis!.reclaimable.totalBytes);
    expect(tree.layerWaste).toEqual([0, 480_000, 400_000, 430_000]);
    expect(tree.foldedBelow).toBe(0);
  });

  it('each layer tree has its own changes with A/C/D marks', async () => {
    const { report } = await runImage({ ref: written.ref, cwd: process.cwd(), diveCi: false, env: {}, imageTree: true });
    const layers = report.imageTree!.layers;
    expect(layers).toHaveLength(4);
    expect(at(layers[2], '/app/server.js')?.[1]).toBe('A');
    expect(at(layers[2], '/etc')).toBeUndefined();
    const l3 = layers[3];
    expect(at(l3, '/app/data.bin')?.slice(0, 5)).toEqual(['data.bin', 'C', 400_000, 'f', 'mode']);
    expect(at(l3, '/usr/share/doc')?.slice(0, 4)).toEqual(['doc', 'D', 30_000, 'd']);
    expect(at(l3, '/usr/share/doc/demo/README')?.[1]).toBe('D');
    expect(at(l3, '/usr')?.[1]).toBe('');
    expect(at(l3, '/tmp/build.log')?.[1]).toBe('A');
  });

  it('the page embeds one block per layer and the final tree', async () => {
    const { report } = await runImage({ ref: written.ref, cwd: process.cwd(), diveCi: false, env: {}, imageTree: true });
    const b = blocks(renderHtml(report));
    expect([...b.keys()]).toEqual(['plimsoll-data', 'plimsoll-final', 'plimsoll-layer-0', 'plimsoll-layer-1', 'plimsoll-layer-2', 'plimsoll-layer-3']);
    expect((b.get('plimsoll-data') as { image: { layers: Array<{ waste: number }> } }).image.layers.map((l) => l.waste)).toEqual([0, 480_000, 400_000, 430_000]);
  });

  it('without html asked for, no layer changes are recorded and no tree is built', async () => {
    const { report, analysis } = await runImage({ ref: written.ref, cwd: process.cwd(), diveCi: false, env: {} });
    expect(report.imageTree).toBeUndefined();
    expect(analysis!.layerChanges).toBeUndefined();
  });
});

describe('HTML report: a large image stays small', async () => {
  // 3,000 files over 3 layers in folders of 100; a budget of 500 leaves forces folding.
  const written = await cachedImage(syntheticImage({ layers: 3, files: 3_000, bytes: 30_000_000 }), { format: 'oci', compression: 'gzip', gzipLevel: 1 });

  it('folds small files into "(n small files)" nodes whose counts and bytes add up', async () => {
    const image = await openImage(written.ref);
    const analysis = await analyseImage(image, { allLayerChanges: true });
    await image.close();
    const tree = buildImageTree(analysis, { finalLeaves: 500, layerLeaves: 600 });
    expect(tree.foldedBelow).toBeGreaterThan(0);
    expect(tree.folded).toBeGreaterThan(2_000);
    let files = 0;
    let bytes = 0;
    let leaves = 0;
    const walk = (n: FinalNode) => {
      if (n[1] === 's') {
        files += n[6] as number;
        bytes += n[2];
      } else if (n[1] !== 'd') {
        files++;
        leaves++;
        bytes += n[2];
        expect(n[2]).toBeGreaterThan(tree.foldedBelow);
      } else for (const c of n[6] as FinalNode[]) walk(c);
    };
    walk(tree.final);
    expect(leaves).toBeLessThanOrEqual(500);
    expect(files).toBe(analysis.final.files);
    expect(bytes).toBe(analysis.final.bytes);
    expect(tree.final[2]).toBe(analysis.final.bytes);
    // the top of the tree keeps its names
    expect((tree.final[6] as FinalNode[]).map((n) => n[0])).toEqual(['data']);
  });
});
