/**
 * Collects what the filesystem rules need while the layer walk delivers each layer's events,
 * base layer first: setuid/setgid files and world-writable files and folders (those still in
 * the final image, attributed to the layer that gave them their mode), files with content-probe
 * hits and `.git` folders (from any layer, with the later layer that deleted or replaced them:
 * a deleted file still ships in the blob of the layer that added it), and programs that drop
 * root. It keeps only candidates, never the whole tree, and applies whiteouts, opaque
 * whiteouts and replacements to them as the union filesystem does.
 */
import type { LayerEntry, LayerEvent } from '../../layers/types.js';
import type { ContentHit } from './content.js';
import { PRIVILEGE_DROPPERS, type PathFilter } from './paths.js';
import type { ContentFile, FilesystemFacts, FsFile, GitFolder, ProbeFailure } from './types.js';

const SETUID = 0o4000;
const SETGID = 0o2000;
const STICKY = 0o1000;

export function isSetuidOrSetgid(e: Pick<LayerEntry, 'type' | 'mode'>): boolean {
  if (e.type !== 'file' && e.type !== 'hardlink') return false;
  // Without an execute bit the bit does nothing (setgid without group-execute means locking).
  return ((e.mode & SETUID) !== 0 && (e.mode & 0o111) !== 0) || ((e.mode & SETGID) !== 0 && (e.mode & 0o010) !== 0);
}

export function isWorldWritable(e: Pick<LayerEntry, 'type' | 'mode'>): boolean {
  if ((e.mode & 0o002) === 0) return false;
  if (e.type === 'dir') return (e.mode & STICKY) === 0;
  // Symlinks are always 0777; devices and FIFOs are meant to be shared (/dev/null).
  return e.type === 'file' || e.type === 'hardlink';
}

function versionOf(e: LayerEntry, layer: number): FsFile {
  const v: FsFile = { path: e.path, layer, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, size: e.size };
  if (e.contentHash) v.contentHash = e.contentHash;
  if (e.linkname !== undefined) v.linkname = e.linkname;
  return v;
}

/** Live candidates by path, with a count of candidates under each folder for cheap prefix removal. */
class Candidates<T extends { path: string; layer: number }> {
  readonly live = new Map<string, T>();
  private readonly under = new Map<string, number>();

  get size(): number {
    return this.live.size;
  }

  add(v: T): void {
    const old = this.live.get(v.path);
    if (old) this.delete(old.path);
    this.live.set(v.path, v);
    for (const dir of ancestors(v.path)) this.under.set(dir, (this.under.get(dir) ?? 0) + 1);
  }

  delete(path: string): T | undefined {
    const v = this.live.get(path);
    if (!v) return undefined;
    this.live.delete(path);
    for (const dir of ancestors(path)) {
      const n = (this.under.get(dir) ?? 1) - 1;
      if (n <= 0) this.under.delete(dir);
      else this.under.set(dir, n);
    }
    return v;
  }

  /** Removes and returns the candidates strictly below `dir` that `keep` does not keep. */
  deleteUnder(dir: string, drop: (v: T) => boolean): T[] {
    if (!this.under.has(dir)) return [];
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out: T[] = [];
    for (const [path, v] of this.live) {
      if (path.startsWith(prefix) && path !== dir && drop(v)) out.push(v);
    }
    for (const v of out) this.delete(v.path);
    return out;
  }
}

function ancestors(path: string): string[] {
  const out = ['/'];
  let i = path.indexOf('/', 1);
  while (i > 0) {
    out.push(path.slice(0, i));
    i = path.indexOf('/', i + 1);
  }
  return out;
}

function gitFolderOf(path: string): string | undefined {
  if (path.endsWith('/.git')) return path;
  const i = path.indexOf('/.git/');
  return i >= 0 ? path.slice(0, i + 5) : undefined;
}

export class FilesystemCollector {
  private readonly setuid = new Candidates<FsFile>();
  private readonly worldWritable = new Candidates<FsFile>();
  private readonly droppers = new Candidates<FsFile>();
  private readonly contentLive = new Candidates<ContentFile>();
  private readonly content: ContentFile[] = [];
  private readonly gitLive = new Candidates<GitFolder>();
  private readonly git: GitFolder[] = [];
  private readonly probeFailures: ProbeFailure[] = [];
  private layersSeen = 0;

  /** `allow`: paths whose `.git` folders are not reported (the content probe skips them too). */
  constructor(private readonly allow: PathFilter) {}

  /** One layer's events, in tar order; layers must come in order, base first. */
  observeLayer(layer: number, events: readonly LayerEvent[]): void {
    this.layersSeen = Math.max(this.layersSeen, layer + 1);
    for (const e of events) {
      if (e.kind === 'whiteout') this.remove(e.path, layer, true);
      else if (e.kind === 'opaque') this.remove(e.path, layer, false);
      else if (e.kind === undefined || e.kind === 'entry') this.entry(e as LayerEntry, layer);
    }
  }

