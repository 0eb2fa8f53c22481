/**
 * What a rule is. One module per rule exports a `Rule`: its metadata and a check over the
 * model it targets. Rules never print; they report findings through their context.
 */
import type { FactValue, Level, LevelSetting, Range } from './finding.js';

/** The id families of DESIGN.md. */
export type RuleFamily = 'DF' | 'CO' | 'IM' | 'FS' | 'SZ';

export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/**
 * Declared options, validated with the config before a rule runs (as ESLint's meta.schema),
 * so rules never parse their own options.
 */
export type OptionSpec =
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'number'; default: number; min?: number; max?: number; description: string }
  | { type: 'string'; default: string; enum?: readonly string[]; description: string }
  | { type: 'string[]'; default: readonly string[]; description: string };

export type OptionValues<S extends Record<string, OptionSpec>> = {
  [K in keyof S]: S[K] extends { type: 'boolean' }
    ? boolean
    : S[K] extends { type: 'number' }
      ? number
      : S[K] extends { type: 'string' }
        ? string
        : readonly string[];
};

export interface RuleMeta {
  /** Family prefix and three digits, e.g. `DF007`. */
  id: string;
  /** kebab-case, e.g. `apt-get-unpinned`. Accepted wherever an id is. */
  name: string;
  /** hadolint DL codes (or other tools' ids) that check the same thing. */
  aliases: readonly string[];
  family: RuleFamily;
  /** One line, <= 1024 chars, no trailing period needed. */
  shortDescription: string;
  /** A paragraph: what is checked and why it matters. */
  fullDescription: string;
  /** Level in the `recommended` preset; `off` means the rule must be turned on. */
  defaultLevel: LevelSetting;
  /** Level in the `strict` preset when it differs from defaultLevel. */
  strictLevel?: LevelSetting;
  /** Free tags; `security` marks a security rule (and then securitySeverity is required). */
  tags: readonly string[];
  /** SARIF `security-severity`, 0.1-10.0, for security rules. */
  securitySeverity?: number;
  precision: Precision;
  /** Message templates keyed by message id; `{{name}}` is replaced by report data. */
  messages: Readonly<Record<string, string>>;
  options?: Readonly<Record<string, OptionSpec>>;
}

/** Settings shared by several rules, from the config file. */
export interface SharedSettings {
  /** Registries allowed in FROM / COPY --from / RUN --mount from=; empty means any. */
  trustedRegistries: readonly string[];
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: string;
  facts?: Record<string, FactValue>;
  /**
   * Extra text that makes this finding's fingerprint unique among findings of the same rule
   * on the same instruction (e.g. the package name). Never a line number.
   */
  fingerprintKey?: string;
}

export interface RuleContext<O = Record<string, unknown>> {
  /** Resolved options (defaults merged with config). */
  readonly options: O;
  readonly settings: SharedSettings;
  /** The level this rule runs at; a rule may use it, most never need to. */
  readonly level: Level;
  report(descriptor: ReportDescriptor): void;
}

/** Fills `{{name}}` placeholders. Unknown placeholders are left as they are, to be visible in tests. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}

export const DOCS_BASE_URL = 'https://github.com/plimsoll-dev/plimsoll/blob/main/rules-docs/';

export function ruleDocUrl(meta: Pick<RuleMeta, 'id' | 'name'>): string {
  return `${DOCS_BASE_URL}${meta.id}-${meta.name}.md`;
}
