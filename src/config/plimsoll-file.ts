/**
 * `.plimsoll.yaml`: its schema, and reading it into a ConfigLayer.
 */
import { dirname } from 'node:path';
import type { PresetName } from '../rules/config-view.js';
import type { Level } from '../rules/finding.js';
import { FAIL_ON_WORDS, PRESETS, type ConfigLayer } from './layer.js';
import { rulesSchema, type RuleSetting } from './rule-settings.js';
import { readNode, toJsonSchema, type Schema } from './schema.js';
import type { ImageGateConfig } from './types.js';
import { ConfigFileError, loadYamlFile, parseYamlText, type LoadedYaml } from './yaml-file.js';

export const imageSchema: Schema = {
  type: 'object',
  description: 'limits for `plimsoll image`; a limit that is exceeded fails the run (exit 1)',
  fields: {
    maxSize: { type: 'bytes', description: 'largest allowed image size (uncompressed layers), e.g. "500MB" or "1.2GiB"' },
    minEfficiency: { type: 'fraction', description: "lowest allowed efficiency score, dive's formula (0..1)" },
    maxWastedBytes: { type: 'bytes', description: "most bytes allowed in files that are shipped more than once or deleted later (dive's wasted bytes)" },
    maxWastedPercent: { type: 'fraction', description: "most allowed share of wasted bytes in the image (dive's user wasted percent, 0..1)" },
    maxReclaimableBytes: { type: 'bytes', description: 'most bytes allowed that a rebuild could save (plimsoll reclaimable bytes)' },
    setuidAllowlist: {
      type: 'list',
      allowSingle: true,
      items: { type: 'string' },
      description: 'absolute paths (or globs) inside the image whose setuid/setgid bit is expected and not reported (FS001)',
    },
    contentAllowPaths: {
      type: 'list',
      allowSingle: true,
      items: { type: 'string' },
      description: 'globs of absolute paths inside the image whose contents are not scanned for keys, credentials and secrets, added to the built-in list (FS003-FS006)',
    },
    builtinAllowPaths: {
      type: 'boolean',
      description: 'skip the built-in list of package, test, example and documentation paths when scanning contents (default: true)',
    },
    contentMaxBytes: {
      type: 'bytes',
      description: 'files larger than this are not read for keys, credentials and secrets (default 1MiB, at most 16MiB)',
    },
  },
};

export const plimsollConfigSchema: Schema = {
  type: 'object',
  description: 'plimsoll configuration (.plimsoll.yaml)',
  extensions: true,
  fields: {
    $schema: { type: 'string', description: 'the JSON Schema of this file, for editors' },
    extends: {
      type: 'list',
      allowSingle: true,
      items: { type: 'string', enum: PRESETS },
      description: 'the preset(s) to start from; later entries win (default: recommended)',
    },
    rules: rulesSchema,
    failOn: {
      type: 'string',
      enum: FAIL_ON_WORDS,
      description: 'exit 1 when an unsuppressed finding is at or above this level (default: warning)',
    },
    trustedRegistries: {
      type: 'list',
      allowSingle: true,
      items: { type: 'string' },
      description: 'registries allowed in FROM, COPY --from and RUN --mount from= (wildcards: *.gcr.io); empty means any',
    },
    ignorePaths: {
      type: 'list',
      allowSingle: true,
      items: { type: 'string' },
      description: 'globs, relative to this file, of files and folders not to lint',
    },
    inlineIgnores: { type: 'boolean', description: 'honour # plimsoll ignore= and # hadolint ignore= comments (default: true)' },
    image: imageSchema,
  },
};

interface PlimsollFileShape {
  extends?: PresetName[];
  rules?: RuleSetting[];
  failOn?: Level | 'none';
  trustedRegistries?: string[];
  ignorePaths?: string[];
  inlineIgnores?: boolean;
  image?: ImageGateConfig;
}

export async function readPlimsollConfig(absolute: string, shown: string): Promise<ConfigLayer> {
  return plimsollLayer(await loadYamlFile(absolute, shown), absolute, shown);
}

/** For tests and library users: a .plimsoll.yaml given as text. */
export function parsePlimsollConfig(text: string, absolute: string, shown = absolute): ConfigLayer {
  return plimsollLayer(parseYamlText(text, shown), absolute, shown);
}

function plimsollLayer({ doc, ctx }: LoadedYaml, absolute: string, shown: string): ConfigLayer {
  const root = doc.contents;
  const value = (readNode(root, plimsollConfigSchema, '', { line: 1, column: 1 }, ctx) ?? {}) as PlimsollFileShape;
  if (ctx.issues.length > 0) throw new ConfigFileError(shown, ctx.issues);
  const notes: string[] = [];
  for (const path of value.image?.setuidAllowlist ?? []) {
    if (!path.startsWith('/') && !path.startsWith('**')) notes.push(`${shown}: image.setuidAllowlist: "${path}" is not an absolute path; it will never match`);
  }
  for (const path of value.image?.contentAllowPaths ?? []) {
    if (!path.startsWith('/') && !path.startsWith('**')) notes.push(`${shown}: image.contentAllowPaths: "${path}" is not an absolute path or a glob starting with **; it will never match`);
  }
  if (value.image?.contentMaxBytes !== undefined && value.image.contentMaxBytes > 16 * 1024 * 1024) {
    notes.push(`${shown}: image.contentMaxBytes: files are read up to 16MiB at most; larger values count as 16MiB`);
  }
  return {
    file: absolute,
    shown,
    kind: 'plimsoll',
    baseDir: dirname(absolute),
    extends: value.extends,
    rules: value.rules ?? [],
    failOn: value.failOn,
    trustedRegistries: value.trustedRegistries,
    ignorePaths: value.ignorePaths,
    inlineIgnores: value.inlineIgnores,
    image: value.image,
    notes,
  };
}

/** docs/plimsoll-config.schema.json. */
export function plimsollConfigJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/plimsoll-dev/plimsoll/raw/main/docs/plimsoll-config.schema.json',
    title: '.plimsoll.yaml',
    ...toJsonSchema(plimsollConfigSchema),
  };
}
