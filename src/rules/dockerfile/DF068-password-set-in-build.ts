import type { Command, Word } from '../../dockerfile/model.js';
import { isPlaceholder } from '../../secrets/index.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF068',
    name: 'password-set-in-build',
    aliases: [],
    family: 'DF',
    shortDescription: 'A literal password is set for a user during the build',
    fullDescription:
      '`echo "root:secret" | chpasswd`, `echo secret | passwd --stdin app`, `useradd -p <hash>`, `htpasswd -b file user secret` and `openssl passwd secret` put a password in the Dockerfile and the image history, and leave a working login (with a crackable hash in /etc/shadow) in every container. Containers do not need login passwords: run as a user without one and use `docker exec` / `kubectl exec`; if a password is really needed, provide it at run time or through a secret mount.',
    defaultLevel: 'warning',
    tags: ['security', 'secrets'],
    securitySeverity: 7.5,
    precision: 'high',
    messages: {
      piped: '`{{program}}` sets a password written in the Dockerfile (`{{source}}`): it is in the image history and every container accepts it; drop the password, or pass it at run time or with a secret mount',
      flag: '`{{program}} {{flag}}` sets a password hash written in the Dockerfile: it is in the image history and /etc/shadow of every container; create the user without a password (`{{program}}` without `{{flag}}`)',
      openssl: '`openssl passwd` hashes a password written in the Dockerfile: it is in the image history; create the user without a password, or pass it with a secret mount',
      htpasswd: '`htpasswd -b` sets a password written in the Dockerfile: it is in the image history and its hash in the image; create the file at run time or from a secret mount',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const commands = commandsOf(instr);
      for (const c of commands) {
        if (c.program === 'chpasswd' || (c.program === 'passwd' && c.pipeline) || (c.program === 'passwd' && hasHereString(c))) {
          const feed = literalFeed(c, commands);
          if (feed) ctx.report({ messageId: 'piped', data: { program: c.program, source: feed.source }, range: feed.range, fingerprintKey: c.program });
        } else if (c.program === 'useradd' || c.program === 'usermod' || c.program === 'adduser') {
          const hit = passwordFlag(c);
          if (hit) ctx.report({ messageId: 'flag', data: { program: c.program, flag: hit.flag }, range: hit.range, fingerprintKey: `${c.program}\u0000${hit.flag}` });
        } else if (c.program === 'htpasswd' && c.words.some((w) => /^-[a-zA-Z]*b/.test(w.value))) {
          // `htpasswd -b[c] FILE USER PASSWORD`: the password is the last word.
          const pw = c.words[c.words.length - 1];
          if (pw && pw.literal && !pw.value.startsWith('-') && !isPlaceholder(pw.value)) {
            ctx.report({ messageId: 'htpasswd', range: pw.range, fingerprintKey: 'htpasswd' });
          }
        } else if (c.program === 'openssl' && c.words[0]?.value === 'passwd') {
          const pw = c.words.slice(1).filter((w) => !w.value.startsWith('-'));
          const flagsWithValue = new Set(['-salt', '-in']);
          const literal = pw.find((w, i) => w.literal && !flagsWithValue.has(c.words[c.words.indexOf(w) - 1]?.value ?? '') && !isPlaceholder(w.value) && i >= 0);
          if (literal) ctx.report({ messageId: 'openssl', range: literal.range, fingerprintKey: 'openssl' });
        }
      }
    }
  },
});

function hasHereString(c: Command): boolean {
  return c.redirects.some((r) => r.op === '<<<');
}

/** The echo/printf that feeds a literal `user:password` (or password) into chpasswd/passwd. */
function literalFeed(c: Command, commands: readonly Command[]): { source: string; range: Range } | undefined {
  const here = c.redirects.find((r) => r.op === '<<<');
  if (here?.target !== undefined) {
    return !here.target.includes('$') && !isPlaceholder(here.target) ? { source: '<<< …', range: c.range } : undefined;
  }
  if (c.redirects.some((r) => r.op === '<' && /^\/run\/secrets\//.test(r.target ?? ''))) return undefined;
  if (!c.pipeline || c.pipeline.index === 0) return undefined;
  const feeder = commands.find((o) => o.pipeline?.id === c.pipeline!.id && o.pipeline.index === c.pipeline!.index - 1);
  if (!feeder || (feeder.program !== 'echo' && feeder.program !== 'printf')) return undefined;
  const values: Word[] = feeder.words.filter((w) => !/^-[neE]+$/.test(w.value));
  if (values.length === 0 || values.some((w) => !w.literal)) return undefined;
  const text = values.map((w) => w.value).join(' ');
  const password = c.program === 'chpasswd' ? text.split(/\\n|\n/).map((l) => l.slice(l.indexOf(':') + 1)).join('') : text;
  if (password.trim() === '' || isPlaceholder(password)) return undefined;
  return { source: `${feeder.program} … |`, range: { start: values[0].range.start, end: values[values.length - 1].range.end } };
}

/** `useradd -p HASH`, `--password HASH`, `--password=HASH`; `-p '*'`/`'!'` lock the account and are fine. */
function passwordFlag(c: Command): { flag: string; range: Range } | undefined {
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i];
    let value: Word | undefined;
    let flag = w.value;
    if (w.value === '-p' || w.value === '--password') value = c.words[i + 1];
    else if (w.value.startsWith('--password=')) {
      flag = '--password';
      value = { ...w, value: w.value.slice('--password='.length) };
    }
    if (!value) continue;
    if (!value.literal) return undefined;
    const v = value.value;
    if (v === '' || /^[*!x]+$/.test(v) || isPlaceholder(v)) return undefined;
    return { flag, range: value.range };
  }
  return undefined;
}
