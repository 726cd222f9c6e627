#!/usr/bin/env bash
# The tracing design comparison in BENCHMARKS.md ("Tracing designs"), from a fresh clone (about 10 minutes on 2 cores):
#
#   benchmarks/tracing-designs.sh        writes benchmarks/results/tracing-designs.md
#
# It builds the minimal handler of benchmarks/tracing-designs once per design (no tracing, the X-Ray SDK, the
# OpenTelemetry SDK, the OpenTelemetry API for the agents), downloads the two Java agents from Maven Central, and
# runs com.example.benchmarks.DesignComparison. Options: --cold-runs N, --warm-rounds N, --warm-invocations N, --out.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "Building the designs and the benchmarks..."
for design in none xray-sdk otel-sdk otel-api agents; do
  ./mvnw -B -q -f benchmarks/tracing-designs/pom.xml -P"$design" package
done
./mvnw -B -q -f benchmarks/pom.xml -Dmaven.test.skip=true -Dspotless.check.skip=true \
  package dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" --enable-native-access=ALL-UNNAMED -Xmx1g \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" \
  com.example.benchmarks.DesignComparison "$@"
