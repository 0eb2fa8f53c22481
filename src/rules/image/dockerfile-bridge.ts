/**
 * Runs a Dockerfile rule over instructions rebuilt from an image (a history RUN step, the
 * config's Env), so image rules judge shell scripts and variables exactly as the Dockerfile
 * rules do, with their parser and their exceptions, instead of a second, weaker copy
 * (trivy rebuilds a Dockerfile from the history the same way).
 */
import { parseDockerfile } from '../../dockerfile/parse.js';
import { presetView } from '../config-view.js';
import type { Finding } from '../finding.js';
import { lintDockerfileModel } from '../dockerfile/run.js';
import type { DockerfileRule } from '../dockerfile/types.js';
import { execFormOf } from './history.js';

/** The findings of one Dockerfile rule (forced on) over a Dockerfile text. Throws if the rule throws. */
export function dockerfileRuleFindings(rule: DockerfileRule, text: string, options?: Record<string, unknown>): Finding[] {
  const df = parseDockerfile(text, '<image>');
  const view = presetView({ levels: { [rule.meta.id]: 'warning' }, options: options ? { [rule.meta.id]: options } : undefined, inlineIgnores: false });
  const r = lintDockerfileModel(df, [rule], view);
  if (r.internalErrors.length > 0) throw new Error(r.internalErrors[0].message);
  return r.findings;
}

/**
 * A RUN instruction for a history script: exec form as JSON, a one-line script as it is, a
 * multi-line script as a heredoc (newlines separate commands there as in the original).
 */
export function runInstructionFor(script: string): string {
  const exec = execFormOf(script);
  if (exec) return `RUN ${JSON.stringify(exec)}\n`;
  if (!/[\r\n]/.test(script)) return `RUN ${script}\n`;
  let delim = 'PLIMSOLL_HISTORY_EOF';
  while (script.includes(delim)) delim += '_';
  return `RUN <<'${delim}'\n${script.replace(/\r\n?/g, '\n')}\n${delim}\n`;
}

/** An ENV instruction setting one variable, quoted so the parser reads the value back unchanged. */
export function envInstructionFor(name: string, value: string): string {
  return `ENV ${name}="${value.replace(/[\\"$`]/g, '\\$&').replace(/\r?\n/g, '\\n')}"\n`;
}
