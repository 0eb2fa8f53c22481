import { describe } from 'vitest';
import rule from '../../../src/rules/filesystem/FS005-git-folder.js';
import { fsRuleTester } from './harness.js';

const t = fsRuleTester(rule);
const git = (root: string) => [
  { path: `${root}/.git/`, type: 'dir' as const },
  { path: `${root}/.git/HEAD`, content: 'ref: refs/heads/main\n' },
  { path: `${root}/.git/objects/ab/cdef`, content: { size: 2048, seed: 3 } },
];

describe('FS005 git-folder', () => {
  t.catches('COPY . . with the .git folder', [{ entries: [{ path: 'app/main.go', content: 'package main' }, ...git('app')] }], [
    { messageId: 'git', layer: 0, path: '/app/.git', message: '/app/.git (2 files, 2.02 KiB) ships in layer 0' },
  ]);
  t.catches('deleted in a later layer: both layers', [{ entries: git('app') }, { entries: [{ path: 'app/.git', type: 'whiteout' }] }], [
    { messageId: 'deleted', layer: 0, relatedLayer: 1, message: "deleted in layer 1: the repository history still ships in layer 0's blob" },
  ]);
  t.catches('a .git folder with no folder entry of its own', [{ entries: [{ path: 'srv/site/.git/HEAD', content: 'ref: refs/heads/main\n' }] }], [{ messageId: 'git', path: '/srv/site/.git' }]);
  t.catches('later layers adding to it keep the first layer', [{ entries: git('app') }, { entries: [{ path: 'app/.git/FETCH_HEAD', content: 'x' }] }], [{ messageId: 'git', layer: 0, message: '3 files' }]);

  t.leavesAlone('.gitignore, .github and .gitattributes', [{ entries: [{ path: 'app/.gitignore', content: 'node_modules' }, { path: 'app/.github/workflows/ci.yml', content: 'on: push' }, { path: 'app/.gitattributes', content: '* text' }] }]);
  t.leavesAlone('git checkouts inside packages', [{ entries: [...git('app/node_modules/left-pad'), ...git('usr/share/doc/thing')] }]);
  t.leavesAlone('a file named .git (a worktree pointer)', [{ entries: [{ path: 'app/.git', content: 'gitdir: ../.git/worktrees/app\n' }] }]);
});
