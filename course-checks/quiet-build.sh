#!/usr/bin/env bash
# Fails when a green build's console shows a WARNING or ERROR line. The root README promises that a green
# `./mvnw verify` prints only [INFO] lines; what tests make the app log goes to target/surefire-reports instead.
# Usage: course-checks/quiet-build.sh BUILD_LOG   (.ci/run passes the console of its ./mvnw -B verify)
set -euo pipefail
log="${1:?usage: quiet-build.sh BUILD_LOG}"

# Maven Central serves a few old poms without checksums; the resolver warns once, on the download only, and a
# second build of the same clone never prints it. Nothing in the course can fix a file on Central.
download_noise='Could not validate integrity of download|Checksum validation failed, no checksums available'

# Also what tools print without Maven's [LEVEL] prefix and in other words: JUL's SEVERE, SLF4J's own "SLF4J(W)",
# an uncaught exception, Node's "ExperimentalWarning", javac's "warning:". Case-insensitive.
loud=$(grep -inE '(^|[^A-Za-z_])(WARN|WARNING|ERROR|SEVERE)([^A-Za-z_]|$)|SLF4J\([WE]\)|Exception in thread|[A-Za-z]+Warning:' "$log" \
  | grep -vE "$download_noise" || true)
if [ -n "$loud" ]; then
  echo "A green build must print only [INFO] lines; these are not:" >&2
  echo "$loud" | head -40 >&2
  exit 1
fi
echo "Quiet build: no WARNING or ERROR line in $log"
