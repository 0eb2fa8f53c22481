import type { ComposeNode, Interpolation, Service } from '../../compose/model.js';
import { detectSecretAssignment, type SecretMatch } from '../../secrets/index.js';
import { defineComposeRule, type ComposeRuleContext } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO011',
    name: 'secret-in-environment',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not write secrets into environment or build args',
    fullDescription:
      'A password, token or key written into `environment:` (or `build.args`, which also end up in the image\'s history) is in version control, in every clone and CI log, and in `docker inspect` for anyone who can reach the engine. Reported: a secret-like name (`DB_PASSWORD`, `API_TOKEN`, by token, not substring) with a literal value that looks real, and a value of a known format (AWS, GitHub, Slack, Stripe keys, private keys, passwords in URLs) whatever its name, including defaults such as `${DB_PASSWORD:-s3cret}`. Left alone: `${VAR}` references (the right way), names ending in `_FILE` (paths to Docker secrets), placeholders (`changeme`, `<token>`) and well-known defaults (`postgres`). Values from `.env` are not in the compose file and not reported here. Secrets are shown masked.',
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 8.0,
    precision: 'high',
    messages: {
      byName: 'Service "{{service}}" writes a secret into {{name}} ({{title}}, {{masked}}); pass it in from the environment (`{{name}}: ${{{name}}}`) or use `secrets:`',
      byValue: 'Service "{{service}}" sets {{name}} to a value with a secret in it ({{title}}, {{masked}}); pass it in from the environment or use `secrets:`',
      inDefault:
        'Service "{{service}}" gives {{name}} a default with a secret in it ({{title}}, {{masked}}), written in the compose file; drop the default so the value must come from the environment',
      buildArg:
        'Service "{{service}}" passes a secret as build argument {{name}} ({{title}}, {{masked}}), which stays in the image\'s history; use a build secret (`build.secrets`, `RUN --mount=type=secret`)',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const env of service.environment) {
        if (env.value === undefined || env.raw === undefined) continue;
        judge(ctx, service, env.name, env.raw, env.interpolation, env.node, false);
      }
      for (const [name, node] of service.build?.args?.entries ?? []) {
        if (node.kind !== 'scalar' || node.value === null) continue;
        judge(ctx, service, name, node.raw, node.interpolation, node, true);
      }
    }
  },
});

function judge(
  ctx: ComposeRuleContext,
  service: Service,
  name: string,
  raw: string,
  interpolation: Interpolation | undefined,
  node: ComposeNode,
  buildArg: boolean,
): void {
  const report = (messageId: string, m: SecretMatch, key: string) =>
    ctx.report({
      messageId: buildArg ? 'buildArg' : messageId,
      data: { name, title: m.title, masked: m.masked },
      node,
      service,
      facts: { name, detector: m.detector, masked: m.masked },
      fingerprintKey: `${buildArg ? 'arg' : 'env'}\u0000${name}\u0000${key}`,
    });
  // As written: with `${VAR}` references left in, only known formats in the literal text can match.
  const literal = detectSecretAssignment(name, raw, { examples: 'skip' });
  if (literal) {
    report(literal.detector === 'secret-assignment' ? 'byName' : 'byValue', literal, raw);
    return;
  }
  for (const ref of interpolation?.refs ?? []) {
    // The default is written in the file whether or not `.env` sets the variable.
    if ((ref.operator !== ':-' && ref.operator !== '-') || !ref.operand || ref.operand.includes('$')) continue;
    const m = detectSecretAssignment(name, ref.operand, { examples: 'skip' });
    if (m) {
      report('inDefault', m, ref.operand);
      return;
    }
  }
}
