#!/usr/bin/env bash
# Times two commands from start to exit in interleaved pairs, to compare them on a machine whose speed drifts:
# each pair runs both commands back to back, the order alternating from one pair to the next, and the ratio that
# counts is each pair's own (B over A), so a slow minute slows both sides of the same pair.
#
#   scripts/paired-runs.sh N 'command A' 'command B'
#
# Prints the median and range of each command's wall-clock time and CPU time (user + system, the command's
# processes), and of the pairs' ratios. BENCHMARKS.md quotes figures measured this way ("interleaved pairs, start to
# exit"). Each command runs through `bash -c`, its output discarded; a command that fails stops the run.
set -euo pipefail
# Decimal points, whatever the machine's locale: bash's `time` and awk must agree on them.
export LC_ALL=C

if [ "$#" -ne 3 ] || ! [[ "$1" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 N 'command A' 'command B'   (N pairs, N >= 1)" >&2
  exit 2
fi
pairs=$1
a=$2
b=$3

# "wall cpu" in seconds for one run of a command, from bash's own `time`.
run() {
  local TIMEFORMAT='%R %U %S' timing
  if ! timing=$({ time bash -c "$1" >/dev/null 2>&1; } 2>&1); then
    echo "failed: $1" >&2
    exit 1
  fi
  # Three numbers, or the figures below would be zeros and "n/a" that look like a measurement.
  if ! [[ "$timing" =~ ^[0-9]+\.[0-9]+\ [0-9]+\.[0-9]+\ [0-9]+\.[0-9]+$ ]]; then
    echo "unreadable timing for: $1: $timing" >&2
    exit 1
  fi
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$timing"
}

# "median (min-max)" of the numbers on stdin, or "n/a" when there are none.
summary() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.3f (%.3f-%.3f)\n", m, v[1], v[NR]
  }'
}

results=""
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then
    ra=$(run "$a")
    rb=$(run "$b")
  else
    rb=$(run "$b")
    ra=$(run "$a")
  fi
  results+="$ra $rb"$'\n'
done

column() { awk -v c="$1" 'NF { print $c }' <<<"$results" | summary; }
# A pair whose A side took no measurable time (under a millisecond) has no ratio.
ratio() { awk -v n="$1" -v d="$2" 'NF && $d > 0 { printf "%.4f\n", $n / $d }' <<<"$results" | summary; }

echo "pairs:       $pairs"
echo "A wall s:    $(column 1)"
echo "B wall s:    $(column 3)"
echo "B / A wall:  $(ratio 3 1)"
echo "A cpu s:     $(column 2)"
echo "B cpu s:     $(column 4)"
echo "B / A cpu:   $(ratio 4 2)"
