import type { Command, Word } from '../../dockerfile/model.js';
import { basename } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, findFlag, flagValue, instructionsWithTriggers, positionals } from './support.js';
import { interpreterName, SHELLS } from './security-support.js';

/** Flags of curl / wget whose next word is their value. */
const CURL_VALUE_FLAGS = [
  '-o', '--output', '-H', '--header', '-u', '--user', '-d', '--data', '--data-raw', '--data-binary', '-A', '--user-agent',
  '-e', '--referer', '-x', '--proxy', '-X', '--request', '-b', '--cookie', '-c', '--cookie-jar', '-m', '--max-time',
  '--retry', '--retry-delay', '--retry-max-time', '--connect-timeout', '-w', '--write-out', '--cacert', '--cert', '-E',
  '--key', '-K', '--config', '-r', '--range', '-T', '--upload-file', '--output-dir', '-F', '--form', '--resolve',
  '--limit-rate', '-z', '--time-cond', '--url',
];
const WGET_VALUE_FLAGS = [
  '-O', '--output-document', '-P', '--directory-prefix', '-t', '--tries', '-T', '--timeout', '-U', '--user-agent',
  '--header', '-e', '--execute', '-o', '--output-file', '-a', '--append-output', '--user', '--password', '-i',
  '--input-file', '--ca-certificate', '--wait', '-w', '--post-data', '--body-data', '--method',
];
/** A checksum or signature check between a download and its execution makes it fine (printing a hash does not). */
function verifies(c: Command): boolean {
  const has = (...f: string[]) => c.words.some((w) => f.includes(w.value) || f.some((x) => x.length === 2 && /^-[a-zA-Z]+$/.test(w.value) && w.value.includes(x[1])));
  switch (c.program) {
    case 'sha256sum': case 'sha512sum': case 'sha384sum': case 'sha224sum': case 'sha1sum': case 'md5sum': case 'b2sum': case 'shasum':
      return has('-c', '--check');
    case 'gpg': case 'gpg2':
      return has('--verify');
    case 'gpgv': case 'slsa-verifier':
      return true;
    case 'cosign':
      return c.words.some((w) => /^verify/.test(w.value));
    case 'minisign': case 'signify':
      return has('-V');
    case 'openssl':
      return c.words[0]?.value === 'dgst' && has('-verify', '-prverify');
    default:
      return false;
  }
}
const SCRIPT_EXTENSION = /\.(sh|bash|py|pl|rb|js|php|ps1)$/;

export default defineDockerfileRule({
  meta: {
    id: 'DF052',
    name: 'remote-script-piped-to-shell',
    aliases: [],
    family: 'DF',
    shortDescription: 'A script downloaded by curl or wget is run without verification',
    fullDescription:
      '`curl https://… | sh`, `sh -c "$(curl …)"`, `bash <(curl …)` and `curl -o x.sh … && sh x.sh` run whatever the server returns at build time, with no way to review or pin it: a compromised or changed script runs as root in the build. Download the script, check its checksum or signature, then run it (or install the package from a signed repository).',
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'high',
    messages: {
      piped: '`{{downloader}}` output is piped into `{{interpreter}}`: the build runs whatever the server returns; download it, verify its checksum or signature, then run it',
      substituted: '`{{interpreter}}` runs a script fetched by `{{downloader}}` in a {{how}}: the build runs whatever the server returns; download it, verify its checksum or signature, then run it',
      downloadedThenRun: '"{{file}}" is downloaded by `{{downloader}}` and run by `{{interpreter}}` with no checksum or signature check in between; verify it first (e.g. `echo "<sha256>  {{file}}" | sha256sum -c -`)',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const commands = commandsOf(instr);
      const reported = new Set<Command>();

      // curl … | sh
      for (const c of commands) {
        if (!c.pipeline || !isStdoutDownload(c)) continue;
        const runner = commands.find(
          (o) => o.pipeline?.id === c.pipeline!.id && o.pipeline.index > c.pipeline!.index && o !== c && readsScriptFromStdin(o),
        );
        if (!runner || reported.has(runner)) continue;
        reported.add(runner);
        ctx.report({
          messageId: 'piped',
          data: { downloader: c.program, interpreter: runner.program },
          range: { start: c.range.start, end: runner.range.end },
          fingerprintKey: `piped\u0000${c.program}\u0000${runner.program}`,
        });
      }

      // sh -c "$(curl …)", eval "$(wget -qO- …)", bash <(curl …), . <(curl …)
      for (const c of commands) {
        const interp = interpreterName(c.program) ?? (['eval', 'source', '.'].includes(c.program) ? c.program : undefined);
        if (!interp) continue;
        for (const w of c.words) {
          const sub = fetchedBy(w);
          if (!sub) continue;
          ctx.report({
            messageId: 'substituted',
            data: { interpreter: c.program, downloader: sub.downloader, how: sub.how },
            range: w.range,
            fingerprintKey: `substituted\u0000${c.program}\u0000${sub.downloader}`,
          });
          break;
        }
      }

      // curl -o x.sh URL && sh x.sh
      const downloads: { file: string; downloader: string; index: number }[] = [];
      commands.forEach((c, index) => {
        const file = downloadedFile(c);
        if (file) downloads.push({ file, downloader: c.program, index });
      });
      if (downloads.length === 0) continue;
      commands.forEach((c, index) => {
        const run = executedScript(c);
        if (!run) return;
        const d = downloads.find((x) => x.index < index && samePath(x.file, run.file));
        if (!d) return;
        const verified = commands.slice(d.index + 1, index).some(verifies);
        if (verified) return;
        ctx.report({
          messageId: 'downloadedThenRun',
          data: { file: basename(run.file), downloader: d.downloader, interpreter: run.interpreter },
          range: run.word.range,
          fingerprintKey: `downloaded\u0000${basename(run.file)}`,
        });
      });
    }
  },
});

