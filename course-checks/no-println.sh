#!/usr/bin/env bash
# From lab-02 on, the app writes only through SLF4J, so every line the function writes is one JSON log line: no
# System.out, System.err or printStackTrace in a lab's src/main/java. The laptop tools, which talk to the person at
# the terminal and are not part of the function, live in src/local/java and are not checked.
#
#   course-checks/no-println.sh    (part of `./mvnw verify`, from the repository root)
#
# Each lab's lambda/LambdaLogLevelsTest checks every line a run of the function writes; this also covers the code no
# event file reaches, such as the 503 answered while DynamoDB is down.
set -euo pipefail
cd "$(dirname "$0")/.."

offenders=$(grep -rnE 'System\.(out|err)|printStackTrace' --include='*.java' lab-0*/src/main/java \
  | grep -v '^lab-01-' || true)
if [[ -n "$offenders" ]]; then
  echo "Printing that bypasses the JSON log format (log through SLF4J instead):" >&2
  echo "$offenders" >&2
  exit 1
fi
echo "No printing outside SLF4J in the labs from lab-02 on"
