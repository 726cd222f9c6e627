#!/usr/bin/env bash
# lab-08's image under the course's Gatling simulation (benchmarks/.../PetsCrudSimulation: create, get, list, update,
# delete), limited to one vCPU and 2 GB as a Fargate task of that size would be: does one vCPU's worth of container
# serve 150 requests a second?
#
#   scripts/container-load.sh [REQUESTS_PER_SECOND] [SECONDS]     (defaults 150 and 60; after ./mvnw verify, which
#                                                                  builds the image; needs podman and curl)
#
# DynamoDB Local runs in lab-08's local server on the same machine, and Gatling too: on 2 cores the three share the
# CPU, so read the figure as a lower bound of what the container alone would serve.
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-150}"
seconds="${2:-60}"
image_tar=lab-08-containers/target/container/pets-api-test.tar
[ -f "$image_tar" ] || { echo "No $image_tar: run ./mvnw verify first (it needs podman and mmdebstrap)." >&2; exit 1; }

work="$(mktemp -d)"
printf '[containers]\ndefault_ulimits = []\n' > "$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
podman=(podman)
{ command -v runc >/dev/null || [ -x /usr/sbin/runc ]; } && podman+=(--runtime runc)

echo "Building the benchmarks..."
./mvnw -B -q -pl benchmarks -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

(cd lab-08-containers && PORT=17071 exec ./mvnw -q exec:java > "$work/local.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; "${podman[@]}" rm -f pets-load >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
until grep -q "listening on" "$work/local.log"; do sleep 0.5; done
dynamodb_port="$(grep -o 'DynamoDB Local at http://127.0.0.1:[0-9]*' "$work/local.log" | grep -o '[0-9]*$')"

"${podman[@]}" load --quiet --input "$image_tar" >/dev/null
"${podman[@]}" run --detach --name pets-load --cpus 1 --memory 2g --publish 127.0.0.1:18081:8080 \
  --env TABLE_NAME=pets --env AWS_REGION=us-east-1 --env AWS_ACCESS_KEY_ID=local --env AWS_SECRET_ACCESS_KEY=local \
  --env AWS_ENDPOINT_URL_DYNAMODB="http://host.containers.internal:$dynamodb_port" localhost/pets-api:test >/dev/null
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/health)" = 200 ]; do sleep 0.2; done

gatling() {
  "$java" --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -cp "benchmarks/target/classes:$(cat "$work/cp.txt")" \
    -Dpets.load.baseUrl=http://127.0.0.1:18081 -Dpets.load.usersPerSecond="$(awk -v rate="$rate" 'BEGIN { print rate / 5 }')" \
    -Dpets.load.seconds="$1" io.gatling.app.Gatling -s com.example.benchmarks.load.PetsCrudSimulation -rf "$work/$2"
}
echo "Warming up for 20 s, then $rate requests/s for $seconds s, one vCPU..."
gatling 20 warm-up > /dev/null
gatling "$seconds" measured | sed -n '/Global Information/,/^=====/p'
echo "Container after the run: $("${podman[@]}" stats --no-stream --format 'CPU {{.CPUPerc}}, memory {{.MemUsage}}' pets-load)"
