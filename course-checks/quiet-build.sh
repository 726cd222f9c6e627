#!/usr/bin/env bash
# Fails when a green build's console shows a WARNING or ERROR line. The root README promises that a green
# `./mvnw verify` prints only [INFO] lines; what tests make the app log goes to target/surefire-reports instead.
# Usage: course-checks/quiet-build.sh BUILD_LOG   (.ci/run passes the console of its ./mvnw -B verify)
set -euo pipefail
log="${1:?usage: quiet-build.sh BUILD_LOG}"

# Maven Central serves a few old poms without checksums; the resolver warns once, on the download only, and a
# second build of the same clone never prints it. Nothing in the course can fix a file on Central.
download_noise='Could not validate integrity of download|Checksum validation failed, no checksums available'

loud=$(grep -nE '^\[(WARNING|ERROR)\]|(^|[^A-Za-z_])(WARN|WARNING|ERROR)([^A-Za-z_]|$)' "$log" \
  | grep -vE "$download_noise" || true)
if [ -n "$loud" ]; then
  echo "A green build must print only [INFO] lines; these are not:" >&2
  echo "$loud" | head -40 >&2
  exit 1
fi
echo "Quiet build: no WARNING or ERROR line in $log"
