#!/usr/bin/env bash
# Every test-run duration a lab README states is what the course measured, as BENCHMARKS.md's "Build time" table
# records it (per module, from the reactor summary of a fresh-clone .ci/run, with the date and how to repeat it).
#
#   course-checks/durations.sh    (part of `./mvnw verify`, from the repository root)
#
# A README states a duration with a marker right before it, naming the modules whose verify it is:
#   the test run (<!-- duration: lab-05-iac lab-05-iac/infra -->about 2 minutes on a 2-core machine)
# "about N minutes" holds when the modules' recorded time is within a factor of 1.5 of N; "under N minutes" when it
# is at most N and more than a third of N. A README line that speaks of the test run or verify with a duration and no marker fails too, so a
# new duration cannot slip in unchecked. The comparison is with the recorded figures, not this build's clock: a busy
# machine must not turn the build red.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Seconds recorded for one module: the table has rows "| module | m:ss | module | m:ss |".
module_seconds() {
  awk -F'|' -v module="$1" '
    /^## Build time/ { section = 1; next }
    /^## / { section = 0 }
    section {
      for (i = 2; i < NF; i += 2) {
        name = $i; time = $(i + 1)
        gsub(/[ `]/, "", name); gsub(/ /, "", time)
        if (name == module && time ~ /^[0-9]+:[0-9][0-9]$/) { split(time, t, ":"); print t[1] * 60 + t[2]; exit }
      }
    }
  ' BENCHMARKS.md
}

words_to_number() {
  case "$1" in a|an|one) echo 1 ;; two) echo 2 ;; three) echo 3 ;; *) echo "$1" ;; esac
}

failed=0
for readme in lab-0*/README.md; do
  # Join lines so a marker and its phrase may be wrapped across two lines.
  text="$(tr '\n' ' ' < "$readme")"
  while IFS= read -r claim; do
    [ -n "$claim" ] || continue
    modules="$(sed -E 's/^<!-- duration: ([^>]*) -->.*/\1/' <<< "$claim")"
    kind="$(sed -E 's/^.*--> *(about|under) .*/\1/' <<< "$claim")"
    amount="$(words_to_number "$(sed -E 's/^.*--> *(about|under) ([0-9.]+|an?|one|two|three) .*/\2/' <<< "$claim")")"
    unit="$(sed -E 's/^.*--> *(about|under) [^ ]+ ([a-z]+).*/\2/' <<< "$claim")"
    claimed=$(awk -v n="$amount" -v u="$unit" 'BEGIN { print (u ~ /^min/ ? n * 60 : n) }')
    measured=0
    for module in $modules; do
      seconds="$(module_seconds "$module")"
      if [ -z "$seconds" ]; then
        echo "$readme: <!-- duration: $modules -->: BENCHMARKS.md's Build time table has no time for $module" >&2
        failed=1
        continue 2
      fi
      measured=$(awk -v a="$measured" -v b="$seconds" 'BEGIN { print a + b }')
    done
    verdict="$(awk -v k="$kind" -v c="$claimed" -v m="$measured" 'BEGIN {
      if (k == "under") print (m <= c && m > c / 3 ? "ok" : "no");
      else print (m >= c / 1.5 && m <= c * 1.5 ? "ok" : "no") }')"
    if [ "$verdict" != ok ]; then
      echo "$readme: says the test run of $modules takes $kind $amount $unit; BENCHMARKS.md records ${measured} s" >&2
      failed=1
    fi
  done < <(grep -oE '<!-- duration: [^>]* --> *(about|under) ([0-9.]+|an?|one|two|three) [a-z]+' <<< "$text" || true)
  # Every marker is followed by a claim read above: a marker before "20 minutes" or "roughly 2 minutes" would
  # otherwise check nothing.
  markers="$( (grep -oE '<!-- duration:' <<< "$text" || true) | wc -l)"
  claims="$( (grep -oE '<!-- duration: [^>]* --> *(about|under) ([0-9.]+|an?|one|two|three) [a-z]+' <<< "$text" || true) | wc -l)"
  if [ "$markers" -ne "$claims" ]; then
    echo "$readme: a <!-- duration: MODULES --> marker is not followed by \"about N minutes\" or \"under N minutes\"" >&2
    failed=1
  fi
  # A stated test-run duration with no marker, also wrapped across lines or without "about".
  if grep -oE '(test runs?|verify)[^.;]{0,60}((about|under|takes) )?[0-9]+ (min|minutes?|s|seconds)\b' <<< "$text" \
      | grep -v 'duration:' >&2; then
    echo "$readme: a test-run duration without <!-- duration: MODULES --> right before it" >&2
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "Write the duration BENCHMARKS.md records (Build time), or mark it; see course-checks/durations.sh." >&2
  exit 1
fi
echo "Every test-run duration in the lab READMEs is what BENCHMARKS.md records."
