# syntax=docker/dockerfile:1
# plimsoll's own image: the CLI and its production dependencies on a distroless Node.js 20
# runtime, as a non-root user, nothing else. Build and use:
#
#   docker build -t plimsoll .
#   docker run --rm -v "$PWD:/work" plimsoll lint
#   docker run --rm -v "$PWD:/work" plimsoll image app.tar -f html -o report.html
#
# Base images are pinned to exact versions here; add their digests (`@sha256:…`) where you
# build, e.g. with Renovate's pinDigests or `crane digest` (see docs/ci.md). The two ARGs let a
# build swap in mirrored or locally made bases (CI here has no registry access).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/gen-rule-index.mjs scripts/gen-html-assets.mjs ./scripts/
COPY src ./src
# The CLI needs neither source maps nor type declarations.
RUN npm run build \
    && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
    && find dist \( -name '*.map' -o -name '*.d.ts' \) -exec rm -f {} +

FROM ${RUNTIME_IMAGE}
# The commit built from: docker build --build-arg VCS_REF="$(git rev-parse HEAD)" .
ARG VCS_REF=""
LABEL org.opencontainers.image.title="plimsoll" \
      org.opencontainers.image.description="Container image analysis and security linter: Dockerfiles, compose files, image configs and layers" \
      org.opencontainers.image.source="https://github.com/plimsoll-dev/plimsoll" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${VCS_REF}"
WORKDIR /opt/plimsoll
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY rules-docs ./rules-docs
# The distroless "nonroot" user; numeric, so runtimes can check it is not root.
USER 65532:65532
WORKDIR /work
# A command-line tool runs and exits: there is no long-running process to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/nodejs/bin/node", "/opt/plimsoll/dist/src/cli.js"]
CMD ["--help"]
