/**
 * Where the team's shared test material lives: `../shared` beside the project root (the
 * corpus of real Dockerfiles and compose files, real image archives), or $PLIMSOLL_SHARED.
 * Tests that need it skip with a message when it is absent.
 */
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const SHARED_DIR = process.env.PLIMSOLL_SHARED ?? resolve(PROJECT_ROOT, '..', 'shared');

/** A path inside the shared folder. */
export function shared(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}
