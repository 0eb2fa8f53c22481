import type { Command, Dockerfile, Stage, Word } from '../../dockerfile/model.js';
import { basename } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import type { ReportDescriptor } from '../rule.js';
import { finalImageStages, instructionsWithTriggers, positionals, stageOf, subcommand } from './support.js';
import { joinPath, secretMounts, unquote, variableUses, workdirs } from './security-support.js';

const COPIERS = new Set(['cp', 'install', 'rsync', 'dd', 'ln']);
/** Commands that store a credential in a config file of the image when given one. */
const CONFIG_WRITERS: Record<string, { when: (c: Command) => boolean; files: RegExp; undo: (c: Command) => boolean; home?: string }> = {
  git: { when: (c) => subcommand(c) === 'config' && !c.words.some((w) => /^--(unset|get|file)/.test(w.value) || w.value === '-f'), files: /\.gitconfig|\.git-credentials|\/etc\/gitconfig/, undo: (c) => subcommand(c) === 'config' && c.words.some((w) => w.value.startsWith('--unset')), home: '~/.gitconfig' },
  npm: { when: (c) => subcommand(c) === 'config' && c.args.includes('set'), files: /\.npmrc/, undo: (c) => subcommand(c) === 'config' && (c.args.includes('delete') || c.args.includes('rm')), home: '~/.npmrc' },
  yarn: { when: (c) => subcommand(c) === 'config' && c.args.includes('set'), files: /\.yarnrc/, undo: (c) => subcommand(c) === 'config' && (c.args.includes('delete') || c.args.includes('unset')), home: '~/.yarnrc' },
  pnpm: { when: (c) => subcommand(c) === 'config' && c.args.includes('set'), files: /\.npmrc/, undo: (c) => subcommand(c) === 'config' && c.args.includes('delete'), home: '~/.npmrc' },
  pip: { when: (c) => subcommand(c) === 'config' && c.args.includes('set'), files: /pip\.conf|pip\/pip\.conf/, undo: (c) => subcommand(c) === 'config' && c.args.includes('unset'), home: '~/.config/pip/pip.conf' },
  pip3: { when: (c) => subcommand(c) === 'config' && c.args.includes('set'), files: /pip\.conf/, undo: (c) => subcommand(c) === 'config' && c.args.includes('unset'), home: '~/.config/pip/pip.conf' },
  poetry: { when: (c) => subcommand(c) === 'config', files: /pypoetry|auth\.toml/, undo: (c) => c.args.includes('--unset'), home: '~/.config/pypoetry' },
  composer: { when: (c) => subcommand(c) === 'config', files: /auth\.json|\.composer/, undo: (c) => c.args.includes('--unset'), home: '~/.composer/auth.json' },
  docker: { when: (c) => subcommand(c) === 'login', files: /\.docker|config\.json/, undo: (c) => subcommand(c) === 'logout', home: '~/.docker/config.json' },
  podman: { when: (c) => subcommand(c) === 'login', files: /containers\/auth\.json/, undo: (c) => subcommand(c) === 'logout', home: '/run/containers/0/auth.json' },
  helm: { when: (c) => subcommand(c) === 'registry' && c.args.includes('login'), files: /helm/, undo: (c) => c.args.includes('logout'), home: '~/.config/helm' },
  gh: { when: (c) => subcommand(c) === 'auth' && c.args.includes('login'), files: /gh\/hosts\.yml/, undo: (c) => c.args.includes('logout'), home: '~/.config/gh/hosts.yml' },
  aws: { when: (c) => subcommand(c) === 'configure', files: /\.aws/, undo: () => false, home: '~/.aws/credentials' },
};

