import type { Command, Word } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { flagValue, instructionsWithTriggers, positionals } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF055',
    name: 'world-writable-permissions',
    aliases: [],
    family: 'DF',
    shortDescription: 'Files or directories made writable by every user',
    fullDescription:
      'chmod 777 / a+w / o+w (and `COPY --chmod=777`, `mkdir -m 777`, `install -m 777`) lets any process in the container, whatever its user, replace the program or data: a foothold for privilege escalation and tampering. Give write access to the owner (or a group) instead. Directories with the sticky bit (1777, like /tmp) are fine: only a file\'s owner can delete or rename it.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 5.5,
    precision: 'high',
    messages: {
      chmod: '`{{command}} {{mode}}` makes files writable by every user in the container; grant write access to the owner or a group only (e.g. `{{suggest}}`)',
      copyChmod: '`--chmod={{mode}}` makes the copied files writable by every user in the container; use `--chmod={{suggest}}`',
      umask: '`umask {{mode}}` makes the files this RUN creates writable by every user; use `umask 022`',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy?.chmod) {
        const mode = instr.copy.chmod;
        if (worldWritable(mode)) {
          const flag = instr.flags.find((f) => f.name === 'chmod');
          ctx.report({ messageId: 'copyChmod', data: { mode, suggest: suggestion(mode) }, range: flag?.range ?? instr.keywordRange });
        }
      }
      for (const c of instr.run?.script?.commands ?? []) {
        const hit = modeOf(c);
        if (!hit || !worldWritable(hit.mode, hit.umask)) continue;
        if (hit.umask) {
          ctx.report({ messageId: 'umask', data: { mode: hit.mode }, range: hit.range });
        } else {
          ctx.report({ messageId: 'chmod', data: { command: hit.command, mode: hit.mode, suggest: `${hit.command} ${suggestion(hit.mode)}` }, range: hit.range, fingerprintKey: `${hit.command}\u0000${hit.mode}` });
        }
      }
    }
  },
});

/** The mode a command sets: chmod's first positional, `mkdir -m`, `install -m`, `umask`. */
function modeOf(c: Command): { mode: string; range: Range; command: string; umask?: boolean } | undefined {
  if (c.program === 'chmod') {
    if (c.words.some((w) => w.value.startsWith('--reference'))) return undefined;
    // Symbolic modes start with `-` sometimes (`chmod -w x`), so take the first word that looks like a mode.
    const mode = c.words.find((w) => w.value !== '--' && isMode(w.value) && !/^-[Rrfvc]+$/.test(w.value) && !w.value.startsWith('--'));
    if (!mode || !literal(mode)) return undefined;
    return { mode: mode.value, range: mode.range, command: 'chmod' };
  }
  if (c.program === 'mkdir' || c.program === 'install') {
    const value = flagValue(c, '-m', '--mode');
    if (!value) return undefined;
    const word = c.words.find((w) => w.value === value || w.value.endsWith(`=${value}`) || w.value === `-m${value}`);
    return word ? { mode: value, range: word.range, command: `${c.program} -m` } : undefined;
  }
  if (c.program === 'umask') {
    const w = positionals(c)[0];
    if (!w || !/^[0-7]{1,4}$/.test(w.value)) return undefined;
    return { mode: w.value, range: w.range, command: 'umask', umask: true };
  }
  return undefined;
}

function literal(w: Word): boolean {
  return w.literal || !!w.fromVariable;
}

function isMode(v: string): boolean {
  return /^[0-7]{3,4}$/.test(v) || /^([ugoa]*[-+=][rwxXst]*|[ugoa]*=[ugo])(,([ugoa]*[-+=][rwxXst]*|[ugoa]*=[ugo]))*$/.test(v);
}

/** Does the mode give others write access without the sticky bit? */
export function worldWritable(mode: string, umask = false): boolean {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    const others = Number(digits[3]);
    if (umask) return (others & 2) === 0;
    if (mode.length === 4 && (Number(digits[0]) & 1) === 1) return false;
    return (others & 2) === 2;
  }
  if (umask) return false;
  let sticky = false;
  let writable = false;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) continue;
    const [, who, op, perms] = m;
    if (op !== '-' && perms.includes('t')) sticky = true;
    // An empty `who` applies the umask (normally 022), so `chmod +w` does not reach others.
    if (op !== '-' && perms.includes('w') && /[oa]/.test(who)) writable = true;
  }
  return writable && !sticky;
}

function suggestion(mode: string): string {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const d = mode.slice(-3).split('').map(Number);
    const fix = [d[0], d[1] & ~2, d[2] & ~2].join('');
    return mode.length === 4 ? `${mode[0]}${fix}` : fix;
  }
  return mode.replace(/([ugoa]*)([+=])([rwxXst]*)/g, (all, who: string, op: string, perms: string) =>
    /[oa]/.test(who) && perms.includes('w') ? `${who.replace('a', 'ug').replace('o', '') || 'u'}${op}${perms}` : all,
  );
}
