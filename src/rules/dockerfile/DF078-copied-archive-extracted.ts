import type { Command, Instruction, Word } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf } from './support.js';

/** Archives ADD unpacks by itself: tar, plain or compressed with gzip, bzip2, xz or zstd. Not zip. */
const TAR_ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2|tbz|tar\.xz|txz|tar\.zst|tzst)$/i;
/** Short tar options that take a value. */
const TAR_SHORT_WITH_VALUE = new Set('fCTXbHKLNVg');
/** tar options ADD cannot reproduce: ADD unpacks everything, as is. */
const SELECTIVE = ['--strip-components', '--wildcards', '--exclude', '--transform', '--xform', '--anchored', '--no-anchored', '-T', '--files-from', '-X', '--exclude-from'];

export default defineDockerfileRule({
  meta: {
    id: 'DF078',
    name: 'copied-archive-extracted',
    aliases: ['DL3010'],
    family: 'DF',
    shortDescription: 'A COPY\'d tar archive is extracted by a later RUN',
    fullDescription:
      'COPY of a local tar archive followed by a RUN that unpacks it keeps the archive in the COPY layer for ever, even if the RUN deletes it: the image carries the files twice. `ADD archive.tar.gz /dest/` unpacks a local tar archive itself, in one layer; or bind-mount the archive into the RUN (`RUN --mount=type=bind,source=archive.tar.gz,target=/tmp/a.tgz tar -xzf /tmp/a.tgz`). Extractions that ADD cannot reproduce (`--strip-components`, selected members, `--exclude`) are left alone, and zip files are not archives ADD unpacks.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      extracted: '{{archive}} is copied and then unpacked by a RUN, so it stays in the COPY layer; use ADD {{archive}} <dir>/ (which unpacks local tar archives) or RUN --mount=type=bind,source={{archive}},... to unpack it without copying',
    },
  },
  check(df, ctx) {
    for (const stage of df.stages) {
      const copied: { word: Word; name: string }[] = [];
      const reported = new Set<Word>();
      for (const instr of stage.instructions) {
        if (instr.keyword === 'COPY' && instr.copy && instr.copy.from === undefined) {
          copied.push(...archivesOf(instr));
          continue;
        }
        if (instr.keyword !== 'RUN' || copied.length === 0) continue;
        for (const name of extractedArchives(instr)) {
          for (const archive of copied) {
            if (archive.name !== name || reported.has(archive.word)) continue;
            reported.add(archive.word);
            ctx.report({ messageId: 'extracted', data: { archive: archive.name }, range: archive.word.range });
          }
        }
      }
    }
  },
});

/** The archives a COPY brings in, by the name they have in the image. */
function archivesOf(instr: Instruction): { word: Word; name: string }[] {
  const { sources, dest } = instr.copy!;
  const base = (p: string) => p.replace(/\/+$/, '').split('/').pop() ?? '';
  // `COPY app.tgz /tmp/release.tar.gz`: the file is renamed.
  if (dest && sources.length === 1 && !dest.value.endsWith('/') && TAR_ARCHIVE.test(dest.value) && TAR_ARCHIVE.test(sources[0].value)) {
    return [{ word: sources[0], name: base(dest.value) }];
  }
  return sources.filter((w) => w.literal && TAR_ARCHIVE.test(w.value)).map((w) => ({ word: w, name: base(w.value) }));
}

/** Base names of the files the RUN unpacks with `tar -x` (not selectively), directly or via a decompressor piped into tar. */
function extractedArchives(instr: Instruction): string[] {
  const commands = commandsOf(instr);
  const out: string[] = [];
  const base = (p: string) => p.split('/').pop() ?? '';
  for (const c of commands) {
    if (c.program !== 'tar') continue;
    const tar = readTar(c);
    if (!tar.extract || tar.selective) continue;
    if (tar.file && tar.file !== '-') out.push(base(tar.file));
    // `gunzip -c x.tar.gz | tar -x`, `xz -dc x.tar.xz | tar -xf -`
    if ((!tar.file || tar.file === '-') && c.pipeline && c.pipeline.index > 0) {
      const feeder = commands.find((f) => f.pipeline?.id === c.pipeline!.id && f.pipeline.index === c.pipeline!.index - 1);
      const arg = feeder?.words.filter((w) => !w.value.startsWith('-')).pop();
      if (arg) out.push(base(arg.value));
    }
  }
  return out;
}

interface TarCall {
  extract: boolean;
  file?: string;
  selective: boolean;
}

/** Reads tar's options in all three styles: `-xzf f`, `--extract --file=f`, and the old `xzf f`. */
function readTar(c: Command): TarCall {
  const words = c.words.map((w) => w.value);
  let extract = false;
  let file: string | undefined;
  let selective = false;
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i];
    const oldStyle = i === 0 && /^[A-Za-z]+$/.test(a) && /[xtc]/.test(a) && !a.includes('/');
    if (oldStyle || (/^-[A-Za-z]+$/.test(a) && !a.startsWith('--'))) {
      const letters = oldStyle ? a : a.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const ch = letters[k];
        if (ch === 'x') extract = true;
        if (!TAR_SHORT_WITH_VALUE.has(ch)) continue;
        // The value is the rest of the bundle (`-xzffile`) or the next word (`-xzf file`).
        const value = k < letters.length - 1 ? letters.slice(k + 1) : words[++i];
        if (ch === 'f') file = value;
        if (ch === 'T' || ch === 'X') selective = true;
        break;
      }
      continue;
    }
    if (a === '--extract' || a === '--get') extract = true;
    else if (a === '--file') file = words[++i];
    else if (a.startsWith('--file=')) file = a.slice(7);
    else if (SELECTIVE.some((s) => a === s || a.startsWith(`${s}=`))) selective = true;
    else if (a === '-C' || a === '--directory') i++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  // Member names after the archive select what is unpacked.
  if (operands.length > 0) selective = true;
  return { extract, file, selective };
}