  /** A whiteout (the path and what is below it) or an opaque whiteout (only what is below). */
  private remove(path: string, layer: number, self: boolean): void {
    const lower = (v: { layer: number }) => v.layer < layer;
    for (const c of [this.setuid, this.worldWritable, this.droppers] as Candidates<FsFile>[]) {
      if (self && (c.live.get(path)?.layer ?? layer) < layer) c.delete(path);
      c.deleteUnder(path, lower);
    }
    const gone: ContentFile[] = [];
    const own = this.contentLive.live.get(path);
    if (self && own && own.layer < layer) gone.push(this.contentLive.delete(path)!);
    gone.push(...this.contentLive.deleteUnder(path, lower));
    for (const c of gone) c.deletedIn = layer;
    const git: GitFolder[] = [];
    const g = this.gitLive.live.get(path);
    if (self && g && g.layer < layer) git.push(this.gitLive.delete(path)!);
    git.push(...this.gitLive.deleteUnder(path, lower));
    for (const f of git) f.deletedIn = layer;
  }

  private entry(e: LayerEntry, layer: number): void {
    const path = e.path;
    if (path === '/') return;
    // A file, link or device where a folder was hides everything below it.
    if (e.type !== 'dir') this.remove(path, layer, false);

    this.track(this.setuid, e, layer, isSetuidOrSetgid(e));
    this.track(this.worldWritable, e, layer, isWorldWritable(e));
    const base = path.slice(path.lastIndexOf('/') + 1);
    this.track(this.droppers, e, layer, e.type === 'file' && PRIVILEGE_DROPPERS.has(base) && (e.mode & 0o111) !== 0);

    this.trackContent(e, layer);
    this.gitFolder(e, layer);
  }

  /** Keeps the earliest layer for a candidate whose new version has the same property and content. */
  private track(c: Candidates<FsFile>, e: LayerEntry, layer: number, qualifies: boolean): void {
    const old = c.live.get(e.path);
    if (old && qualifies && old.type === e.type && old.mode === e.mode && old.uid === e.uid && old.gid === e.gid && (e.type === 'dir' || (old.contentHash ?? '') === (e.contentHash ?? ''))) return;
    if (old) c.delete(e.path);
    if (qualifies) c.add(versionOf(e, layer));
  }

  private trackContent(e: LayerEntry, layer: number): void {
    const old = this.contentLive.live.get(e.path);
    const hits = (e.probeHits ?? []).filter((h) => h.code !== 'probe-error');
    for (const h of e.probeHits ?? []) {
      if (h.code === 'probe-error') this.probeFailures.push({ path: e.path, layer, message: h.message ?? 'content check failed' });
    }
    if (old) {
      if (e.type === 'file' && e.contentHash && e.contentHash === old.contentHash) {
        // The same bytes again (chmod, chown): shipped once more, still the same finding.
        if (old.layer !== layer && !old.alsoIn.includes(layer)) old.alsoIn.push(layer);
        return;
      }
      this.contentLive.delete(e.path);
      if (old.layer < layer) old.replacedIn = layer;
      else this.content.splice(this.content.indexOf(old), 1);
    }
    if (hits.length === 0) return;
    const f: ContentFile = { ...versionOf(e, layer), hits: hits.map((h) => ({ code: h.code, line: h.line, data: h.data }) as ContentHit), alsoIn: [] };
    this.content.push(f);
    this.contentLive.add(f);
  }

  private gitFolder(e: LayerEntry, layer: number): void {
    const dir = gitFolderOf(e.path);
    if (!dir || this.allow.allowed(`${dir}/`)) return;
    let g = this.gitLive.live.get(dir);
    if (!g) {
      if (e.path === dir && e.type !== 'dir') return;
      g = { path: dir, layer, files: 0, bytes: 0 };
      this.git.push(g);
      this.gitLive.add(g);
    }
    if (e.path !== dir && e.type === 'file') {
      g.files++;
      g.bytes += e.size;
    }
  }

  /** The facts, once every layer has been observed (or as far as the walk got). */
  facts(layerCount: number): Omit<FilesystemFacts, 'reference' | 'layers'> {
    const sort = <T extends { path: string; layer: number }>(list: Iterable<T>) =>
      [...list].sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
      complete: this.layersSeen >= layerCount,
      setuid: sort(this.setuid.live.values()),
      worldWritable: sort(this.worldWritable.live.values()),
      privilegeDroppers: sort(this.droppers.live.values()).map((f) => f.path),
      content: sort(this.content),
      gitFolders: sort(this.git),
      probeFailures: this.probeFailures,
    };
  }
}
