/**
 * `--dockerfile PATH [--target STAGE]`: the Dockerfile an image was built from, read and parsed
 * before any image work, so a wrong path or stage stops the run at once (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Dockerfile } from '../dockerfile/model.js';
import { decodeDockerfile, parseDockerfile } from '../dockerfile/parse.js';
import { PlimsollInputError, UsageError } from '../rules/finding.js';
import { chainOf } from './steps.js';

export interface LoadedDockerfile {
  /** The path as the user gave it: reports show it, SARIF resolves it from the working directory. */
  file: string;
  df: Dockerfile;
  target?: string;
}

export async function loadDockerfile(file: string, cwd: string, target?: string): Promise<LoadedDockerfile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder; give the Dockerfile itself' : (err as Error).message;
    throw new PlimsollInputError({ source: file, message: `--dockerfile: ${why}` });
  }
  const df = parseDockerfile(decodeDockerfile(bytes, file), file);
  if (df.stages.length === 0) throw new PlimsollInputError({ source: file, message: '--dockerfile: no FROM instruction: not a Dockerfile', line: 1 });
  if (!chainOf(df, target)) {
    const names = df.stages.map((s) => s.name ?? String(s.index)).join(', ');
    throw new UsageError(`--target ${target}: ${file} has no such stage (its stages: ${names})`);
  }
  return { file, df, target };
}