function isDownloader(c: Command): boolean {
  return c.program === 'curl' || c.program === 'wget' || c.program === 'fetch';
}

function hasUrl(c: Command, valueFlags: string[]): boolean {
  return positionals(c, valueFlags).length > 0 || flagValue(c, '--url') !== undefined;
}

/** A download written to standard output. */
function isStdoutDownload(c: Command): boolean {
  if (c.program === 'curl') {
    if (findFlag(c, '-o', '--output', '-O', '--remote-name', '--remote-name-all', '-J', '--remote-header-name') !== undefined) {
      const out = flagValue(c, '-o', '--output');
      if (out !== '-' && out !== '/dev/stdout') return false;
    }
    return hasUrl(c, CURL_VALUE_FLAGS);
  }
  if (c.program === 'wget') {
    const out = wgetOutput(c);
    return (out === '-' || out === '/dev/stdout') && hasUrl(c, WGET_VALUE_FLAGS);
  }
  if (c.program === 'fetch') return flagValue(c, '-o') === '-';
  return false;
}

/** wget's `-O FILE`, `-qO-`, `-qO -`, `--output-document=FILE`. */
function wgetOutput(c: Command): string | undefined {
  for (let i = 0; i < c.words.length; i++) {
    const a = c.words[i].value;
    if (a === '--') break;
    const attached = /^-[A-Za-z]*O(.+)$/.exec(a);
    if (attached) return attached[1];
    if (/^-[A-Za-z]*O$/.test(a)) return c.words[i + 1]?.value;
    if (a === '--output-document') return c.words[i + 1]?.value;
    if (a.startsWith('--output-document=')) return a.slice('--output-document='.length);
  }
  return undefined;
}

/** `sh`, `bash -s -- args`, `python3 -`, `sudo -E bash -`: the script comes from standard input. */
function readsScriptFromStdin(c: Command): boolean {
  const interp = interpreterName(c.program);
  if (!interp) return false;
  const words = c.words.map((w) => w.value);
  // Code given on the command line: stdin is data (`curl … | python3 -c 'import json…'`).
  const codeFlags = SHELLS.has(interp) ? ['-c'] : ['-c', '-e', '-E', '-m', '-r', '-p', '--eval', '--print'];
  for (const a of words) {
    if (a === '--' || a === '-') break;
    if (codeFlags.includes(a) || (SHELLS.has(interp) && /^-[a-z]*c[a-z]*$/.test(a) && !/^-[a-z]*s/.test(a))) return false;
  }
  const first = words.find((a) => !a.startsWith('-') || a === '-');
  // A first positional that is a file (and not `-`) is the script; with `-s` it is an argument.
  if (first !== undefined && first !== '-' && !words.some((a) => /^-[a-z]*s[a-z]*$/.test(a) && SHELLS.has(interp))) return false;
  return true;
}

/** `"$(curl …)"`, `` `wget -qO- …` ``, `<(curl …)`: which downloader, and how. */
function fetchedBy(w: Word): { downloader: string; how: string } | undefined {
  if (w.literal) return undefined;
  const m = /^["']?(\$\(|`|<\()\s*(?:sudo\s+(?:-\S+\s+)*)?(curl|wget)\b/.exec(w.value);
  if (!m) return undefined;
  return { downloader: m[2], how: m[1] === '<(' ? 'process substitution' : 'command substitution' };
}

/** The file a download writes: curl `-o F`/`-O`, wget `-O F` or the URL's basename. */
function downloadedFile(c: Command): string | undefined {
  if (!isDownloader(c)) return undefined;
  if (c.program === 'curl') {
    const out = flagValue(c, '-o', '--output');
    if (out && out !== '-') return out;
    if (findFlag(c, '-O', '--remote-name') !== undefined) return urlBasename(positionals(c, CURL_VALUE_FLAGS)[0]);
    return undefined;
  }
  if (c.program === 'wget') {
    const out = wgetOutput(c);
    if (out === '-' || out === '/dev/stdout') return undefined;
    if (out) return out;
    const prefix = flagValue(c, '-P', '--directory-prefix');
    const name = urlBasename(positionals(c, WGET_VALUE_FLAGS)[0]);
    return name && prefix ? `${prefix.replace(/\/+$/, '')}/${name}` : name;
  }
  return undefined;
}

function urlBasename(w: Word | undefined): string | undefined {
  if (!w || !/^(https?|ftp):\/\//.test(w.value)) return undefined;
  const path = w.value.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/, '');
  const name = basename(path);
  return name || undefined;
}

/** `sh x.sh`, `bash ./install.sh --flag`, `python3 get-pip.py`, `./install.sh`. */
function executedScript(c: Command): { file: string; interpreter: string; word: Word } | undefined {
  const interp = interpreterName(c.program);
  if (interp) {
    const first = c.words.find((w) => !w.value.startsWith('-'));
    if (first && !c.words.some((w) => w.value === '-c' || w.value === '-e' || w.value === '-m')) return { file: first.value, interpreter: c.program, word: first };
    return undefined;
  }
  if ((c.name.includes('/') || c.name.startsWith('.')) && SCRIPT_EXTENSION.test(c.name)) {
    return { file: c.name, interpreter: c.name, word: { value: c.name, range: c.nameRange, literal: true } };
  }
  return undefined;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^\.\//, '');
  if (a.startsWith('/') && b.startsWith('/')) return norm(a) === norm(b);
  return basename(norm(a)) === basename(norm(b));
}
