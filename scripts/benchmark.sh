#!/usr/bin/env bash
# Every figure in BENCHMARKS.md, from a fresh clone, in one command (about 30 minutes on 2 cores):
#
#   scripts/benchmark.sh              the full run; writes benchmarks/results/latest.md
#   scripts/benchmark.sh --quick      a smoke run (about 11 minutes); figures mean nothing, written to benchmarks/target/quick.md
#
# It builds every lab's Lambda artifact, then runs the benchmarks module (benchmarks/README.md lists its options):
# artifact size, cold start (GET / and create-pet, with and without an AOT cache), the classes each lab loads and warm
# latency of each lab's handler, lab-08's container start (with podman and mmdebstrap), a Gatling load test and a DynamoDB fault run
# of the local server. Nothing here is a test: run it on a quiet machine and compare figures from the same run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  echo "Options: benchmarks/README.md."
  exit 0
fi

labs=lab-01-baseline,lab-02-logging,lab-03-metrics,lab-04-tracing,lab-05-iac,lab-06-cicd,lab-07-opentelemetry,lab-08-containers
echo "Building the labs and the benchmarks..."
./mvnw -B -q -pl "$labs,benchmarks" -DskipTests -Dspotless.check.skip=true \
  package dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath
# lab-08's container start runs the image its tests run, on the base made offline (-DskipTests skipped both).
# The same test as lab-08's pom, whose profile for the local base image needs /usr/bin/mmdebstrap.
if command -v podman >/dev/null && [ -x /usr/bin/mmdebstrap ]; then
  echo "Building lab-08's test image..."
  ./mvnw -B -q -pl lab-08-containers -Dspotless.check.skip=true exec:exec@local-base-image jib:buildTar@test-image
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The commit measured, written into the results (with -dirty when files differ from it).
if commit="$(git rev-parse --short HEAD 2>/dev/null)"; then
  git diff --quiet HEAD || commit="$commit-dirty"
else
  commit="unknown (not a git clone)"
fi
# Gatling reads JDK internals and loads Netty's native transport.
exec "$java" --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Xmx2g \
  -Dbenchmark.commit="$commit" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  com.example.benchmarks.BenchmarkRun "$@"
