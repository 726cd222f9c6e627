#!/usr/bin/env bash
# Builds the image for arm64 (Fargate on Graviton, Apple silicon) and runs it, on an amd64 machine under emulation:
# it must start as user 65532 on an aarch64 JVM, answer /pets, /ready and /metrics, and exit 0 on SIGTERM.
# `./mvnw verify` tests the amd64 image; this check shows that the same Jib settings make a working arm64 one.
# Emulation is slow (a minute or more to the first answer), so this is run by hand, not by the build.
#
#   scripts/arm64-image-check.sh      (from lab-08-containers; about 8 minutes the first time, 2 after)
#
# Needs podman, runc, mmdebstrap and qemu-user-static (Debian or Ubuntu: sudo apt-get install podman runc mmdebstrap
# qemu-user-static), which registers the arm64 emulator with the kernel. The base is Debian trixie with Debian's own
# arm64 openjdk-25-jre-headless: this machine has no arm64 JDK to cut a runtime from, as local-base-image.sh does
# for amd64. It is built once (about 5 minutes: the packages' scripts run emulated) and cached under
# ~/.cache/pets-course.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=(podman mmdebstrap curl)
# On an arm64 machine the image runs natively; elsewhere the kernel hands arm64 programs to qemu.
native=false
[ "$(uname -m)" = aarch64 ] && native=true
$native || tools+=(qemu-aarch64-static)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "arm64-image-check: $tool is missing. On Debian or Ubuntu: sudo apt-get install podman runc mmdebstrap" \
      "qemu-user-static curl" >&2
    exit 1
  }
done
# The kernel must hand arm64 programs to the emulator, also inside containers (the F flag: fix the binary).
handler=/proc/sys/fs/binfmt_misc/qemu-aarch64
if ! $native && { ! grep -q '^enabled' "$handler" 2>/dev/null || ! grep -q '^flags:.*F' "$handler"; }; then
  echo "arm64-image-check: no arm64 emulator registered ($handler). Mount binfmt_misc if it is not" \
    "(sudo mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc), then reinstall qemu-user-static." >&2
  exit 1
fi

work="$(mktemp -d)"
source scripts/podman.sh
use_podman "$work"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  "${podman[@]}" rm -f pets-arm64 >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

suite=trixie
packages=ca-certificates,openjdk-25-jre-headless
java_home=/usr/lib/jvm/java-25-openjdk-arm64
key="$(printf '%s\n' "$suite" "$packages" "$java_home" | sha256sum | cut -c1-12)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pets-course"
base="$cache/base-arm64-$key.tar"
if [ ! -s "$base" ]; then
  echo "arm64-image-check: building the arm64 base image (Debian $suite + $packages), once"
  mmdebstrap --quiet --architectures=arm64 --variant=minbase --include="$packages" "$suite" "$work/rootfs.tar"
  "${podman[@]}" import --quiet --arch arm64 --change "ENV JAVA_HOME=$java_home" \
    "$work/rootfs.tar" "localhost/pets-course-base-arm64:$key" >/dev/null
  mkdir -p "$cache"
  # Written beside its final name, then renamed: an interrupted run leaves no half image for the next to take.
  "${podman[@]}" save --quiet --format docker-archive -o "$base.partial" "localhost/pets-course-base-arm64:$key"
  mv "$base.partial" "$base"
fi

echo "arm64-image-check: building the image with the lab's Jib settings, for linux/arm64"
./mvnw -q -B package jib:buildTar -DskipTests -Djib.from.image="tar://$base" -Djib.from.platforms=linux/arm64 \
  -Djib.to.image=localhost/pets-api:arm64 -Djib.outputPaths.tar=target/container/pets-api-arm64.tar
"${podman[@]}" load --quiet --input target/container/pets-api-arm64.tar >/dev/null

