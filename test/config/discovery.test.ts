import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigCache, configFileFor, loadConfigFor } from '../../src/config/index.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A folder tree: `home/` is $HOME, `repo/` a git repository inside `outer/` (which has a config too). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'plimsoll-config-'));
  roots.push(root);
  mkdirSync(join(root, 'outer/repo/.git'), { recursive: true });
  mkdirSync(join(root, 'home'), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

function found(root: string, file: string, extra: { cwd?: string; configPath?: string; xdg?: string } = {}): string | undefined {
  const env = { HOME: join(root, 'home'), ...(extra.xdg ? { XDG_CONFIG_HOME: join(root, extra.xdg) } : {}) };
  const f = configFileFor(join(root, file), { cwd: join(root, extra.cwd ?? 'outer/repo'), env, configPath: extra.configPath });
  return f && `${f.kind} ${f.path.slice(root.length + 1)}`;
}

describe('finding the config file', () => {
  it('the nearest .plimsoll.yaml from the file up to the repository root', () => {
    const root = tree({ 'outer/repo/.plimsoll.yaml': '', 'outer/repo/a/.plimsoll.yml': '', 'outer/repo/a/b/Dockerfile': '' });
    expect(found(root, 'outer/repo/a/b/Dockerfile')).toBe('plimsoll outer/repo/a/.plimsoll.yml');
    expect(found(root, 'outer/repo/c/Dockerfile')).toBe('plimsoll outer/repo/.plimsoll.yaml');
  });

  it('.yaml before .yml in the same folder', () => {
    const root = tree({ 'outer/repo/.plimsoll.yaml': '', 'outer/repo/.plimsoll.yml': '' });
    expect(found(root, 'outer/repo/Dockerfile')).toBe('plimsoll outer/repo/.plimsoll.yaml');
  });

  it('stops at the repository root: a config above it is not used', () => {
    const root = tree({ 'outer/.plimsoll.yaml': '' });
    expect(found(root, 'outer/repo/Dockerfile')).toBeUndefined();
  });

  it('outside a repository, folders are searched up to the file system root', () => {
    const root = tree({ 'outer/.plimsoll.yaml': '', 'outer/plain/sub/Dockerfile': '' });
    expect(found(root, 'outer/plain/sub/Dockerfile')).toBe('plimsoll outer/.plimsoll.yaml');
  });

  it('then ~/.plimsoll.yaml, then $XDG_CONFIG_HOME/plimsoll/config.yaml', () => {
    expect(found(tree({ 'home/.plimsoll.yaml': '', 'home/.config/plimsoll/config.yaml': '' }), 'outer/repo/Dockerfile')).toBe('plimsoll home/.plimsoll.yaml');
    expect(found(tree({ 'home/.config/plimsoll/config.yaml': '' }), 'outer/repo/Dockerfile')).toBe('plimsoll home/.config/plimsoll/config.yaml');
    expect(found(tree({ 'xdg/plimsoll/config.yaml': '' }), 'outer/repo/Dockerfile', { xdg: 'xdg' })).toBe('plimsoll xdg/plimsoll/config.yaml');
  });

  it('a .hadolint.yaml only when there is no plimsoll config anywhere on the search path', () => {
    expect(found(tree({ 'outer/repo/.hadolint.yaml': '', 'home/.plimsoll.yaml': '' }), 'outer/repo/Dockerfile')).toBe('plimsoll home/.plimsoll.yaml');
    expect(found(tree({ 'outer/repo/a/.hadolint.yml': '', 'outer/repo/.hadolint.yaml': '' }), 'outer/repo/a/Dockerfile')).toBe('hadolint outer/repo/a/.hadolint.yml');
  });

  it("then hadolint's own places: the working directory, XDG, ~/.config, ~/.hadolint/, ~", () => {
    expect(found(tree({ 'work/.hadolint.yaml': '' }), 'outer/repo/Dockerfile', { cwd: 'work' })).toBe('hadolint work/.hadolint.yaml');
    expect(found(tree({ 'xdg/hadolint.yaml': '' }), 'outer/repo/Dockerfile', { xdg: 'xdg' })).toBe('hadolint xdg/hadolint.yaml');
    expect(found(tree({ 'home/.config/hadolint.yaml': '' }), 'outer/repo/Dockerfile')).toBe('hadolint home/.config/hadolint.yaml');
    expect(found(tree({ 'home/.hadolint/hadolint.yaml': '' }), 'outer/repo/Dockerfile')).toBe('hadolint home/.hadolint/hadolint.yaml');
    expect(found(tree({ 'home/.hadolint.yaml': '' }), 'outer/repo/Dockerfile')).toBe('hadolint home/.hadolint.yaml');
  });

  it('--config wins over every search, and a hadolint-named file is read as one', () => {
    const root = tree({ 'outer/repo/.plimsoll.yaml': '', 'ci/lint.yaml': '', 'ci/hadolint.yaml': '' });
    expect(found(root, 'outer/repo/Dockerfile', { configPath: '../../ci/lint.yaml' })).toBe('plimsoll ci/lint.yaml');
    expect(found(root, 'outer/repo/Dockerfile', { configPath: '../../ci/hadolint.yaml' })).toBe('hadolint ci/hadolint.yaml');
  });

  it('standard input and images are configured from the working directory', async () => {
    const root = tree({ 'outer/repo/.plimsoll.yaml': 'failOn: note\n' });
    const config = await loadConfigFor(undefined, { cwd: join(root, 'outer/repo'), env: { HOME: join(root, 'home') } });
    expect(config.failOn).toBe('note');
    expect(config.source).toBe(join(root, 'outer/repo/.plimsoll.yaml'));
  });

  it('a missing --config file is a usage error', async () => {
    const root = tree({});
    await expect(loadConfigFor(undefined, { cwd: root, configPath: 'nope.yaml' })).rejects.toThrow('nope.yaml: cannot read the config file (no such file)');
  });

  it('with a shared cache, each config file is read once per run', async () => {
    const root = tree({ 'outer/repo/.plimsoll.yaml': 'failOn: error\n' });
    const cache = new ConfigCache();
    const req = { cwd: join(root, 'outer/repo'), env: { HOME: join(root, 'home') }, cache };
    const a = await loadConfigFor(join(root, 'outer/repo/a/Dockerfile'), req);
    const b = await loadConfigFor(join(root, 'outer/repo/b/Dockerfile'), req);
    expect(a).toBe(b);
    expect(cache.layers.size).toBe(1);
  });
});
