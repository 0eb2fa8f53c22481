import { DISTRO_SETUID } from './paths.js';
import { globMatcher, octal } from './support.js';
import { defineFilesystemRule } from './types.js';

const DISTRO = new Set(DISTRO_SETUID);

export default defineFilesystemRule({
  meta: {
    id: 'FS001',
    name: 'setuid-file',
    aliases: [],
    family: 'FS',
    shortDescription: 'A setuid or setgid program in the image',
    fullDescription:
      "A set-user-ID (or set-group-ID) executable runs with its owner's (or group's) rights whoever starts it: in a container that runs as a non-root user, every setuid-root program is a way back to root, and one bug in it is a privilege escalation. The finding names the layer that gave the file its bit (a `chmod u+s` in a later step copies the whole file into that layer). Only files still in the final image count, and only when the bit does something (an execute bit is set). Programs that distributions ship setuid (su, passwd, mount, ping, unix_chkpwd, ssh-keysign...) are left alone unless the option allowDistroDefaults is false; `image.setuidAllowlist` in .plimsoll.yaml adds paths or globs of your own. Containers rarely need any of them: `find / -xdev -perm /6000 -type f -exec chmod a-s {} +` in the step that installs packages removes the bits, and `--security-opt no-new-privileges` neutralises them at run time.",
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.0,
    precision: 'high',
    messages: {
      setuid: '{{path}} is setuid {{owner}} (mode {{mode}}), added in layer {{layer}}: whoever runs it gets {{owner}}\'s rights',
      setgid: '{{path}} is setgid (group {{group}}, mode {{mode}}), added in layer {{layer}}: whoever runs it gets group {{group}}\'s rights',
    },
    options: {
      allowDistroDefaults: {
        type: 'boolean',
        default: true,
        description: 'leave alone the programs that distributions ship setuid or setgid (su, passwd, mount, ping, unix_chkpwd...)',
      },
    },
  },
  check(facts, ctx) {
    if (!facts.complete) return;
    const allowed = globMatcher(ctx.image.setuidAllowlist);
    for (const f of facts.setuid) {
      if (ctx.options.allowDistroDefaults && DISTRO.has(f.path)) continue;
      if (allowed?.(f.path)) continue;
      const setuid = (f.mode & 0o4000) !== 0 && (f.mode & 0o111) !== 0;
      const owner = f.uid === 0 ? 'root' : `UID ${f.uid}`;
      const group = f.gid === 0 ? 'root' : `GID ${f.gid}`;
      ctx.report({
        messageId: setuid ? 'setuid' : 'setgid',
        data: { path: f.path, owner, group, mode: octal(f.mode), layer: f.layer },
        layer: f.layer,
        path: f.path,
        fix: `Remove the bit in the step that installs the file (\`chmod ${setuid ? 'u-s' : 'g-s'} ${f.path}\` in the same RUN, or \`COPY --chmod\`), or list the path in image.setuidAllowlist if the container needs it.`,
        facts: { mode: octal(f.mode), uid: f.uid, gid: f.gid, setuid, setgid: (f.mode & 0o2000) !== 0 },
        fingerprintKey: f.path,
      });
    }
  },
});
