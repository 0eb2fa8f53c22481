import { defineImageRule } from './types.js';

export default defineImageRule({
  meta: {
    id: 'IM005',
    name: 'image-without-healthcheck',
    aliases: [],
    family: 'IM',
    shortDescription: 'The image has no HEALTHCHECK',
    fullDescription:
      "Without a `HEALTHCHECK` in the image config (`config.Healthcheck`), Docker and Compose only know whether the process is running, not whether it works: a hung server stays `running` and `depends_on: condition: service_healthy` cannot wait for it. `HEALTHCHECK NONE` (which turns off a check inherited from the base image) is reported with its own message. Kubernetes ignores HEALTHCHECK and uses its own probes: turn the rule off for images that only run there.",
    defaultLevel: 'note',
    tags: ['reliability'],
    precision: 'high',
    messages: {
      missing: 'The image has no HEALTHCHECK: Docker cannot tell a hung container from a working one; add `HEALTHCHECK CMD <a command that checks the service>`',
      disabled: 'The image turns its health check off (`HEALTHCHECK NONE`): Docker cannot tell a hung container from a working one',
    },
  },
  check(facts, ctx) {
    if ((facts.config.os ?? 'linux').toLowerCase() === 'windows') return;
    const hc = facts.config.config?.Healthcheck;
    const test = hc?.Test ?? [];
    const fix = 'Add `HEALTHCHECK --interval=30s CMD <command>` to the Dockerfile (for example `wget -qO- http://localhost:8080/health || exit 1`).';
    if (!hc || test.length === 0) {
      ctx.report({ messageId: 'missing', configKey: 'config.Healthcheck', fix, fingerprintKey: 'missing' });
    } else if (test[0]?.toUpperCase() === 'NONE') {
      ctx.report({ messageId: 'disabled', configKey: 'config.Healthcheck.Test', fix, fingerprintKey: 'disabled' });
    }
  },
});
