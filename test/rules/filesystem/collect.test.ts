/**
 * The collector applies whiteouts, opaque whiteouts and replacements to its candidates as the
 * union filesystem does, on fake layer events (the FS rule tests cover real images).
 */
import { describe, expect, it } from 'vitest';
import type { LayerEntry, LayerEvent } from '../../../src/layers/types.js';
import { FilesystemCollector, isSetuidOrSetgid, isWorldWritable } from '../../../src/rules/filesystem/collect.js';
import { pathFilter } from '../../../src/rules/filesystem/paths.js';

type Opts = Partial<LayerEntry>;
const file = (path: string, opts: Opts = {}): LayerEntry => ({ kind: 'entry', path, type: 'file', size: 1, mode: 0o644, uid: 0, gid: 0, contentHash: `h-${path}`, ...opts });
const dir = (path: string, opts: Opts = {}): LayerEntry => ({ kind: 'entry', path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, ...opts });
const hit = { probe: 'plimsoll-fs', code: 'secret', line: 1, data: { detector: 'github-pat', title: 't', severity: 'critical', masked: 'ghp_…(40 chars)', example: false, name: null, kind: null } };
const secret = (path: string, opts: Opts = {}) => file(path, { probeHits: [hit], ...opts });
const wh = (path: string): LayerEvent => ({ kind: 'whiteout', path });
const opq = (path: string): LayerEvent => ({ kind: 'opaque', path });

function collect(layers: LayerEvent[][]) {
  const c = new FilesystemCollector(pathFilter());
  layers.forEach((events, i) => c.observeLayer(i, events));
  return c.facts(layers.length);
}

describe('filesystem collector', () => {
  it('classifies modes', () => {
    expect(isSetuidOrSetgid({ type: 'file', mode: 0o4755 })).toBe(true);
    expect(isSetuidOrSetgid({ type: 'file', mode: 0o4644 })).toBe(false);
    expect(isSetuidOrSetgid({ type: 'file', mode: 0o2711 })).toBe(true);
    expect(isSetuidOrSetgid({ type: 'file', mode: 0o2705 })).toBe(false);
    expect(isSetuidOrSetgid({ type: 'dir', mode: 0o2775 })).toBe(false);
    expect(isWorldWritable({ type: 'dir', mode: 0o1777 })).toBe(false);
    expect(isWorldWritable({ type: 'dir', mode: 0o777 })).toBe(true);
    expect(isWorldWritable({ type: 'symlink', mode: 0o777 })).toBe(false);
    expect(isWorldWritable({ type: 'char', mode: 0o666 })).toBe(false);
  });

  it('a whiteout removes the path and everything below it, from lower layers only', () => {
    const f = collect([[dir('/a'), file('/a/s', { mode: 0o4755 }), file('/b', { mode: 0o4755 })], [wh('/a'), dir('/a'), file('/a/s', { mode: 0o4755, contentHash: 'new' })]]);
    expect(f.setuid.map((x) => `${x.path}@${x.layer}`)).toEqual(['/b@0', '/a/s@1']);
  });

  it('an opaque whiteout hides what lower layers had below the folder, not the folder itself', () => {
    const f = collect([[dir('/d', { mode: 0o777 }), file('/d/x', { mode: 0o666 })], [opq('/d'), file('/d/y', { mode: 0o666 })]]);
    expect(f.worldWritable.map((x) => `${x.path}@${x.layer}`)).toEqual(['/d@0', '/d/y@1']);
  });

  it('a file replacing a folder hides what was below it; content below it counts as deleted there', () => {
    const f = collect([[dir('/etc/app'), file('/etc/app/run', { mode: 0o4755 }), secret('/etc/app/token')], [file('/etc/app')]]);
    expect(f.setuid).toEqual([]);
    expect(f.content.map((c) => [c.path, c.layer, c.deletedIn])).toEqual([['/etc/app/token', 0, 1]]);
  });

  it('content: a copy-up with the same bytes is the same finding; other bytes replace it', () => {
    const f = collect([[secret('/app/.env')], [secret('/app/.env', { mode: 0o600 })], [file('/app/.env', { contentHash: 'clean' })]]);
    expect(f.content).toHaveLength(1);
    expect(f.content[0]).toMatchObject({ path: '/app/.env', layer: 0, alsoIn: [1], replacedIn: 2 });
  });

  it('content: a new secret at the same path is a second finding', () => {
    const f = collect([[secret('/app/.env')], [secret('/app/.env', { contentHash: 'other' })]]);
    expect(f.content.map((c) => [c.layer, c.replacedIn])).toEqual([[0, 1], [1, undefined]]);
  });

  it('a duplicate entry in one layer: the last one wins', () => {
    const f = collect([[file('/x', { mode: 0o4755 }), file('/x', { mode: 0o755 })]]);
    expect(f.setuid).toEqual([]);
  });

  it('.git folders: first layer, files and bytes, and the layer that deleted them', () => {
    const f = collect([[dir('/app/.git'), file('/app/.git/HEAD', { size: 10 })], [file('/app/.git/index', { size: 5 })], [wh('/app')]]);
    expect(f.gitFolders).toEqual([{ path: '/app/.git', layer: 0, files: 2, bytes: 15, deletedIn: 2 }]);
  });

  it('programs that drop root, when still present and executable', () => {
    const f = collect([[file('/usr/local/bin/gosu', { mode: 0o755 }), file('/usr/sbin/su-exec', { mode: 0o644 }), file('/sbin/chpst', { mode: 0o755 })], [wh('/sbin/chpst')]]);
    expect(f.privilegeDroppers).toEqual(['/usr/local/bin/gosu']);
  });

  it('a probe that threw is reported, not hidden', () => {
    const f = collect([[file('/x', { probeHits: [{ probe: 'plimsoll-fs', code: 'probe-error', message: 'inspect() threw: boom' }] })]]);
    expect(f.probeFailures).toEqual([{ path: '/x', layer: 0, message: 'inspect() threw: boom' }]);
    expect(f.content).toEqual([]);
  });

  it('says when the walk stopped early', () => {
    const c = new FilesystemCollector(pathFilter());
    c.observeLayer(0, [file('/a', { mode: 0o4755 })]);
    expect(c.facts(3).complete).toBe(false);
    expect(c.facts(1).complete).toBe(true);
  });
});
