#!/usr/bin/env bash
# Builds plimsoll's own image from the repository's Dockerfile with buildah, without a
# registry: the two base images the Dockerfile names (node:20 for the build stage, distroless
# nodejs20 for the runtime) are stood in for by images assembled here from this machine's
# Node.js (the same major version) and a static busybox, and passed in as build arguments.
# Writes the result as a docker-archive to OUT. Needs root, buildah, skopeo and busybox-static.
#
#   scripts/own-image.sh OUT.tar
#
# The stand-ins: "runtime" is like distroless (node at /nodejs/bin/node, its shared libraries,
# /etc/passwd with nonroot 65532, no shell); "build" adds busybox for RUN, npm, and this
# machine's CA bundle (npm must reach the registry through whatever TLS proxy the machine has).
set -euo pipefail
out="${1:?usage: scripts/own-image.sh OUT.tar}"
root="$(cd "$(dirname "$0")/.." && pwd)"
storage=(--storage-driver vfs --root /var/lib/containers/storage --runroot /run/containers/storage)
node_bin="$(readlink -f "$(command -v node)")"
node_version="$(node -p process.versions.node)"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
busybox="$(command -v busybox || true)"
[ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=/bin/busybox
[ -x "$busybox" ] || { echo "own-image: a static busybox is needed (apt-get install busybox-static)" >&2; exit 2; }
ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { echo "own-image: $*" >&2; }

# --- the runtime stand-in: node, the libraries it links, users
rt="$work/runtime"
mkdir -p "$rt/nodejs/bin" "$rt/etc" "$rt/tmp" "$rt/home/nonroot"
cp "$node_bin" "$rt/nodejs/bin/node"
ldd "$node_bin" | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]+ \(/ { print $1 }' | while read -r lib; do
  mkdir -p "$rt$(dirname "$lib")"
  cp -L "$lib" "$rt$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rt/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rt/etc/group"
chmod 1777 "$rt/tmp"
cat > "$work/Containerfile.runtime" <<'CF'
FROM scratch
COPY runtime/ /
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node"]
CF

# --- the build stand-in: the runtime plus busybox, npm and the CA bundle
bd="$work/build"
mkdir -p "$bd/bin" "$bd/usr/lib/node_modules" "$bd/etc/ssl/certs" "$bd/root"
cp "$busybox" "$bd/bin/busybox"
cp -a "$npm_dir" "$bd/usr/lib/node_modules/npm"
cp "$ca" "$bd/etc/ssl/certs/ca-certificates.crt"
cat > "$work/Containerfile.build" <<CF
FROM localhost/plimsoll-standin-runtime:$node_version
USER 0:0
COPY build/ /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "sh", "-c", "mkdir -p /usr/local/bin /usr/bin && ln -s /bin/busybox /usr/bin/env && ln -s /nodejs/bin/node /usr/local/bin/node && ln -s /usr/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm"]
ENV PATH=/usr/local/bin:/nodejs/bin:/usr/bin:/bin HOME=/root NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
ENTRYPOINT []
CMD ["/bin/sh"]
CF

t0=$(date +%s)
say "stand-in bases from node $node_version ($node_bin)"
buildah "${storage[@]}" bud --isolation chroot --layers -q -f "$work/Containerfile.runtime" -t "localhost/plimsoll-standin-runtime:$node_version" "$work" >/dev/null
buildah "${storage[@]}" bud --isolation chroot --layers -q -f "$work/Containerfile.build" -t "localhost/plimsoll-standin-build:$node_version" "$work" >/dev/null
t1=$(date +%s)
say "bases ready in $((t1 - t0)) s; building the Dockerfile"
buildah "${storage[@]}" bud --isolation chroot --layers \
  --build-arg "NODE_IMAGE=localhost/plimsoll-standin-build:$node_version" \
  --build-arg "RUNTIME_IMAGE=localhost/plimsoll-standin-runtime:$node_version" \
  --build-arg "VCS_REF=$(git -C "$root" rev-parse HEAD 2>/dev/null || true)" \
  --format docker -t localhost/plimsoll:ci -f "$root/Dockerfile" "$root" >&2
t2=$(date +%s)
rm -f "$out"
skopeo copy -q "containers-storage:[vfs@/var/lib/containers/storage+/run/containers/storage]localhost/plimsoll:ci" "docker-archive:$out:localhost/plimsoll:ci"
say "built in $((t2 - t1)) s; written to $out"
