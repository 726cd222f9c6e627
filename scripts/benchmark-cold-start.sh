#!/usr/bin/env bash
# Measures a Lambda-like cold start of a lab's packaged function on this machine.
#
#   scripts/benchmark-cold-start.sh [lab] [runs]      e.g. scripts/benchmark-cold-start.sh lab-05-iac 10
#
# Each run starts a fresh JVM with Lambda's JIT flags, builds the handler from target/function.jar (as Lambda's
# init phase does) and answers events/get-root.json (no DynamoDB call). It prints the median and spread of
# "handler ready" and "first response" in JVM uptime milliseconds, and the artifact size. Figures depend on the
# machine: compare labs on the same one. Not a test: nothing asserts on time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lab="${1:-lab-01-baseline}"
runs="${2:-10}"
cd "$root/$lab"

./mvnw -q -B package -DskipTests -Dspotless.check.skip=true >/dev/null
./mvnw -q -B test-compile -Dspotless.check.skip=true >/dev/null

ready=()
answered=()
for ((i = 0; i < runs; i++)); do
  line=$(env -i PATH="$PATH" HOME="$HOME" TABLE_NAME=pets AWS_REGION=us-east-1 \
      AWS_ACCESS_KEY_ID=benchmark AWS_SECRET_ACCESS_KEY=benchmark AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2999 \
      "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto \
      -cp "target/function.jar:target/test-classes:target/classes" \
      com.example.pets.benchmark.ColdStartProbe events/get-root.json 2>&1 >/dev/null | grep COLD_START_MS)
  ready+=("$(sed -E 's/.*ready=([0-9]+).*/\1/' <<<"$line")")
  answered+=("$(sed -E 's/.*answered=([0-9]+).*/\1/' <<<"$line")")
done

stats() {
  sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms (min %d, max %d)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
size=$(stat -c %s target/function.jar)
echo "$lab on $(nproc) cores, $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1), $runs runs"
echo "  handler ready:  $(printf '%s\n' "${ready[@]}" | stats)"
echo "  first response: $(printf '%s\n' "${answered[@]}" | stats)"
echo "  function.jar:   $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1048576 }') MB"
