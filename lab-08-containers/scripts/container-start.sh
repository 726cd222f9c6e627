#!/usr/bin/env bash
# Measures the container as an orchestrator starts it: time from `podman run` to the first 200 from /pets, and the
# container's memory once idle. Runs the image `./mvnw verify` builds for the tests (on the offline base; the
# learner's public JRE base gives the same JVM), against DynamoDB Local started by the local server.
#
#   scripts/container-start.sh [RUNS]      (from lab-08-containers, after ./mvnw verify; needs podman and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
image_tar=target/container/pets-api-test.tar
[ -f "$image_tar" ] || { echo "No $image_tar: run ./mvnw verify first (it needs podman and mmdebstrap)." >&2; exit 1; }

conf="$(mktemp -d)"
source scripts/podman.sh
use_podman "$conf"

# DynamoDB Local (and the pets table) from the lab's own local server, on a port of its own.
# Without AWS_ENDPOINT_URL_DYNAMODB: with it, the local server starts no DynamoDB Local of its own.
PORT=17070 env -u AWS_ENDPOINT_URL_DYNAMODB ./mvnw -q exec:java > "$conf/local.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; "${podman[@]}" rm -f pets-start >/dev/null 2>&1 || true; rm -rf "$conf"' EXIT
until grep -q "listening on" "$conf/local.log"; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "The local server stopped before it listened (port 17070 in use?):" >&2
    tail -n 5 "$conf/local.log" >&2
    exit 1
  fi
  sleep 0.5
done
dynamodb_port="$(grep -o 'DynamoDB Local at http://127.0.0.1:[0-9]*' "$conf/local.log" | grep -o '[0-9]*$')"
"${podman[@]}" load --quiet --input "$image_tar" >/dev/null

echo "| Run | Start to first /pets answer (ms) | Memory at idle, 10 s later |"
echo "|---:|---:|---:|"
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "${podman[@]}" run --detach --name pets-start --publish 127.0.0.1:18080:8080 \
    --env TABLE_NAME=pets --env AWS_REGION=us-east-1 --env AWS_ACCESS_KEY_ID=local --env AWS_SECRET_ACCESS_KEY=local \
    --env AWS_ENDPOINT_URL_DYNAMODB="http://host.containers.internal:$dynamodb_port" \
    localhost/pets-api:test >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/pets)" = 200 ]; do sleep 0.02; done
  first=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 10
  memory="$("${podman[@]}" stats --no-stream --format '{{.MemUsage}}' pets-start | cut -d/ -f1)"
  echo "| $run | $first | $memory |"
  "${podman[@]}" rm -f pets-start >/dev/null
done
