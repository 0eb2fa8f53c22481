import { defineFilesystemRule } from './types.js';

export default defineFilesystemRule({
  meta: {
    id: 'FS007',
    name: 'empty-password',
    aliases: [],
    family: 'FS',
    shortDescription: 'An account with an empty password in /etc/shadow or /etc/passwd',
    fullDescription:
      "An empty password field in the image's final `/etc/shadow` (or `/etc/passwd`) lets anyone become that user with no password wherever a password is asked: `su`, `login`, an SSH server allowing empty passwords. Alpine images shipped `root` like this for years (CVE-2019-5021). A locked field (`!`, `*`, `!!`) is fine. dockle checks the same (DKL-LI-0001).",
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 7.5,
    precision: 'very-high',
    messages: {
      empty: 'Account {{user}} has an empty password in {{path}} (line {{line}}, layer {{layer}}): anyone can become {{user}} with no password (su, login)',
    },
  },
  readsContent: true,
  check(facts, ctx) {
    if (!facts.complete) return;
    for (const f of facts.content) {
      // The final version only: an earlier /etc/shadow replaced later is not the one in use.
      if (f.deletedIn !== undefined || f.replacedIn !== undefined) continue;
      for (const h of f.hits) {
        if (h.code !== 'empty-password') continue;
        const user = h.data.name ?? '?';
        ctx.report({
          messageId: 'empty',
          data: { user, path: f.path, line: h.line ?? 1, layer: f.layer },
          layer: f.layer,
          path: f.path,
          fix: `Lock the account in the step that creates it (\`passwd -l ${user}\`, or \`usermod -p '!' ${user}\`).`,
          facts: { user, line: h.line ?? 1 },
          fingerprintKey: `${f.path}\u0000${user}`,
        });
      }
    }
  },
});
