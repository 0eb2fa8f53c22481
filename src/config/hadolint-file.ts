/**
 * `.hadolint.yaml`, read when there is no plimsoll config, so a repository that already has
 * one keeps its choices: `ignored` turns rules off through their DL aliases, `override`
 * re-levels them, `failure-threshold` and `no-fail` set failOn, `disable-ignore-pragma` turns
 * suppression comments off, `trustedRegistries` carries over. hadolint ignores keys it does
 * not know, and so does plimsoll; keys plimsoll knows but cannot honour get a note.
 */
import { dirname } from 'node:path';
import type { Level, LevelSetting } from '../rules/finding.js';
import type { ConfigLayer } from './layer.js';
import { isShellCheckCode, lookupRuleKey, type RuleSetting } from './rule-settings.js';
import { readNode, type Schema } from './schema.js';
import { ConfigFileError, loadYamlFile, parseYamlText, type LoadedYaml } from './yaml-file.js';

const codeList: Schema = { type: 'list', allowSingle: true, items: { type: 'string' } };

/** hadolint keys plimsoll understands but has no equivalent for. */
const NOT_HONOURED: Record<string, string> = {
  'label-schema': 'plimsoll has no label schema check; LABEL keys and values are checked by DF076 label-invalid only',
  'strict-labels': 'plimsoll has no label schema check',
  'require-labels': 'plimsoll has no required-labels check',
};

const FAILURE_THRESHOLDS = ['error', 'warning', 'info', 'style', 'ignore', 'none'] as const;

interface HadolintShape {
  ignored?: string[];
  override?: { error?: string[]; warning?: string[]; info?: string[]; style?: string[] };
  trustedRegistries?: string[];
  'failure-threshold'?: (typeof FAILURE_THRESHOLDS)[number];
  'disable-ignore-pragma'?: boolean;
  'no-fail'?: boolean;
}

export async function readHadolintConfig(absolute: string, shown: string): Promise<ConfigLayer> {
  return hadolintLayer(await loadYamlFile(absolute, shown), absolute, shown);
}

export function parseHadolintConfig(text: string, absolute: string, shown = absolute): ConfigLayer {
  return hadolintLayer(parseYamlText(text, shown), absolute, shown);
}

function hadolintLayer({ doc, ctx }: LoadedYaml, absolute: string, shown: string): ConfigLayer {
  const notes: string[] = [];
  const schema: Schema = {
    type: 'object',
    fields: {
      ignored: codeList,
      override: {
        type: 'object',
        fields: { error: codeList, warning: codeList, info: codeList, style: codeList },
        onUnknownKey: () => undefined,
      },
      trustedRegistries: codeList,
      'failure-threshold': { type: 'string', enum: FAILURE_THRESHOLDS },
      'disable-ignore-pragma': { type: 'boolean' },
      'no-fail': { type: 'boolean' },
    },
    onUnknownKey: (key, _pair, at) => {
      if (NOT_HONOURED[key]) notes.push(`${shown}:${at.line}:${at.column}: ${key} is not honoured: ${NOT_HONOURED[key]}`);
    },
  };
  const value = (readNode(doc.contents, schema, '', { line: 1, column: 1 }, ctx) ?? {}) as HadolintShape;
  if (ctx.issues.length > 0) {
    throw new ConfigFileError(shown, ctx.issues, `(plimsoll read this .hadolint.yaml because no .plimsoll.yaml was found; see docs/config.md)`);
  }

  const rules: RuleSetting[] = [];
  const unknown: string[] = [];
  const add = (codes: readonly string[] | undefined, level: LevelSetting) => {
    for (const code of codes ?? []) {
      if (isShellCheckCode(code)) continue;
      const found = lookupRuleKey(code);
      if ('error' in found) {
        if (!unknown.includes(code)) unknown.push(code);
        continue;
      }
      rules.push({ key: code, metas: found.metas, exact: found.exact, level });
    }
  };
  // hadolint drops ignored rules whatever their override says: apply `ignored` last.
  add(value.override?.style, 'note');
  add(value.override?.info, 'note');
  add(value.override?.warning, 'warning');
  add(value.override?.error, 'error');
  add(value.ignored, 'off');
  if (unknown.length > 0) notes.push(`${shown}: no plimsoll rule checks ${unknown.join(', ')}; ${unknown.length === 1 ? 'it is' : 'they are'} skipped`);

  let failOn: Level | 'none' | undefined;
  switch (value['failure-threshold']) {
    case 'error':
    case 'warning':
      failOn = value['failure-threshold'];
      break;
    case 'info':
    case 'style':
    // hadolint's `ignore`/`none` threshold fails on any finding at all.
    case 'ignore':
    case 'none':
      failOn = 'note';
      break;
  }
  if (value['no-fail'] === true) failOn = 'none';

  return {
    file: absolute,
    shown,
    kind: 'hadolint',
    baseDir: dirname(absolute),
    rules,
    failOn,
    trustedRegistries: value.trustedRegistries,
    inlineIgnores: value['disable-ignore-pragma'] === true ? false : undefined,
    notes,
  };
}
