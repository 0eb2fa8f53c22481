import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF033-go-install-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const go = (...ls: string[]) => lines('FROM golang:1.22', ...ls);

describe('DF033 go-install-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('go install @latest', go('RUN go install example.com/pkg@latest'), [
    { messageId: 'moving', line: 2, column: 16, endColumn: 38, message: 'example.com/pkg@v1.2.3' },
  ]);
  t.catches('go install with no version and no go.mod', go('RUN go install example.com/pkg'), [{ messageId: 'noVersion', line: 2, column: 16 }]);
  t.catches('go get with no version, even with a go.mod (it upgrades)', go('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go get example.com/pkg'), [{ messageId: 'noVersion', line: 4 }]);
  t.catches('go get @latest and @master', go('RUN go get example.com/a@latest github.com/b/c@master'), [{ line: 2, message: '"latest"' }, { line: 2, message: '"master"' }]);
  t.catches('go run @latest', go('RUN go run example.com/gen@latest -out x.go'), 1);
  t.catches('build flags with values before the package', go('RUN go install -ldflags "-s -w" -tags netgo example.com/cmd/tool@latest'), [{ line: 2, column: 45 }]);
  t.catches('in ONBUILD and a heredoc', go('ONBUILD RUN go install example.com/pkg@latest', 'RUN <<EOF', 'go install example.com/x@upgrade', 'EOF'), [{ line: 2 }, { line: 4 }]);
  t.leavesAlone('a version or a commit', go('RUN go install example.com/pkg@v1.2.3 && go get example.com/other@4f1b2c3 && go run example.com/gen@v0.1.0'));
  t.leavesAlone('a version from a build argument', go('ARG V', 'RUN go install example.com/pkg@${V}'));
  t.leavesAlone('local packages and patterns', go('WORKDIR /src', 'RUN go install ./cmd/... && go install . && go get -d ./... && go run main.go && go get'));
  t.leavesAlone('packages without a domain (GOPATH or the standard library)', go('RUN go install std && go install myapp/cmd/server'));
  t.leavesAlone('go install with no version where a go.mod pins it', go('WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go install github.com/golang/mock/mockgen'));
  t.leavesAlone('go install after COPY . .', go('WORKDIR /src', 'COPY . .', 'RUN go install golang.org/x/tools/cmd/stringer'));
  t.leavesAlone('go install with a bind mount of the source', go('WORKDIR /src', 'RUN --mount=type=bind,target=. go install github.com/x/y/cmd/z'));
  t.leavesAlone('go install after go mod download in the same RUN', go('RUN go mod download && go install github.com/x/y'));
  t.leavesAlone('GOPATH style: go get, then git checkout of a version', go('ENV GOPATH /go', 'RUN go get github.com/hashicorp/consul || true', 'WORKDIR /go/src/github.com/hashicorp/consul', 'RUN git checkout "${CONSUL_VERSION}"'));
  t.leavesAlone('go get and git checkout in one RUN', go('RUN go get github.com/pusher/oauth2_proxy || true && cd /go/src/github.com/pusher/oauth2_proxy && git checkout v3.2.0'));
  t.catches('a git checkout before the go get does not pin it', go('RUN git checkout main && go get github.com/x/y'), 1);
  t.leavesAlone('@none removes a dependency', go('RUN go get example.com/old@none'));
  t.leavesAlone('go build, go test, go vet', go('RUN go build -o /out/app example.com/app && go test ./... && go vet ./...'));
});
