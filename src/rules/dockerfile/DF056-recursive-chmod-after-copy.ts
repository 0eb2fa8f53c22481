import type { Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import { basename } from '../../dockerfile/shell.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, hasFlag, positionals } from './support.js';
import { joinPath, stageChain, unquote, workdirs } from './security-support.js';

interface Copied {
  /** Absolute destination as written (a directory, or a file when one source is copied to a path). */
  dest: string;
  /** True when the destination is certainly a directory. */
  dir: boolean;
  /** Files the COPY certainly created (`COPY run.sh /usr/local/bin/` -> `/usr/local/bin/run.sh`). */
  files: string[];
  line: number;
  keyword: string;
}

const OWNERSHIP = new Set(['chmod', 'chown', 'chgrp']);

export default defineDockerfileRule({
  meta: {
    id: 'DF056',
    name: 'recursive-chmod-after-copy',
    aliases: [],
    family: 'DF',
    shortDescription: 'chmod/chown in a RUN on files an earlier COPY brought in',
    fullDescription:
      'Changing the mode or owner of a file in a later RUN copies the whole file into the new layer (overlay copy-up), so `COPY . /app` followed by `RUN chown -R app /app` ships every file twice. COPY and ADD set both at copy time: `COPY --chown=app:app --chmod=755 . /app`.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'high',
    messages: {
      recursive: '`{{command}}` on "{{path}}" rewrites every file that the {{keyword}} to "{{dest}}" brought in, so the image stores them twice; set it in the {{keyword}} instead (`{{keyword}} --{{flag}}=…`)',
      file: '`{{command}}` on "{{path}}", which the {{keyword}} just before brought in, stores the file a second time; set it in the {{keyword}} instead (`{{keyword}} --{{flag}}=…`)',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const stage of df.stages) {
      if (!shipping.has(stage.index)) continue;
      const dirs = workdirs(df, stage);
      const copies: Copied[] = [];
      for (const s of stageChain(df, stage)) {
        for (const instr of s.instructions) {
          if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy) {
            const c = copied(df, instr, dirs.get(instr));
            if (c) copies.push(c);
            continue;
          }
          if (instr.keyword !== 'RUN' || s !== stage || copies.length === 0) continue;
          const commands = instr.run?.script?.commands ?? [];
          for (const [i, c] of commands.entries()) {
            if (!OWNERSHIP.has(c.program)) continue;
            const recursive = hasFlag(c, '-R', '--recursive');
            // After a `cd`, relative paths are relative to something unknown.
            const cdBefore = commands.slice(0, i).some((o) => o.program === 'cd' || o.program === 'pushd');
            const reference = c.words.some((w) => w.value.startsWith('--reference'));
            const targets = positionals(c).slice(reference ? 0 : 1);
            for (const target of targets) {
              const t = targetPath(target, cdBefore ? undefined : dirs.get(instr));
              if (!t) continue;
              const wide = recursive || t.glob;
              const hit = copies.find((d) =>
                // Anything under a copy's destination came from the copy (a file destination has nothing under it).
                wide ? d.dest === t.path || d.dest.startsWith(`${t.path}/`) || t.path === '/' || t.path.startsWith(`${d.dest}/`) : d.files.includes(t.path) || (!d.dir && d.dest === t.path),
              );
              if (!hit) continue;
              const flag = c.program === 'chmod' ? 'chmod' : 'chown';
              ctx.report({
                messageId: wide ? 'recursive' : 'file',
                data: { command: c.program + (recursive ? ' -R' : ''), path: target.value, keyword: hit.keyword, dest: hit.dest, flag },
                range: target.range,
                facts: { copyLine: hit.line, path: t.path },
                fingerprintKey: `${c.program}\u0000${t.path}`,
              });
              break;
            }
          }
        }
      }
    }
  },
});

function copied(df: Dockerfile, instr: Instruction, workdir: string | undefined): Copied | undefined {
  const info = instr.copy;
  if (!info?.dest || instr.heredocs.length > 0) return undefined;
  const raw = resolveVariables(unquote(info.dest.value), instr.vars, df.escapeChar);
  if (raw.unresolved) return undefined;
  const destText = raw.text;
  if (!destText.startsWith('/') && workdir === undefined) return undefined;
  const dest = joinPath(workdir ?? '/', destText);
  const sources = info.sources.map((s) => unquote(s.value));
  const dir =
    destText.endsWith('/') || destText === '.' || sources.length > 1 || sources.some((s) => s === '.' || s.endsWith('/') || /[*?[]/.test(s));
  const files: string[] = [];
  if (dir && sources.length === 1 && !/[*?[$]/.test(sources[0]) && sources[0] !== '.' && !sources[0].endsWith('/') && !/^[a-z]+:\/\//.test(sources[0])) {
    files.push(joinPath(dest, basename(sources[0])));
  }
  return { dest, dir, files, line: instr.range.start.line, keyword: instr.keyword };
}

/** An absolute target path; `/app/*` counts as everything under `/app`. */
function targetPath(w: Word, workdir: string | undefined): { path: string; glob: boolean } | undefined {
  let value = w.value;
  let glob = false;
  if (!w.literal && !w.fromVariable) {
    // `/app/*` or `/app/.` globs: the shell expands them to everything in /app.
    const m = /^(["']?)([^$`*?[]*)\/\*\1$/.exec(value);
    if (!m) return undefined;
    value = m[2] || '/';
    glob = true;
  }
  value = unquote(value);
  if (!value.startsWith('/') && workdir === undefined) return undefined;
  return { path: joinPath(workdir ?? '/', value), glob };
}
