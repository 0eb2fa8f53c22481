/**
 * Shared wording and queries of the filesystem rules.
 */
import picomatch from 'picomatch';
import type { FactValue } from '../finding.js';
import type { ContentHit } from './content.js';
import type { ContentFile, FilesystemReportDescriptor, FsFile } from './types.js';

/** `4755`, `0777`: the permission bits as `chmod` takes them. */
export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

/**
 * Where a file from the content checks ships: " (layer 3)", or for one deleted or replaced
 * later " (added in layer 3, deleted in layer 5: the bytes still ship in layer 3)".
 */
export function shippedText(f: ContentFile | { layer: number; deletedIn?: number; replacedIn?: number }): string {
  if (f.deletedIn !== undefined) return `, added in layer ${f.layer} and deleted in layer ${f.deletedIn}: it still ships in layer ${f.layer}'s blob`;
  if ('replacedIn' in f && f.replacedIn !== undefined) return `, added in layer ${f.layer} and overwritten in layer ${f.replacedIn}: the old version still ships in layer ${f.layer}'s blob`;
  return `, added in layer ${f.layer}`;
}

/** "an AWS secret access key in AWS_SECRET_ACCESS_KEY (wJal…(40 chars))": what was found, masked. */
export function secretWords(h: ContentHit): string {
  const title = h.data.title.replace(/ \(documentation example\)$/, '');
  const name = h.data.name && h.data.name.toLowerCase() !== title.toLowerCase() ? ` in ${h.data.name}` : '';
  return `${article(title)} ${title}${name} (${h.data.masked})`;
}

/** "a" or "an", by how the word is said (an AWS key, an SSH key, a URL). */
export function article(word: string): string {
  if (/^(AWS|SSH|RSA|EC|HTTP|npm|OpenAI|OpenSSH|encrypted|empty|unknown|[aeio])/i.test(word) && !/^(user|uni|one|eu)/i.test(word)) return 'an';
  return 'a';
}

/** The common parts of a finding about one content hit. */
export function hitDescriptor(f: ContentFile, h: ContentHit, messageId: string, data: Record<string, string | number>, fix: string): FilesystemReportDescriptor {
  const facts: Record<string, FactValue> = {
    detector: h.data.detector,
    masked: h.data.masked,
    severity: h.data.severity,
    example: h.data.example,
  };
  if (h.line !== undefined) facts.line = h.line;
  if (h.data.name) facts.name = h.data.name;
  if (h.data.kind) facts.kind = h.data.kind;
  if (f.deletedIn !== undefined) facts.deletedIn = f.deletedIn;
  if (f.replacedIn !== undefined) facts.replacedIn = f.replacedIn;
  if (f.alsoIn.length > 0) facts.alsoIn = f.alsoIn.join(',');
  return {
    messageId,
    data: {
      path: f.path,
      secret: secretWords(h),
      title: h.data.title,
      line: h.line ?? 1,
      shipped: shippedText(f),
      ...data,
    },
    layer: f.layer,
    relatedLayer: f.deletedIn ?? f.replacedIn,
    path: f.path,
    fix: f.deletedIn !== undefined || f.replacedIn !== undefined ? `${fix} Deleting it in a later layer does not help: rebuild so that no layer ever holds it.` : fix,
    facts,
    fingerprintKey: `${f.path}\u0000${h.data.detector}\u0000${h.data.name ?? ''}\u0000${h.data.masked}`,
  };
}

/** A matcher for globs of image paths (`/usr/bin/*`), or undefined when there are none. */
export function globMatcher(globs: readonly string[]): ((path: string) => boolean) | undefined {
  const list = globs.map((g) => g.trim()).filter(Boolean);
  return list.length > 0 ? picomatch(list, { dot: true }) : undefined;
}

/** "1 file" / "3 files". */
export function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

/** The deepest folder that holds every path (`/` at worst). */
export function commonFolder(paths: readonly string[]): string {
  let parts = paths[0].split('/').slice(0, -1);
  for (const p of paths.slice(1)) {
    const q = p.split('/').slice(0, -1);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '/';
}

/** Groups files by the layer that added them and their top-level folder, for one finding per group. */
export function groupByLayerAndTop<T extends FsFile>(files: readonly T[]): Array<{ layer: number; path: string; files: T[] }> {
  const groups = new Map<string, T[]>();
  for (const f of files) {
    const key = `${f.layer}\u0000${f.path.split('/')[1] ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((list) => {
    const paths = list.map((f) => f.path);
    // A folder and what is inside it: name the folder itself.
    const top = list.find((f) => f.type === 'dir' && paths.every((p) => p === f.path || p.startsWith(`${f.path}/`)));
    return { layer: list[0].layer, path: top?.path ?? (list.length === 1 ? list[0].path : commonFolder(paths)), files: list };
  });
}
