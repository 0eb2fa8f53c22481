import { formatBytes } from '../size/support.js';
import { count } from './support.js';
import { defineFilesystemRule } from './types.js';

export default defineFilesystemRule({
  meta: {
    id: 'FS005',
    name: 'git-folder',
    aliases: [],
    family: 'FS',
    shortDescription: 'A .git folder shipped in the image',
    fullDescription:
      "A `.git` folder holds the repository's whole history: every file ever committed, including secrets that were removed later, plus the remotes and sometimes credentials in `.git/config`. It usually comes from `COPY . .` without a `.dockerignore`. A `.git` folder deleted in a later layer is still reported, with both layers: the layer that added it still ships it. Folders under the built-in allow list (package folders such as `node_modules`, `vendor`) and `image.contentAllowPaths` are left alone.",
    defaultLevel: 'warning',
    tags: ['security', 'secrets'],
    securitySeverity: 5.0,
    precision: 'very-high',
    messages: {
      git: '{{path}} ({{files}}, {{bytes}}) ships in layer {{layer}}: the repository history, and any secret ever committed, is in the image',
      deleted: '{{path}} ({{files}}, {{bytes}}) was added in layer {{layer}} and deleted in layer {{deletedIn}}: the repository history still ships in layer {{layer}}\'s blob',
    },
  },
  check(facts, ctx) {
    for (const g of facts.gitFolders) {
      ctx.report({
        messageId: g.deletedIn !== undefined ? 'deleted' : 'git',
        data: { path: g.path, files: count(g.files, 'file'), bytes: formatBytes(g.bytes), layer: g.layer, deletedIn: g.deletedIn ?? '' },
        layer: g.layer,
        relatedLayer: g.deletedIn,
        path: g.path,
        fix: 'Add `.git` to .dockerignore (or copy only what the image needs), and rebuild: deleting it in a later step does not remove it from the image.',
        facts: { files: g.files, bytes: g.bytes, ...(g.deletedIn !== undefined ? { deletedIn: g.deletedIn } : {}) },
        fingerprintKey: g.path,
      });
    }
  },
});
