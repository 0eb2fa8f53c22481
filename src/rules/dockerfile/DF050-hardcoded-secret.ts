import type { Command, Dockerfile, Word } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import {
  classifySecretName,
  detectSecretAssignment,
  detectSecretsInText,
  isPlaceholder,
  isReference,
  type DetectOptions,
  type SecretMatch,
} from '../../secrets/index.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';
import { advance, rangeOfText, subRange } from './security-support.js';

/** Programs whose `NAME=value` words are assignments. */
const ASSIGNING = new Set(['export', 'declare', 'typeset', 'readonly', 'local', 'env']);
/** `-p PASSWORD` (or `-pPASSWORD`) of registry and database clients. */
const SHORT_PASSWORD_FLAG: Record<string, 'separate' | 'attached'> = {
  docker: 'separate', podman: 'separate', buildah: 'separate', skopeo: 'separate', nerdctl: 'separate',
  mysql: 'attached', mariadb: 'attached', mysqladmin: 'attached', mysqldump: 'attached',
};
const KEY_ID_PROGRAMS = new Set(['gpg', 'gpg2', 'gpgv', 'apt-key', 'rpm', 'rpmkeys', 'pacman-key', 'dirmngr', 'keyserver']);
/** Flags that name a secret but take no value, or take something other than a secret. */
const NOT_VALUE_FLAG = /(stdin|prompt|file|fd|env|command|cmd|helper|path|dir|url|length|type|id)$/i;

interface Hit {
  match: SecretMatch;
  range: Range;
  where: string;
}

