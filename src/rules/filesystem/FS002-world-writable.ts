import { count, globMatcher, groupByLayerAndTop, octal } from './support.js';
import { defineFilesystemRule } from './types.js';

export default defineFilesystemRule({
  meta: {
    id: 'FS002',
    name: 'world-writable',
    aliases: [],
    family: 'FS',
    shortDescription: 'World-writable files, or world-writable folders without the sticky bit',
    fullDescription:
      "A file any user may write (mode `o+w`) can be changed by every process in the container, whatever user it runs as: a compromised low-privilege process rewrites a script or a configuration that root later runs or reads. A world-writable folder without the sticky bit lets any user delete or replace the files of others in it. Folders with the sticky bit (`/tmp`, `1777`), symlinks (always `0777`) and device nodes and FIFOs (`/dev/null`) are left alone, and so are paths that later layers removed or fixed. One finding per layer and top-level folder: `chmod -R 777 /app` is one finding on /app.",
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 5.5,
    precision: 'high',
    messages: {
      one: '{{path}} is world-writable (mode {{mode}}), added in layer {{layer}}: any user in the container can {{what}}',
      many: '{{count}} under {{path}} are world-writable (e.g. {{sample}}, mode {{mode}}), added in layer {{layer}}: any user in the container can change them',
    },
    options: {
      ignorePaths: {
        type: 'string[]',
        default: [],
        description: 'globs of image paths (e.g. "/var/www/uploads/**") whose findings are suppressed',
      },
    },
  },
  check(facts, ctx) {
    if (!facts.complete) return;
    const ignored = globMatcher(ctx.options.ignorePaths);
    const files = facts.worldWritable.filter((f) => !ignored?.(f.path));
    for (const g of groupByLayerAndTop(files)) {
      const first = g.files[0];
      const folders = g.files.filter((f) => f.type === 'dir').length;
      const plain = g.files.length - folders;
      const fingerprintKey = `${g.path}\u0000${g.files.length === 1 ? first.type : 'group'}`;
      const fix = 'Give the files a mode without `o+w` where they are added (`COPY --chmod=755`, or `chmod` in the same RUN); give a shared folder the sticky bit (`chmod 1777`) or an owner and group instead.';
      if (g.files.length === 1) {
        ctx.report({
          messageId: 'one',
          data: { path: first.path, mode: octal(first.mode), layer: g.layer, what: first.type === 'dir' ? 'create, delete and replace files in it' : 'change it' },
          layer: g.layer,
          path: first.path,
          fix,
          facts: { mode: octal(first.mode), type: first.type, files: 1 },
          fingerprintKey,
        });
        continue;
      }
      const words = [plain > 0 ? count(plain, 'file') : '', folders > 0 ? count(folders, 'folder') : ''].filter(Boolean).join(' and ');
      const modes = [...new Set(g.files.map((f) => octal(f.mode)))];
      ctx.report({
        messageId: 'many',
        data: { count: words, path: g.path, sample: g.files.find((f) => f.path !== g.path)?.path ?? first.path, mode: modes.length === 1 ? modes[0] : modes.slice(0, 3).join(', '), layer: g.layer },
        layer: g.layer,
        path: g.path,
        fix,
        facts: { files: plain, folders, modes: modes.join(',') },
        fingerprintKey,
      });
    }
  },
});
