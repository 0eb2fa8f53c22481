import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

/** What ADD extracts: tar, optionally compressed (identity, gzip, bzip2, xz; zstd in newer builders). */
const ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|tz|gz|bz2|xz|zst|lz|lzma|z)$/i;
const REMOTE = /^(https?|ftp):\/\/|^git@|^(git|ssh):\/\//i;

export default defineDockerfileRule({
  meta: {
    id: 'DF016',
    name: 'add-instead-of-copy',
    aliases: ['DL3020'],
    family: 'DF',
    shortDescription: 'Use COPY instead of ADD for files and folders',
    fullDescription:
      'ADD does more than copy: it downloads URLs, clones git repositories and unpacks local tar archives. For plain files and folders it does the same as COPY, but a reader, and a later edit that renames a file to .tar.gz, cannot tell which behaviour was meant. COPY says "copy" and nothing else. URLs, git sources and local tar archives (compressed or not) are left alone.',
    defaultLevel: 'error',
    tags: ['maintainability', 'security'],
    securitySeverity: 2.0,
    precision: 'very-high',
    messages: {
      local: 'Use COPY for "{{source}}": ADD is for URLs and for tar archives it should unpack; for files and folders COPY says exactly what happens',
      zip: 'ADD does not unpack "{{source}}" (only tar archives are unpacked); use COPY and unzip it in a RUN',
      heredoc: 'Use COPY for an inline heredoc file: ADD adds nothing to it',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'ADD' || !instr.copy) continue;
      for (const source of instr.copy.sources) {
        const resolved = resolveVariables(source.value, instr.vars, df.escapeChar);
        // `ADD $URL /x` with no known value might be a URL: say nothing.
        if (resolved.unresolved) continue;
        const value = resolved.text.replace(/^["']|["']$/g, '');
        if (REMOTE.test(value) || /\.git(#.*)?$/.test(value)) continue;
        if (ARCHIVE.test(value)) continue;
        const messageId = value.startsWith('<<') ? 'heredoc' : /\.zip$/i.test(value) ? 'zip' : 'local';
        ctx.report({ messageId, data: { source: value }, range: source.range, fix: 'Replace ADD with COPY' });
        break;
      }
    }
  },
});