export default defineDockerfileRule({
  meta: {
    id: 'DF050',
    name: 'hardcoded-secret',
    aliases: [],
    family: 'DF',
    shortDescription: 'A secret is written into the Dockerfile',
    fullDescription:
      'A credential written in the Dockerfile (an ENV or ARG default, a LABEL, a RUN argument such as a curl Authorization header, an .npmrc written by echo, a git URL with a password, a heredoc) is readable by everyone who reads the repository, and ENV, ARG, LABEL and RUN text are also stored in the image config and history. Known token formats (AWS, GitHub, GitLab, npm, PyPI, Slack, Stripe, Google, OpenAI, private keys...) are found anywhere; other values count when they are assigned to a secret-like name and are not placeholders or references.',
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      secret: 'Hardcoded {{title}} ({{masked}}) in {{where}}: it is readable in the Dockerfile and the image; rotate it and pass it as a build secret (`RUN --mount=type=secret`) or at run time',
      example: 'The {{title}} ({{masked}}) in {{where}} looks like a documentation example key, not a real one; if it is real, rotate it and pass it as a build secret',
    },
    options: {
      reportExampleKeys: {
        type: 'boolean',
        default: true,
        description: 'Report documentation example keys such as AWS\'s AKIAIOSFODNN7EXAMPLE (with their own message). Set to false to ignore them.',
      },
    },
  },
  check(df, ctx) {
    const opts: DetectOptions = { examples: ctx.options.reportExampleKeys ? 'report' : 'skip' };
    const hits: Hit[] = [];
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword === 'ONBUILD') continue;
      if (instr.properties && (instr.keyword === 'ENV' || instr.keyword === 'ARG' || instr.keyword === 'LABEL')) {
        for (const p of instr.properties) {
          if (p.value === undefined || !p.valueRange) continue;
          const m = detectSecretAssignment(p.name, p.value, opts);
          if (m) hits.push({ match: m, range: subRange(df, p.valueRange, p.value, m.start, m.end), where: `${instr.keyword} ${p.name}` });
        }
      } else if (instr.keyword === 'RUN') {
        const script = instr.run?.script;
        if (script) for (const c of script.commands) hits.push(...commandHits(df, c, opts));
        else for (const w of instr.json ?? instr.args) hits.push(...wordHits(df, w, 'RUN', opts));
      } else if (['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'ADD', 'COPY', 'FROM', 'USER', 'WORKDIR', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'SHELL'].includes(instr.keyword)) {
        const words = instr.json && instr.keyword !== 'ADD' && instr.keyword !== 'COPY' ? instr.json : instr.args;
        for (const w of words) hits.push(...wordHits(df, w, instr.keyword, opts));
      }
      for (const h of instr.heredocs) {
        if (!h.bodyRange) continue;
        for (const m of detectSecretsInText(h.body, { ...opts, assignments: true })) {
          const start = advance(h.bodyRange.start, h.body, m.start);
          hits.push({ match: m, range: { start, end: advance(start, h.body.slice(m.start), m.end - m.start) }, where: `the heredoc of ${instr.keyword}` });
        }
      }
    }
    // A heredoc script is read both as commands and as text: report each place once.
    const seen = new Set<string>();
    for (const { match, range, where } of hits) {
      const key = `${range.start.line}:${range.start.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({
        messageId: match.example ? 'example' : 'secret',
        data: { title: match.title.replace(/ \(documentation example\)$/, ''), masked: match.masked, where },
        range,
        facts: {
          detector: match.detector,
          severity: match.severity,
          masked: match.masked,
          length: match.length,
          example: match.example === true,
        },
        fingerprintKey: `${match.detector}\u0000${where}\u0000${match.masked}`,
      });
    }
  },
});

/** Known formats in one word. Words expanded from a known ARG/ENV are reported at that ARG/ENV. */
function wordHits(df: Dockerfile, w: Word, where: string, opts: DetectOptions): Hit[] {
  if (w.fromVariable) return [];
  return detectSecretsInText(w.value, opts).map((m) => ({ match: m, range: subRange(df, w.range, w.value, m.start, m.end), where }));
}

function commandHits(df: Dockerfile, c: Command, opts: DetectOptions): Hit[] {
  // A wrapped command (`sudo curl ...`) repeats its outer command's words: scan them once, but
  // still read the inner program's flags (`sudo docker login -p ...`).
  const repeated = c.wrappedBy !== undefined && !['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox'].includes(c.wrappedBy);
  const where = 'RUN';
  const hits: Hit[] = [];
  if (!repeated) for (const w of c.words) hits.push(...wordHits(df, w, where, opts));

  // `GITHUB_TOKEN=ghp_... make`: prefix assignments, located in the text before the command name.
  for (const a of c.assignments) {
    const m = detectSecretAssignment(a.name, a.value, opts);
    if (!m || hits.some((h) => h.match.masked === m.masked)) continue;
    const range = rangeOfText(df, { start: c.range.start, end: c.nameRange.start }, a.value) ?? c.range;
    hits.push({ match: m, range: narrow(df, range, a.value, m), where });
  }

  // `export API_KEY=...`, `env TOKEN=... cmd`.
  if (ASSIGNING.has(c.program)) {
    for (const w of c.words) {
      const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (!eq || !w.literal) continue;
      pushAssignment(df, hits, eq[1], eq[2], w, eq[1].length + 1, opts);
    }
  }

  // `--password=...`, `--token ...`, `docker login -p ...`, `mysql -pSECRET`, `curl -u user:pass`.
  // GPG and apt-key take key *ids* (`--recv-keys <fingerprint>`), which are public.
  if (KEY_ID_PROGRAMS.has(c.program)) return hits;
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i];
    if (!w.literal) continue;
    const long = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s.exec(w.value);
    if (long) {
      const name = long[1];
      if (NOT_VALUE_FLAG.test(name) || !classifySecretName(name).secretLike) continue;
      if (long[2] !== undefined) pushAssignment(df, hits, name, long[2], w, name.length + 3, opts);
      else if (c.words[i + 1] && !c.words[i + 1].value.startsWith('-') && !c.words[i + 1].fromVariable) pushAssignment(df, hits, name, c.words[i + 1].value, c.words[i + 1], 0, opts);
      continue;
    }
    const style = SHORT_PASSWORD_FLAG[c.program];
    if (style === 'separate' && w.value === '-p' && c.words[i + 1]) pushAssignment(df, hits, 'password', c.words[i + 1].value, c.words[i + 1], 0, opts);
    if (style === 'attached' && /^-p.+/.test(w.value)) pushAssignment(df, hits, 'password', w.value.slice(2), w, 2, opts);
    if ((c.program === 'curl' && (w.value === '-u' || w.value === '--user')) && c.words[i + 1]) {
      const userPass = c.words[i + 1];
      const colon = userPass.value.indexOf(':');
      if (colon > 0 && userPass.literal) pushAssignment(df, hits, 'password', userPass.value.slice(colon + 1), userPass, colon + 1, opts);
    }
  }
  return hits;
}

/** Judges `name=value` found inside word `w`, where the value starts `offset` characters into the word. */
function pushAssignment(df: Dockerfile, hits: Hit[], name: string, value: string, w: Word, offset: number, opts: DetectOptions): void {
  if (!w.literal || isReference(value) || isPlaceholder(value)) return;
  const m = detectSecretAssignment(name, value, opts);
  if (!m) return;
  const range = subRange(df, w.range, w.value, offset + m.start, offset + m.end);
  if (hits.some((h) => h.range.start.line === range.start.line && h.range.start.column === range.start.column)) return;
  hits.push({ match: m, range, where: 'RUN' });
}

/** Narrows a range holding `value` to the matched part of it. */
function narrow(df: Dockerfile, range: Range, value: string, m: SecretMatch): Range {
  return m.start === 0 && m.end === value.length ? range : subRange(df, range, value, m.start, m.end);
}
