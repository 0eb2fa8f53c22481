/**
 * The shape of a compose rule: metadata plus a check over the compose model. A rule reports
 * against a node of the model, so a finding lands on the exact key or value at fault, in
 * whichever file (the compose file, an anchor, an `extends` file) that text is written.
 */
import type { ComposeFile, ComposeNode, Service } from '../../compose/model.js';
import type { FactValue, Level, Range } from '../finding.js';
import type { OptionSpec, OptionValues, RuleMeta, SharedSettings } from '../rule.js';

export interface ComposeReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The node at fault; the finding's file is the one its text is in. */
  node: ComposeNode;
  /** `key`: point at the node's key (`privileged`) rather than its value; or an exact range in the node's file. */
  at?: 'key' | 'value' | Range;
  /** The service the finding is about: part of its fingerprint, its facts and its suppression. */
  service?: Service;
  fix?: string;
  facts?: Record<string, FactValue>;
  /**
   * Extra text that makes this finding's fingerprint unique among the rule's findings on the
   * same node (e.g. the capability). Never a line number.
   */
  fingerprintKey?: string;
}

export interface ComposeRuleContext<O = Record<string, unknown>> {
  readonly options: O;
  readonly settings: SharedSettings;
  readonly level: Level;
  report(descriptor: ComposeReportDescriptor): void;
}

export interface ComposeRule<O = any> {
  meta: RuleMeta & { family: 'CO' };
  check(compose: ComposeFile, context: ComposeRuleContext<O>): void;
}

/** Types a rule's options from its declared option specs. */
export function defineComposeRule<S extends Record<string, OptionSpec> = Record<string, never>>(rule: {
  meta: RuleMeta & { family: 'CO'; options?: S };
  check(compose: ComposeFile, context: ComposeRuleContext<OptionValues<S>>): void;
}): ComposeRule<OptionValues<S>> {
  return rule;
}
