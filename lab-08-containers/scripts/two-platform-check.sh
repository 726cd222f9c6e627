#!/usr/bin/env bash
# Checks the README's two-platform build: `jib:build` with -Djib.from.platforms=linux/amd64,linux/arm64 pushes one
# image index to a registry, holding an amd64 and an arm64 image that run as user 65532, share every layer above the
# base (the app is the same bytes on both), and get the same digests when built again. It then pulls the image for
# this machine back from the registry and runs it.
#
# `./mvnw verify` builds a tar for one platform with no registry; this check needs a registry and an arm64 base, so
# it is run by hand. It starts its own registry on this machine (Debian's docker-registry, on 127.0.0.1 only) and
# pushes a two-platform base to it: the tests' amd64 base (local-base-image.sh) and the arm64 base that
# arm64-image-check.sh builds and caches. The registry and everything pushed to it are removed at the end.
#
#   scripts/two-platform-check.sh      (from lab-08-containers, after arm64-image-check.sh; about a minute)
#
# Needs docker-registry, skopeo, podman and jq (Debian or Ubuntu: sudo apt-get install docker-registry skopeo podman
# runc jq).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in docker-registry skopeo podman jq curl; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "two-platform-check: $tool is missing. On Debian or Ubuntu: sudo apt-get install docker-registry skopeo" \
      "podman runc jq curl" >&2
    exit 1
  }
done
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pets-course"
arm64_base="$(ls -t "$cache"/base-arm64-*.tar 2>/dev/null | head -1 || true)"
[ -n "$arm64_base" ] || {
  echo "two-platform-check: no arm64 base in $cache: run scripts/arm64-image-check.sh once, which builds it." >&2
  exit 1
}

work="$(mktemp -d)"
source scripts/podman.sh
use_podman "$work"
registry_pid=""
cleanup() {
  "${podman[@]}" rm -f pets-two-platform >/dev/null 2>&1 || true
  "${podman[@]}" manifest rm localhost/pets-course-base-index >/dev/null 2>&1 || true
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "two-platform-check: FAILED: $*" >&2
  exit 1
}

# A registry of its own, on a free port, its storage in the work directory.
port="$(comm -23 <(seq 15000 15999) <(ss -Htan | awk '{print $4}' | grep -o '[0-9]*$' | sort -u) | shuf -n1)"
registry="127.0.0.1:$port"
cat > "$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: $registry
EOF
# The registry reads every REGISTRY_* variable as a setting of its own: podman's REGISTRY_AUTH_FILE would break it.
env -u REGISTRY_AUTH_FILE docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do
  curl -fs "http://$registry/v2/" >/dev/null && break
  sleep 0.2
done
curl -fs "http://$registry/v2/" >/dev/null || fail "the registry did not start: $(head -3 "$work/registry.log")"

echo "two-platform-check: pushing a two-platform base to $registry"
scripts/local-base-image.sh "$work/base-amd64.tar" >/dev/null
skopeo copy --quiet --dest-tls-verify=false "docker-archive:$work/base-amd64.tar" "docker://$registry/base:amd64"
skopeo copy --quiet --dest-tls-verify=false "docker-archive:$arm64_base" "docker://$registry/base:arm64"
"${podman[@]}" manifest create localhost/pets-course-base-index >/dev/null
for arch in amd64 arm64; do
  "${podman[@]}" manifest add --tls-verify=false localhost/pets-course-base-index "docker://$registry/base:$arch" \
    >/dev/null
done
"${podman[@]}" manifest push --quiet --tls-verify=false --all localhost/pets-course-base-index \
  "docker://$registry/base:25"

# The README's command, with the base and the target in this registry (plain HTTP, hence allowInsecureRegistries).
build() {
  ./mvnw -q -B package jib:build -DskipTests -Djib.allowInsecureRegistries=true \
    -Djib.from.image="$registry/base:25" -Djib.from.platforms=linux/amd64,linux/arm64 -Djib.to.image="$registry/$1"
}
raw() { skopeo inspect --tls-verify=false --raw "docker://$registry/$1"; }
config() { skopeo inspect --tls-verify=false --config "docker://$registry/$1"; }

echo "two-platform-check: building and pushing both platforms with the lab's Jib settings"
build pets-api:1.0.0
index="$(raw pets-api:1.0.0)"
platforms="$(jq -r '[.manifests[].platform | .os + "/" + .architecture] | sort | join(",")' <<< "$index")"
[ "$platforms" = linux/amd64,linux/arm64 ] || fail "the index holds $platforms"

declare -A app_layers
for arch in amd64 arm64; do
  digest="$(jq -r --arg arch "$arch" '.manifests[] | select(.platform.architecture == $arch) | .digest' <<< "$index")"
  image_config="$(config "pets-api@$digest")"
  [ "$(jq -r .architecture <<< "$image_config")" = "$arch" ] || fail "the $arch entry's image is not for $arch"
  [ "$(jq -r .config.User <<< "$image_config")" = 65532:65532 ] || fail "the $arch image does not run as 65532"
  base_layers="$(raw "base:$arch" | jq '.layers | length')"
  app_layers[$arch]="$(raw "pets-api@$digest" | jq -r --argjson skip "$base_layers" '.layers[$skip:][].digest')"
  [ -n "${app_layers[$arch]}" ] || fail "the $arch image has no layers above its base"
done
[ "${app_layers[amd64]}" = "${app_layers[arm64]}" ] || fail "the app's layers differ between amd64 and arm64"
layer_count="$(wc -l <<< "${app_layers[amd64]}")"

echo "two-platform-check: building again, to check the digests"
build pets-api:again
[ "$(raw pets-api:again)" = "$index" ] || fail "a second build of the same inputs pushed a different index"

# The image for this machine, pulled back from the registry and run: no DynamoDB, so healthy but not ready.
machine_arch="$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"
"${podman[@]}" run --detach --quiet --tls-verify=false --name pets-two-platform --platform "linux/$machine_arch" \
  --publish 127.0.0.1:18082:8080 --env TABLE_NAME=pets --env AWS_REGION=us-east-1 \
  --env AWS_ACCESS_KEY_ID=local --env AWS_SECRET_ACCESS_KEY=local \
  --env AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 "$registry/pets-api:1.0.0" >/dev/null
status() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$1" || true; }
for _ in $(seq 120); do
  [ "$(status http://127.0.0.1:18082/health)" = 200 ] && break
  sleep 0.5
done
[ "$(status http://127.0.0.1:18082/health)" = 200 ] || fail "the pulled $machine_arch image did not answer /health"
[ "$(status http://127.0.0.1:18082/ready)" = 503 ] || fail "/ready is not 503 without DynamoDB"
"${podman[@]}" stop --time 30 pets-two-platform >/dev/null || fail "podman stop failed"
code="$("${podman[@]}" inspect --format '{{.State.ExitCode}}' pets-two-platform)"
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"

echo "two-platform-check: PASSED on $(date -u +%F): one index for $platforms, both as user 65532, the same"
echo "  $layer_count layers above the base on both; a second build pushed the same index"
echo "  ($(jq -r '.manifests[].digest' <<< "$index" | cut -c8-19 | paste -sd' ')); the $machine_arch image pulled"
echo "  back answered /health 200 and /ready 503 without DynamoDB, and exited 0 on SIGTERM"
