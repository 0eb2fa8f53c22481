import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

/** Namespaces Docker keeps for itself. */
const RESERVED_PREFIXES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

export default defineDockerfileRule({
  meta: {
    id: 'DF076',
    name: 'label-invalid',
    aliases: ['DL3048', 'DL3051'],
    family: 'DF',
    shortDescription: 'Label key not in Docker\'s recommended format, or label value empty',
    fullDescription:
      'Docker recommends label keys in lower-case reverse-DNS notation (`org.opencontainers.image.source`): lower-case letters, digits, `.` and `-`, starting with a letter and ending with a letter or digit, no `..` or `--`, and not in the `com.docker.*`, `io.docker.*` or `org.dockerproject.*` namespaces Docker reserves. Tools that filter on labels expect that format. A label with an empty value carries no information and often means a build argument was not passed.',
    defaultLevel: 'note',
    tags: ['maintainability'],
    precision: 'very-high',
    messages: {
      invalidKey: 'Label key "{{key}}" {{problem}}; use lower-case reverse-DNS keys such as org.opencontainers.image.title',
      emptyValue: 'Label "{{key}}" has an empty value',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'LABEL') continue;
      for (const prop of instr.properties ?? []) {
        // A key or value built from variables is only known at build time.
        if (prop.name.includes('$')) continue;
        const problem = keyProblem(prop.name);
        if (problem) ctx.report({ messageId: 'invalidKey', data: { key: prop.name, problem }, range: prop.nameRange, fingerprintKey: `key\u0000${prop.name}` });
        if (prop.value !== undefined && prop.value.trim() === '') {
          ctx.report({ messageId: 'emptyValue', data: { key: prop.name }, range: prop.range, fingerprintKey: `empty\u0000${prop.name}` });
        }
      }
    }
  },
});

function keyProblem(key: string): string | undefined {
  if (/[A-Z]/.test(key)) return 'has upper-case letters';
  const bad = key.replace(/[a-z0-9.-]/g, '');
  if (bad) return `has characters other than a-z, 0-9, "." and "-" (${JSON.stringify([...new Set(bad)].join(''))})`;
  if (!/^[a-z]/.test(key)) return 'does not start with a letter';
  if (!/[a-z0-9]$/.test(key)) return 'does not end with a letter or digit';
  if (key.includes('..') || key.includes('--')) return 'has ".." or "--"';
  const reserved = RESERVED_PREFIXES.find((p) => key.startsWith(p));
  if (reserved) return `is in the ${reserved}* namespace that Docker reserves`;
  return undefined;
}
