import DF052 from '../dockerfile/DF052-remote-script-piped-to-shell.js';
import { normalizeForFingerprint } from '../fingerprint.js';
import { dockerfileRuleFindings, runInstructionFor } from './dockerfile-bridge.js';
import { parseHistoryStep } from './history.js';
import { defineImageRule } from './types.js';

export default defineImageRule({
  meta: {
    id: 'IM004',
    name: 'remote-script-in-history',
    aliases: [],
    family: 'IM',
    shortDescription: 'A build step ran a script downloaded by curl or wget without verifying it',
    fullDescription:
      "The image's history shows a RUN step that piped `curl`/`wget` output into a shell (`curl … | sh`, `sh -c \"$(curl …)\"`, `bash <(curl …)`) or downloaded a script and ran it with no checksum or signature check in between. Whatever the server returned at build time is in the image, and nobody can say what it was. The RUN lines are read with the same shell parser and the same exceptions as the Dockerfile rule DF052 (a `sha256sum -c` or `gpg --verify` between download and run is fine). Steps of the base image count too: the history holds them.",
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'high',
    messages: {
      remote: 'history[{{index}}] {{detail}}',
    },
  },
  check(facts, ctx) {
    for (const step of facts.history) {
      const parsed = parseHistoryStep(step.entry.created_by);
      if (parsed.instruction !== 'RUN' || !parsed.script) continue;
      // Cheap filter before parsing the script: no downloader, nothing to find.
      if (!/\b(curl|wget|fetch)\b/.test(parsed.script)) continue;
      for (const f of dockerfileRuleFindings(DF052, `FROM scratch\n${runInstructionFor(parsed.script)}`)) {
        ctx.report({
          messageId: 'remote',
          data: { index: step.index, detail: lowerFirst(f.message) },
          configKey: `history[${step.index}].created_by`,
          historyIndex: step.index,
          fix: 'Download the script to a file, check its checksum or signature (`sha256sum -c`, `gpg --verify`), then run it; or install the tool from a signed package repository.',
          facts: { messageId: f.messageId },
          fingerprintKey: `${f.messageId}\u0000${normalizeForFingerprint(parsed.script)}`,
        });
      }
    }
  },
});

function lowerFirst(text: string): string {
  // DF052 messages start with a quoted command or a file name; keep them as they are.
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
