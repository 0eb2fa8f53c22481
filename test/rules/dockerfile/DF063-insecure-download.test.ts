import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF063-insecure-download.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF063 insecure-download', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('curl -k', lines('FROM debian:12', 'RUN curl -k https://x.io/a.tgz -o a.tgz'), [{ messageId: 'flag', line: 2, column: 10, endColumn: 12, message: '`curl -k`' }]);
  t.catches('curl -fsSLk (bundled)', lines('FROM debian:12', 'RUN curl -fsSLk https://x.io/a -o a'), [{ line: 2, column: 10, message: '`curl -fsSLk`' }]);
  t.catches('curl --insecure', lines('FROM debian:12', 'RUN curl --insecure -O https://x.io/a'), 1);
  t.catches('wget --no-check-certificate', lines('FROM debian:12', 'RUN wget --no-check-certificate https://x.io/a'), [{ line: 2, column: 10 }]);
  t.catches('git -c http.sslVerify=false', lines('FROM debian:12', 'RUN git -c http.sslVerify=false clone https://git.acme.io/x.git'), [{ messageId: 'gitConfig', line: 2, column: 12 }]);
  t.catches('git config --global http.sslverify false', lines('FROM debian:12', 'RUN git config --global http.sslverify false'), [{ messageId: 'gitConfig', line: 2 }]);
  t.catches('GIT_SSL_NO_VERIFY=1 git clone', lines('FROM debian:12', 'RUN GIT_SSL_NO_VERIFY=1 git clone https://x/y.git'), [{ messageId: 'env', line: 2, column: 5 }]);
  t.catches('export NODE_TLS_REJECT_UNAUTHORIZED=0', lines('FROM node:20', 'RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci'), [{ messageId: 'env', line: 2, column: 12 }]);
  t.catches('helm --insecure-skip-tls-verify and skopeo --tls-verify=false', lines('FROM debian:12', 'RUN helm repo add x https://x --insecure-skip-tls-verify && skopeo copy --src-tls-verify=false a b'), 2);
  t.catches('behind sudo, in a heredoc, in ONBUILD', lines('FROM debian:12', 'RUN <<EOF', 'sudo curl -k https://x', 'EOF', 'ONBUILD RUN wget --no-check-certificate https://y'), [{ line: 3 }, { line: 5 }]);
  t.leavesAlone('normal downloads', lines('FROM debian:12', 'RUN curl -fsSL https://x.io/a -o a && wget -q https://x.io/b && git clone https://x/y.git'));
  t.leavesAlone('-k of other programs and a k in a value', lines('FROM debian:12', 'RUN ssh-keygen -k -f x && curl -H "X-k: 1" https://x && curl -o k https://x'));
  t.leavesAlone('git http.sslVerify true and GIT_SSL_NO_VERIFY=false', lines('FROM debian:12', 'RUN git config --global http.sslVerify true && GIT_SSL_NO_VERIFY=false git clone https://x/y.git'));
});
