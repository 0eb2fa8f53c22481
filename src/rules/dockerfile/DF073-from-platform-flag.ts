import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF073',
    name: 'from-platform-flag',
    aliases: ['DL3029'],
    family: 'DF',
    shortDescription: 'FROM --platform with a fixed platform',
    fullDescription:
      'A literal `FROM --platform=linux/amd64` ties the stage to one platform: builds for other platforms run it under emulation or get the wrong binaries, and `docker buildx build --platform` cannot change it. Let the builder choose, or use `$BUILDPLATFORM` (for build tools) or `$TARGETPLATFORM`.',
    defaultLevel: 'note',
    tags: ['portability'],
    precision: 'high',
    messages: {
      fixed: 'FROM --platform={{platform}} ties this stage to one platform; drop the flag or use $BUILDPLATFORM / $TARGETPLATFORM',
    },
  },
  check(df, ctx) {
    for (const stage of df.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      // Any variable ($BUILDPLATFORM, $TARGETPLATFORM, an ARG) is set per build: not fixed.
      if (!flag || flag.value === undefined || flag.value === '' || flag.value.includes('$')) continue;
      ctx.report({ messageId: 'fixed', data: { platform: flag.value }, range: flag.range });
    }
  },
});
