import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF035-copy-whole-filesystem.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF035 copy-whole-filesystem', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('COPY --from=build / /', lines('FROM debian:12 AS build', 'RUN make', 'FROM scratch', 'COPY --from=build / /'), [
    { messageId: 'wholeStage', line: 4, column: 19, endColumn: 22, message: 'stage "build"' },
  ]);
  t.catches('from an image, JSON form', lines('FROM scratch', 'COPY --from=alpine:3.20 ["/", "/"]'), [{ messageId: 'wholeImage', line: 2, message: 'the image "alpine:3.20"' }]);
  t.catches('with /. and --link', lines('FROM scratch', 'COPY --link --from=0 /. /'), 1);
  t.catches('in ONBUILD', lines('FROM scratch', 'ONBUILD COPY --from=rootfs / /'), [{ line: 2, column: 28 }]);
  t.leavesAlone('a subdirectory of the stage', lines('FROM debian:12 AS build', 'FROM scratch', 'COPY --from=build /rootfs /'));
  t.leavesAlone('the root into a subdirectory (hadolint agrees)', lines('FROM debian:12 AS build', 'FROM scratch', 'COPY --from=build / /app'));
  t.leavesAlone('the build context root', lines('FROM debian:12', 'COPY / /'));
});
