/**
 * The shape of a Dockerfile rule: metadata plus a check over the parsed Dockerfile.
 * Each rule reads the whole model and keeps whatever small state it needs, as hadolint's
 * rules carry state between instructions.
 */
import type { Dockerfile } from '../../dockerfile/model.js';
import type { OptionSpec, OptionValues, RuleContext, RuleMeta } from '../rule.js';

export interface BuildContextFacts {
  /**
   * Whether a `.dockerignore` (or `<Dockerfile>.dockerignore`) sits beside the Dockerfile;
   * undefined when unknown (standard input).
   */
  dockerignore?: boolean;
}

export interface DockerfileRuleContext<O = Record<string, unknown>> extends RuleContext<O> {
  readonly buildContext: BuildContextFacts;
}

export interface DockerfileRule<O = any> {
  meta: RuleMeta & { family: 'DF' };
  check(dockerfile: Dockerfile, context: DockerfileRuleContext<O>): void;
}

/** Types a rule's options from its declared option specs. */
export function defineDockerfileRule<S extends Record<string, OptionSpec> = Record<string, never>>(rule: {
  meta: RuleMeta & { family: 'DF'; options?: S };
  check(dockerfile: Dockerfile, context: DockerfileRuleContext<OptionValues<S>>): void;
}): DockerfileRule<OptionValues<S>> {
  return rule;
}