export default defineDockerfileRule({
  meta: {
    id: 'DF083',
    name: 'secret-mount-persisted',
    aliases: [],
    family: 'DF',
    shortDescription: 'A RUN copies its mounted secret into the image',
    fullDescription:
      'A `RUN --mount=type=secret` secret is only there while that RUN runs, and never stored, which is the point. Copying it (`cp /run/secrets/npmrc ~/.npmrc`, `cat … > file`, `tee`, `echo "$TOKEN" > file`) or handing it to a tool that saves it (`git config`, `npm config set`, `docker login`, `aws configure`) writes it into the layer, where anyone who pulls the image can read it. Mount the secret where the tool looks for it (`target=/root/.npmrc`) or remove the copy in the same RUN.',
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      copied: '`{{program}}` copies the mounted secret "{{secret}}" to "{{dest}}", which stays in the layer; mount the secret there instead (`--mount=type=secret,id={{id}},target={{dest}}`) or remove the copy in the same RUN',
      written: 'The mounted secret "{{secret}}" is written to "{{dest}}", which stays in the layer; mount the secret where it is needed (`target=`) or remove the file in the same RUN',
      config: '`{{program}} {{sub}}` stores the mounted secret "{{secret}}" in its configuration, which stays in the layer; use an environment variable for the one command, or undo it (`{{undo}}`) in the same RUN',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      const mounts = secretMounts(instr);
      const commands = instr.run?.script?.commands ?? [];
      if (mounts.length === 0 || commands.length === 0) continue;
      const stage = stageOf(df, instr);
      // In a build stage the copy only matters when a shipping stage copies it out of it.
      const ships = instr.onbuild || !stage || shipping.has(stage.index);
      const workdir = !ships && stage ? workdirs(df, stage).get(instr) : undefined;
      const exported = ships || !stage ? [] : exportedPaths(df, stage, shipping);
      const report = (persisted: string | undefined, d: ReportDescriptor) => {
        if (!ships) {
          const abs = persisted === undefined ? undefined : persisted.startsWith('/') ? joinPath('/', persisted) : persisted.startsWith('~/') ? joinPath('/root', persisted.slice(2)) : workdir !== undefined ? joinPath(workdir, persisted) : undefined;
          if (abs === undefined || !exported.some((src) => src === '/' || abs === src || abs.startsWith(`${src}/`))) return;
        }
        ctx.report(d);
      };
      const refs = (text: string): string | undefined => {
        for (const m of mounts) {
          if (m.path && text.includes(m.path)) return m.path;
          if (m.env && variableUses(text, m.env).length > 0) return `$${m.env}`;
        }
        return undefined;
      };
      const idOf = (secret: string) => mounts.find((m) => m.path === secret || `$${m.env}` === secret)?.id ?? 'secret';
      commands.forEach((c, i) => {
        const later = commands.slice(i + 1);
        // cp /run/secrets/x dest, install -m 600 /run/secrets/x dest, dd if=/run/secrets/x of=dest
        if (COPIERS.has(c.program)) {
          const hit = copiedTo(c, refs);
          if (hit && !removedLater(hit.dest, later)) {
            report(hit.dest.value, { messageId: 'copied', data: { program: c.program, secret: hit.secret, dest: hit.dest.value, id: idOf(hit.secret) }, range: hit.dest.range, fingerprintKey: `copied\u0000${hit.dest.value}` });
            return;
          }
        }
        // cat /run/secrets/x > file, echo "$TOKEN" >> file
        const out = c.redirects.find((r) => (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>') && r.target && !r.target.startsWith('/dev/'));
        const secretIn = ECHOERS.has(c.program) ? refs(commandText(c, false)) : undefined;
        if (out?.target && secretIn) {
          if (!removedLater({ value: out.target, range: c.range, literal: true }, later)) {
            report(out.target, { messageId: 'written', data: { secret: secretIn, dest: out.target }, range: c.range, fingerprintKey: `written\u0000${out.target}` });
          }
          return;
        }
        // cat /run/secrets/x | tee file
        if (c.program === 'tee' && c.pipeline) {
          const src = commands.find((o) => o.pipeline?.id === c.pipeline!.id && o.pipeline.index < c.pipeline!.index && ECHOERS.has(o.program) && refs(commandText(o, false)));
          const file = positionals(c).find((w) => !w.value.startsWith('/dev/'));
          if (src && file && !removedLater(file, later)) {
            report(file.value, { messageId: 'written', data: { secret: refs(commandText(src)) ?? 'secret', dest: file.value }, range: file.range, fingerprintKey: `written\u0000${file.value}` });
          }
          return;
        }
        // git config / npm config set / docker login … with the secret
        const writer = CONFIG_WRITERS[c.program];
        if (writer && writer.when(c)) {
          const fed = commands.find((o) => c.pipeline && o.pipeline?.id === c.pipeline.id && o.pipeline.index < c.pipeline.index && ECHOERS.has(o.program) && refs(commandText(o, false)));
          const fromStdin = c.redirects.find((r) => r.op === '<' && r.target && refs(r.target));
          const secret = refs(commandText(c)) ?? (fed ? refs(commandText(fed)) : undefined) ?? (fromStdin?.target ? refs(fromStdin.target) : undefined);
          if (!secret) return;
          if (later.some((o) => (o.program === c.program && writer.undo(o)) || (o.program === 'rm' && o.args.some((a) => writer.files.test(a))))) return;
          const sub = subcommand(c) ?? '';
          const undo = c.program === 'git' ? 'git config --unset …' : c.program === 'docker' || c.program === 'podman' ? `${c.program} logout` : `${c.program} config delete …`;
          report(writer.home, { messageId: 'config', data: { program: c.program, sub, secret, undo }, range: c.range, fingerprintKey: `config\u0000${c.program}` });
        }
      });
    }
  },
});

/** Commands whose output is (a transformation of) their arguments or input files. */
const ECHOERS = new Set(['cat', 'echo', 'printf', 'base64', 'head', 'tail', 'tr', 'sed', 'awk', 'envsubst', 'jq', 'yq', 'xxd', 'tac']);

/** The text of a command's words (and prefix assignments), where secret references are looked for. */
function commandText(c: Command, withAssignments = true): string {
  return [...(withAssignments ? c.assignments.map((a) => a.value) : []), ...c.words.map((w) => w.value), ...c.redirects.filter((r) => r.op === '<').map((r) => r.target ?? '')].join(' ');
}

function copiedTo(c: Command, refs: (t: string) => string | undefined): { secret: string; dest: Word } | undefined {
  if (c.program === 'dd') {
    const input = c.words.find((w) => w.value.startsWith('if=') && refs(w.value));
    const output = c.words.find((w) => w.value.startsWith('of='));
    if (!input || !output || output.value.startsWith('of=/dev/')) return undefined;
    return { secret: refs(input.value)!, dest: { ...output, value: output.value.slice(3) } };
  }
  // A link to /run/secrets dangles once the RUN ends (and a hard link cannot cross the mount).
  if (c.program === 'ln') return undefined;
  const targetDir = c.words.findIndex((w) => w.value === '-t' || w.value === '--target-directory');
  const pos = positionals(c, ['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix']);
  if (pos.length < 2 && targetDir < 0) return undefined;
  const dest = targetDir >= 0 ? c.words[targetDir + 1] : pos[pos.length - 1];
  const sources = targetDir >= 0 ? pos : pos.slice(0, -1);
  const src = sources.find((w) => refs(w.value));
  if (!src || !dest || dest.value.startsWith('/dev/')) return undefined;
  return { secret: refs(src.value)!, dest };
}

/** `rm -f dest` (or of a folder holding it) later in the same RUN. */
function removedLater(dest: Word, later: readonly Command[]): boolean {
  const d = dest.value.replace(/\/+$/, '');
  return later.some(
    (o) =>
      (o.program === 'rm' || o.program === 'shred' || o.program === 'unlink') &&
      o.words.some((w) => {
        const t = w.value.replace(/\/+$/, '');
        return !t.startsWith('-') && (t === d || d.startsWith(`${t}/`) || (!d.startsWith('/') && basename(t) === basename(d)) || (!t.startsWith('/') && basename(t) === basename(d)));
      }),
  );
}

/** Absolute paths that shipping stages copy out of `stage` (`COPY --from=build /app /app` -> `/app`). */
function exportedPaths(df: Dockerfile, stage: Stage, shipping: Set<number>): string[] {
  const out: string[] = [];
  for (const s of df.stages) {
    if (!shipping.has(s.index)) continue;
    for (const instr of s.instructions) {
      const from = instr.copy?.from;
      if (from === undefined || (from !== stage.name && from !== String(stage.index))) continue;
      for (const src of instr.copy?.sources ?? []) out.push(joinPath('/', unquote(src.value).replace(/\/\*$/, '')));
    }
  }
  return out;
}