fail() {
  echo "arm64-image-check: FAILED: $*" >&2
  "${podman[@]}" logs pets-arm64 2>&1 | tail -20 >&2 || true
  exit 1
}
status() { curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$@" || true; }
body() { curl -s --max-time 30 "$1" || true; }

# DynamoDB Local (and the pets table) from the lab's own local server, on a port of its own; started by it, not
# taken from the environment.
env -u AWS_ENDPOINT_URL_DYNAMODB -u DYNAMODB_LOCAL_DATA_DIR PORT=17071 ./mvnw -q exec:java > "$work/local.log" 2>&1 &
server=$!
deadline=$(($(date +%s) + 180))
until grep -q "listening on" "$work/local.log"; do
  kill -0 "$server" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || {
    echo "arm64-image-check: FAILED: the local server (DynamoDB Local) did not start:" >&2
    tail -20 "$work/local.log" >&2
    exit 1
  }
  sleep 0.5
done
dynamodb_port="$(grep -o 'DynamoDB Local at http://127.0.0.1:[0-9]*' "$work/local.log" | grep -o '[0-9]*$' || true)"
[ -n "$dynamodb_port" ] || { echo "arm64-image-check: FAILED: no DynamoDB Local port in the local server's log" >&2; exit 1; }

# The README's `docker run`, under Podman: the same environment, the arm64 image, a port of its own.
start=$(date +%s)
"${podman[@]}" run --detach --name pets-arm64 --platform linux/arm64 --publish 127.0.0.1:18081:8080 \
  --env TABLE_NAME=pets --env AWS_REGION=us-east-1 --env AWS_ACCESS_KEY_ID=local --env AWS_SECRET_ACCESS_KEY=local \
  --env AWS_ENDPOINT_URL_DYNAMODB="http://host.containers.internal:$dynamodb_port" \
  localhost/pets-api:arm64 >/dev/null
url=http://127.0.0.1:18081
# Emulated, the first requests may outlast the AWS SDK's timeouts and get a 503: asked again until a 200.
until [ "$(status "$url/pets")" = 200 ]; do
  [ $(($(date +%s) - start)) -lt 300 ] || fail "no 200 from /pets within 300 s"
  sleep 1
done
first=$(($(date +%s) - start))

image_arch="$("${podman[@]}" image inspect --format '{{.Architecture}}' localhost/pets-api:arm64)" ||
  fail "cannot inspect the image"
machine="$("${podman[@]}" exec pets-arm64 uname -m)" || fail "cannot run uname in the container"
# The user of the app's own process (PID 1), not of a command run beside it.
user="$("${podman[@]}" top pets-arm64 user | tail -1 | tr -d ' ')" || fail "cannot list the container's processes"
settings="$("${podman[@]}" exec pets-arm64 java -XshowSettings:properties -version 2>&1)" || fail "cannot run java"
jvm_arch="$(printf '%s\n' "$settings" | awk -F' = ' '$1 ~ /os\.arch$/ {print $2}')"
java="$(printf '%s\n' "$settings" | awk -F' = ' '$1 ~ /java\.runtime\.version$/ {print $2}')"
[ "$image_arch" = arm64 ] || fail "the image is for $image_arch"
[ "$machine" = aarch64 ] || fail "the container runs on $machine"
[ "$jvm_arch" = aarch64 ] || fail "the JVM runs as $jvm_arch"
[ "$user" = 65532 ] || fail "the app runs as user $user"

created="$(status -X POST -H 'Content-Type: application/json' -d '{"name":"Arm","kind":"cat"}' "$url/pets")"
[ "$created" = 201 ] || fail "POST /pets answered $created"
[[ "$(body "$url/pets")" == *'"name":"Arm"'* ]] || fail "GET /pets does not list the pet created"
[ "$(status "$url/ready")" = 200 ] || fail "/ready is not 200"
[[ $'\n'"$(body "$url/metrics")" == *$'\npets_created_total 1.0'* ]] || fail "/metrics does not count the pet created"

"${podman[@]}" stop --time 30 pets-arm64 >/dev/null || fail "podman stop failed"
code="$("${podman[@]}" inspect --format '{{.State.ExitCode}}' pets-arm64)" || fail "cannot inspect the container"
[ "$code" = 0 ] || fail "exit code $code after SIGTERM"
[[ "$("${podman[@]}" logs pets-arm64 2>&1)" == *'"message":"Stopped"'* ]] || fail "no Stopped line after SIGTERM"

how=emulated
$native && how=native
echo "arm64-image-check: PASSED on $(date -u +%F): image for $image_arch, run on $machine ($how), the JVM on $jvm_arch"
echo "  (Java $java), the app as user $user; first /pets answer after $first s; POST, GET, /ready and /metrics"
echo "  answered; SIGTERM: exit 0"
