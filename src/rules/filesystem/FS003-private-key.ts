import { article, hitDescriptor } from './support.js';
import { defineFilesystemRule } from './types.js';

/** Keys that package scripts generate at install time: real, and the same in every container. */
const GENERATED: Array<[RegExp, string]> = [
  [/^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/, ': an SSH host key generated while building, so every container of the image has the same one'],
  [/\/ssl-cert-snakeoil\.key$/, ': the "snakeoil" key the ssl-cert package generates while building, the same in every container of the image'],
];

export default defineFilesystemRule({
  meta: {
    id: 'FS003',
    name: 'private-key',
    aliases: [],
    family: 'FS',
    shortDescription: 'A private key in a file of the image (PEM or OpenSSH)',
    fullDescription:
      "A file holds a private key block (`-----BEGIN RSA/EC/OPENSSH/PGP/... PRIVATE KEY-----` with a real body and its END line), found by content, whatever the file is called. Everyone who pulls the image has the key. A key file deleted in a later layer is still reported, with both layers: the layer that added it still ships it (`docker save` and any registry client can extract it). SSH host keys and the ssl-cert \"snakeoil\" key generated while building are reported too: every container then shares one key. Paths of packages, tests and examples (the built-in allow list, docs/security.md) are not read; `image.contentAllowPaths` adds your own. Credential files (kubeconfig `client-key-data`) are reported by FS004.",
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'very-high',
    messages: {
      key: '{{path}} holds {{key}} on line {{line}}{{shipped}}{{why}}',
      encrypted: '{{path}} holds {{key}} on line {{line}}{{shipped}}: its passphrase is all that protects it',
    },
  },
  readsContent: true,
  check(facts, ctx) {
    for (const f of facts.content) {
      for (const h of f.hits) {
        if (h.code !== 'private-key') continue;
        const why = GENERATED.find(([re]) => re.test(f.path))?.[1] ?? '';
        const encrypted = h.data.severity === 'medium';
        ctx.report(
          hitDescriptor(f, h, encrypted ? 'encrypted' : 'key', { why, key: `${article(h.data.title)} ${h.data.title}` }, 'Keep keys out of the image: mount them at run time (a secret, a volume) or use `RUN --mount=type=secret` or `--mount=type=ssh` while building; rotate this one.'),
        );
      }
    }
  },
});
