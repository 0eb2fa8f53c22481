import type { RuleMeta } from '../src/rules/rule.js';

export function renderRulesIndex(metas: readonly RuleMeta[], pageExists: (file: string) => boolean): string;
