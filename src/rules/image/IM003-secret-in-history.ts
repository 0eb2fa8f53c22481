import { detectSecretAssignment, detectSecretsInText, type DetectOptions, type SecretMatch } from '../../secrets/index.js';
import { normalizeForFingerprint } from '../fingerprint.js';
import { envPairs, parseHistoryStep, secretOf } from './history.js';
import { defineImageRule } from './types.js';

export default defineImageRule({
  meta: {
    id: 'IM003',
    name: 'secret-in-history',
    aliases: [],
    family: 'IM',
    shortDescription: 'A secret recorded in the image history (build arguments, RUN lines, ENV/ARG steps)',
    fullDescription:
      "Every build step is recorded in the image's history (`docker history --no-trunc`): RUN command lines, ENV, ARG and LABEL steps, and the build arguments a RUN used (`|2 NPM_TOKEN=... /bin/sh -c npm ci`). A secret passed with `--build-arg`, written in a RUN line or set by an ENV that a later step overwrote is still there for everyone who pulls the image. Secrets still visible in `config.Env` and `config.Labels` are reported once, by IM002. Use build secrets (`RUN --mount=type=secret`) instead of build arguments. The value is never shown whole.",
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      buildArg: 'Build argument {{arg}} holds {{secret}}, recorded in history[{{index}}] with the step that used it (and with every later RUN): everyone who pulls the image can read it; rotate it and use a build secret (`RUN --mount=type=secret`)',
      step: 'history[{{index}}] ({{instruction}}) holds {{secret}}{{name}}: everyone who pulls the image can read it with `docker history`; rotate it and use a build secret (`RUN --mount=type=secret`)',
      example: 'history[{{index}}] holds {{secret}}{{name}} that looks like a documentation example key, not a real one; if it is real, rotate it and use a build secret',
    },
    options: {
      reportExampleKeys: {
        type: 'boolean',
        default: true,
        description: "report documentation example keys such as AWS's AKIAIOSFODNN7EXAMPLE (with their own message); false ignores them",
      },
    },
  },
  check(facts, ctx) {
    const opts: DetectOptions = { examples: ctx.options.reportExampleKeys ? 'report' : 'skip' };
    const env = new Set(facts.config.config?.Env ?? []);
    const labels = facts.config.config?.Labels ?? {};
    const argSteps = new Set<string>();
    for (const step of facts.history) {
      const text = step.entry.created_by;
      if (!text) continue;
      const parsed = parseHistoryStep(text);
      const seen = new Set<string>();
      const report = (m: SecretMatch, messageId: 'buildArg' | 'step', name?: string) => {
        const key = `${m.detector}\u0000${m.masked}`;
        if (seen.has(key)) return;
        seen.add(key);
        ctx.report({
          messageId: m.example ? 'example' : messageId,
          data: {
            index: step.index,
            instruction: parsed.instruction ?? 'step',
            name: name ? ` in ${name}` : '',
            arg: name ?? '',
            secret: secretOf(m),
          },
          configKey: `history[${step.index}].created_by`,
          historyIndex: step.index,
          fix:
            messageId === 'buildArg'
              ? 'Pass the secret with `RUN --mount=type=secret,id=...` (BuildKit) instead of `--build-arg`; build arguments are recorded in the history.'
              : 'Keep secrets out of RUN lines and ENV/ARG/LABEL steps: use `RUN --mount=type=secret` at build time and secrets at run time.',
          facts: { detector: m.detector, masked: m.masked, severity: m.severity, example: m.example === true, ...(name ? { name } : {}) },
          fingerprintKey: `${messageId}\u0000${normalizeForFingerprint(text)}\u0000${name ?? ''}\u0000${m.detector}\u0000${m.masked}`,
        });
      };
      for (const arg of parsed.buildArgs) {
        const m = detectSecretAssignment(arg.name, arg.value, opts);
        if (!m) continue;
        // Builders repeat every build argument on each later RUN: one finding, at the first step.
        const key = `${arg.name}\u0000${m.detector}\u0000${m.masked}`;
        if (argSteps.has(key)) continue;
        argSteps.add(key);
        report(m, 'buildArg', arg.name);
      }
      if (parsed.instruction === 'ENV' || parsed.instruction === 'ARG' || parsed.instruction === 'LABEL') {
        for (const p of envPairs(parsed.args ?? '')) {
          // Still in the final config: IM002 reports it there.
          if (parsed.instruction === 'ENV' && env.has(`${p.name}=${p.value}`)) continue;
          if (parsed.instruction === 'LABEL' && labels[p.name] === p.value) continue;
          const m = detectSecretAssignment(p.name, p.value, opts);
          if (m) report(m, parsed.instruction === 'ARG' ? 'buildArg' : 'step', p.name);
        }
        continue;
      }
      const body = parsed.instruction === 'RUN' ? parsed.script ?? '' : text;
      // RUN lines are shell: `export TOKEN=...` and `--password=...` are assignments worth judging.
      for (const m of detectSecretsInText(body, { ...opts, assignments: parsed.instruction === 'RUN' })) report(m, 'step', m.name);
    }
  },
});
