import { defineImageRule } from './types.js';
import { parseHistoryStep } from './history.js';

export default defineImageRule({
  meta: {
    id: 'IM001',
    name: 'runs-as-root',
    aliases: [],
    family: 'IM',
    shortDescription: 'The image runs as root (no User, or User 0 or root)',
    fullDescription:
      "The image config's `User` decides who the container's process runs as. Empty (no USER instruction anywhere, base image included), `0`, `root`, `0:0` or `root:<group>` all mean UID 0: the process keeps capabilities such as CAP_CHOWN, CAP_DAC_OVERRIDE and CAP_NET_RAW, can rewrite every file of the image, and turns a container escape into root on the host. Images that ship gosu, su-exec, chpst or s6-setuidgid are left alone when the user is empty (option allowPrivilegeDroppers): their entrypoint starts as root on purpose to drop to a service user, as the official postgres, redis and mysql images do.",
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.5,
    precision: 'high',
    messages: {
      noUser: 'The image sets no User, so it runs as root (UID 0); add a non-root USER (e.g. `USER 10001`) to the Dockerfile',
      root: 'The image runs as root: config User is "{{user}}"{{step}}; switch to a non-root USER (e.g. `USER 10001`)',
    },
    options: {
      allowPrivilegeDroppers: {
        type: 'boolean',
        default: true,
        description: 'leave alone images with no User that ship gosu, su-exec, chpst or s6-setuidgid (their entrypoint drops root)',
      },
    },
  },
  check(facts, ctx) {
    // Windows containers have no UID 0; ContainerUser/ContainerAdministrator is another question.
    if ((facts.config.os ?? 'linux').toLowerCase() === 'windows') return;
    const user = (facts.config.config?.User ?? '').trim();
    const name = user.split(':')[0]!.trim();
    if (name !== '' && name !== '0' && name.toLowerCase() !== 'root') return;
    const fix = 'Create an unprivileged user and end the Dockerfile with `USER <uid>` (a numeric UID lets Kubernetes check runAsNonRoot).';
    if (name === '') {
      if (ctx.options.allowPrivilegeDroppers && (facts.privilegeDroppers?.length ?? 0) > 0) return;
      ctx.report({ messageId: 'noUser', configKey: 'config.User', fix, facts: { user: '' }, fingerprintKey: 'noUser' });
      return;
    }
    // The last USER step of the history, when the builder recorded it.
    const step = [...facts.history].reverse().find((h) => parseHistoryStep(h.entry.created_by).instruction === 'USER');
    ctx.report({
      messageId: 'root',
      data: { user, step: step ? ` (set by history[${step.index}])` : '' },
      configKey: 'config.User',
      historyIndex: step?.index,
      fix,
      facts: { user },
      fingerprintKey: `root\u0000${user}`,
    });
  },
});
