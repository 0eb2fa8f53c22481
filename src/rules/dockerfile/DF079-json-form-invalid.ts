import type { Instruction } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD', 'HEALTHCHECK']);
const QUOTES = `"'\u201c\u201d\u2018\u2019`;

export default defineDockerfileRule({
  meta: {
    id: 'DF079',
    name: 'json-form-invalid',
    aliases: [],
    family: 'DF',
    shortDescription: 'Arguments meant as a JSON array are not valid JSON',
    fullDescription:
      'When the arguments of RUN, CMD, ENTRYPOINT, SHELL, VOLUME, COPY, ADD or HEALTHCHECK CMD start with `[` but are not a valid JSON array of strings (single quotes, a trailing or missing comma, an unescaped backslash, a missing bracket), Docker does not complain: it silently runs them in shell form, so `CMD [\'node\', \'app.js\']` runs `/bin/sh -c "[\'node\', \'app.js\']"` and fails at run time.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'high',
    messages: {
      invalid: 'These {{keyword}} arguments look like a JSON array but are not valid JSON ({{problem}}), so Docker runs them as a shell command instead',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (!JSON_KEYWORDS.has(instr.keyword) || instr.json) continue;
      const target = jsonText(instr);
      if (!target) continue;
      const problem = jsonProblem(target.text);
      if (!problem) continue;
      ctx.report({ messageId: 'invalid', data: { keyword: instr.keyword, problem }, range: target.range });
    }
  },
});

/** The text Docker tries to read as JSON, and its range: for HEALTHCHECK, what follows CMD. */
function jsonText(instr: Instruction): { text: string; range: Range } | undefined {
  let words = instr.args;
  let text = instr.argsText.trim();
  if (instr.keyword === 'HEALTHCHECK') {
    const m = /^CMD\s+/i.exec(text);
    if (!m) return undefined;
    text = text.slice(m[0].length).trim();
    words = words.slice(1);
  }
  if (!text.startsWith('[') || words.length === 0) return undefined;
  return { text, range: { start: words[0].range.start, end: words[words.length - 1].range.end } };
}

/**
 * Why a text that starts with `[` fails as a JSON array of strings, or undefined when it is
 * valid, or when it does not read as an attempt at JSON at all: `RUN [ -f x ] && make` and
 * `RUN [ "$A" = 1 ] || exit 1` are shell `test` commands.
 */
export function jsonProblem(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return undefined;
    return 'every element must be a string';
  } catch {
    // not JSON: find out whether it was meant to be, and why it is not
  }
  let i = 1;
  let strings = 0;
  let closed = false;
  let lastWasString = false;
  let sawComma = false;
  const problems: string[] = [];
  const note = (p: string) => {
    if (!problems.includes(p)) problems.push(p);
  };
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ',') {
      if (!lastWasString) note(strings === 0 ? 'a comma before the first element' : 'two commas in a row');
      lastWasString = false;
      sawComma = true;
      i++;
      continue;
    }
    if (ch === ']') {
      if (text.slice(i + 1).trim() !== '') return undefined;
      if (sawComma && !lastWasString) note('a trailing comma');
      closed = true;
      break;
    }
    if (!QUOTES.includes(ch)) return undefined;
    if (lastWasString) note('a missing comma between elements');
    if (ch !== '"') note(ch === "'" ? 'single quotes instead of double quotes' : 'typographic quotes instead of double quotes');
    const close = ch === '\u201c' ? '\u201d' : ch === '\u2018' ? '\u2019' : ch;
    let j = i + 1;
    let terminated = false;
    while (j < text.length) {
      const c = text[j];
      if (c === '\\' && ch === '"') {
        if (!/^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(j + 1))) note('a backslash that JSON does not allow (write \\\\)');
        j += 2;
        continue;
      }
      if (c === close) {
        terminated = true;
        break;
      }
      j++;
    }
    if (!terminated) {
      note('an unterminated string');
      closed = true;
      break;
    }
    strings++;
    lastWasString = true;
    sawComma = false;
    i = j + 1;
  }
  if (!closed) {
    // `RUN [ x` with nothing quoted is not an attempt at JSON.
    if (strings === 0) return undefined;
    note('no closing ]');
  }
  return problems.length > 0 ? problems.join(', ') : 'not a JSON array of strings';
}
