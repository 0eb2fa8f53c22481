import picomatch from 'picomatch';
import type { Stage } from '../../dockerfile/model.js';
import { formatImageRef } from '../../util/image-ref.js';
import { defineDockerfileRule } from './types.js';
import { stageChain } from './security-support.js';

/** Bases that set a non-root USER themselves. */
const DEFAULT_NON_ROOT = [
  '**/*:*nonroot*',
  '**/*-nonroot',
  '**/*-nonroot:*',
  '**/*unprivileged*',
  '**/*unprivileged*:*',
  'cgr.dev/chainguard/**',
];

/** Programs that drop root at run time in an entrypoint (docker-library's pattern). */
const PRIVILEGE_DROPPERS = /(^|[/\s-])(gosu|su-exec|setpriv|chpst|s6-setuidgid|runuser|tini-static)([\s_.-]|$)/;

export default defineDockerfileRule({
  meta: {
    id: 'DF060',
    name: 'final-stage-runs-as-root',
    aliases: [],
    family: 'DF',
    shortDescription: 'The image runs as root: no USER in the final stage',
    fullDescription:
      'Without a USER instruction the container runs as root (UID 0) unless the base image sets a user. A process running as root inside a container keeps capabilities such as CAP_CHOWN, CAP_DAC_OVERRIDE and CAP_NET_RAW, can rewrite every file of the image, and turns a container escape into root on the host. Create an unprivileged user and switch to it with `USER`. Bases known to run as non-root (distroless `:nonroot`, Chainguard, `*-nonroot`, `*-unprivileged`) are left alone (option nonRootBaseImages), and so are images that install gosu/su-exec to drop root in their entrypoint.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.5,
    precision: 'medium',
    messages: {
      noUser: 'The final stage never sets USER, so the image runs as root unless {{base}} sets a user; add `RUN useradd --system --uid 10001 app` (or similar) and `USER 10001`',
      scratch: 'The final stage is built FROM scratch and never sets USER, so the binary runs as root (UID 0); add `USER 65532:65532` (no /etc/passwd entry is needed for a numeric user)',
    },
    options: {
      nonRootBaseImages: {
        type: 'string[]',
        default: DEFAULT_NON_ROOT,
        description: 'Globs of base images (registry/repository:tag as written or normalised) that already run as a non-root user.',
      },
    },
  },
  check(df, ctx) {
    const final = df.stages[df.stages.length - 1];
    if (!final) return;
    const chain = stageChain(df, final);
    const root = chain[0];
    // An explicit USER anywhere in the chain: DF002 judges whether it is root.
    if (chain.some((s) => s.instructions.some((i) => i.keyword === 'USER' || i.trigger?.keyword === 'USER'))) return;
    if (root.base.kind === 'image') {
      if (root.base.unresolved || !root.base.ref) return;
      // Windows containers run as ContainerUser/ContainerAdministrator; USER root means nothing there.
      if (/(^|\/)windows\/|(^|\/)(nanoserver|servercore)(:|$)/i.test(root.base.ref.repository) || /(^|\/)windows\//.test(root.base.text)) return;
      const ref = root.base.ref;
      const full = `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
      const names = [root.base.text, formatImageRef(ref), full];
      const matchers = compiled(ctx.options.nonRootBaseImages);
      if (names.some((n) => matchers.some((m) => m(n)))) return;
    }
    if (dropsPrivileges(chain)) return;
    const word = final.from.args[0];
    const range = word?.range ?? final.from.keywordRange;
    if (root.base.kind === 'scratch') {
      ctx.report({ messageId: 'scratch', range });
    } else {
      ctx.report({ messageId: 'noUser', data: { base: root.base.kind === 'image' ? `the base image ${root.base.text}` : 'its base' }, range });
    }
  },
});

const cache = new WeakMap<readonly string[], ((s: string) => boolean)[]>();
function compiled(globs: readonly string[]): ((s: string) => boolean)[] {
  let out = cache.get(globs);
  if (!out) {
    out = globs.map((g) => picomatch(g, { dot: true }));
    cache.set(globs, out);
  }
  return out;
}

/** gosu / su-exec / setpriv installed or used: the entrypoint drops root at run time. */
function dropsPrivileges(chain: Stage[]): boolean {
  for (const s of chain) {
    for (const instr of s.instructions) {
      for (const c of instr.run?.script?.commands ?? []) {
        if (PRIVILEGE_DROPPERS.test(c.program) || c.args.some((a) => PRIVILEGE_DROPPERS.test(a))) return true;
      }
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy?.sources.some((w) => PRIVILEGE_DROPPERS.test(w.value))) return true;
      if ((instr.keyword === 'ENTRYPOINT' || instr.keyword === 'CMD') && (instr.json ?? instr.args).some((w) => PRIVILEGE_DROPPERS.test(w.value))) return true;
    }
  }
  return false;
}
