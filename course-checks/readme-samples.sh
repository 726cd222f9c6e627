#!/usr/bin/env bash
# Every block of sample output in a lab README is checked against the lab as it is.
#
#   course-checks/readme-samples.sh    (part of `./mvnw verify`, from the repository root)
#
# In a lab README, every fenced block that is not a ```bash block of commands must come right after one of:
#   <!-- sample: output of        the commands, one a line; the lab's ReadmeSamplesTest runs them and compares
#   CMD ...                       their output with the block (volatile values masked): see
#   -->                           src/test/java/com/example/pets/support/ReadmeSamples.java
#   <!-- sample: quoted from lab-0N-.../README.md -->
#                                 the block is copied from a sample block of that README, line for line
#   <!-- sample: checked by NameTest, ... -->
#                                 output of a tool outside the lab (the trace viewer); the lab's NameTest reads the
#                                 block from README.md and compares its structure with a real run
#   <!-- not output: why -->      something you type rather than read, such as a query
#   <!-- not checked here: why, pinned by NameTest -->
#                                 output of another tool or lab: NameTest, a test of the course, holds every line of
#                                 the block as its expected output
# A block with none of them fails here, so a sample that nothing checks cannot slip in.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Prints, for each fenced block of a Markdown file: "line<TAB>kind<TAB>argument", then its lines indented by a TAB.
# kind is bash, sample, quoted, checked, not-output, unchecked or none.
blocks() {
  awk '
    function flush_comment() { comment = ""; in_comment = 0 }
    {
      line = $0
      stripped = line; sub(/^[ \t]+/, "", stripped)
      if (in_block) {
        if (stripped == fence) { in_block = 0; next }
        print "\t" substr(line, indent + 1)
        next
      }
      if (in_comment) {
        if (stripped ~ /-->$/) { in_comment = 0; last = comment }
        next
      }
      if (stripped ~ /^<!-- sample: output of/) { comment = "sample\t"; in_comment = 1; next }
      if (stripped ~ /^<!-- sample: quoted from /) {
        arg = stripped; sub(/^<!-- sample: quoted from /, "", arg); sub(/ *-->$/, "", arg)
        last = "quoted\t" arg; next
      }
      if (stripped ~ /^<!-- sample: checked by /) {
        arg = stripped; sub(/^<!-- sample: checked by /, "", arg); sub(/[ ,].*$/, "", arg)
        last = "checked\t" arg; next
      }
      if (stripped ~ /^<!-- not output:/) { last = "not-output\t"; next }
      if (stripped ~ /^<!-- not checked here:/) {
        arg = stripped; sub(/^<!-- not checked here:/, "", arg); sub(/ *-->$/, "", arg)
        last = "unchecked\t" arg; next
      }
      # A block fenced with ~~~ is a block too, so it cannot hide from the check.
      if (stripped ~ /^(```|~~~)/) {
        fence = substr(stripped, 1, 3)
        indent = index(line, fence) - 1
        kind = (stripped ~ /^(```|~~~)(bash|sh)$/) ? "bash\t" : (last == "" ? "none\t" : last)
        print NR "\t" kind
        in_block = 1; last = ""
        next
      }
      if (stripped != "") { last = "" }
    }
  ' "$1"
}

# The lines of every sample block of a README, each block followed by an empty marker line.
sample_lines() {
  blocks "$1" | awk -F'\t' '
    /^[0-9]/ { keep = ($2 == "sample"); if (started) print "\036"; started = 1; next }
    keep { sub(/^\t/, ""); print }
  '
}

failed=0
for readme in lab-0*/README.md; do
  lab="$(dirname "$readme")"
  samples=0
  current=""
  quoted_from=""
  quoted=""
  check_quote() {
    if [ -n "$quoted_from" ]; then
      if [ ! -f "$quoted_from" ]; then
        echo "$readme:$current: quoted from $quoted_from, which does not exist" >&2
        failed=1
      # Whole lines, in a row: a string match (grep -F would read each line of the block as a pattern of its own).
      elif [ -z "$quoted" ] || [[ $'\n'"$(sample_lines "$quoted_from")"$'\n' != *$'\n'"$quoted"* ]]; then
        echo "$readme:$current: this block is no longer a sample block of $quoted_from, line for line" >&2
        failed=1
      fi
    fi
    quoted_from=""
    quoted=""
  }
  check_pinned() {
    local line
    if [ -n "$pinned_in" ]; then
      while IFS= read -r line; do
        line="$(sed 's/^[[:space:]]*//' <<< "$line")"
        if [ -n "$line" ] && ! grep -qF -- "$line" "$pinned_in"; then
          echo "$readme:$current: $pinned_in does not pin this line of the block: $line" >&2
          failed=1
        fi
      done <<< "$pinned_lines"
    fi
    pinned_in=""
    pinned_lines=""
  }
  pinned_in=""
  pinned_lines=""
  checked_by=""
  while IFS= read -r entry; do
    if [[ "$entry" == $'\t'* ]]; then
      [ -n "$quoted_from" ] && quoted+="${entry#$'\t'}"$'\n'
      [ -n "$pinned_in" ] && pinned_lines+="${entry#$'\t'}"$'\n'
      continue
    fi
    check_quote
    check_pinned
    IFS=$'\t' read -r current kind argument <<< "$entry"
    case "$kind" in
      none)
        echo "$readme:$current: a block that is neither commands (\`\`\`bash) nor marked as a checked sample" \
          "(<!-- sample: output of ... -->, <!-- sample: quoted from ... -->) or as <!-- not output: ... -->" >&2
        failed=1
        ;;
      sample) samples=$((samples + 1)) ;;
      unchecked)
        # "pinned by NameTest": that test of the course holds every line of the block (its expected output).
        pinned="$(grep -oE 'pinned by [A-Z][A-Za-z0-9]*Test\b' <<< "$argument" | sed 's/^pinned by //' || true)"
        pinned_in="$( { find "$lab" -name "${pinned:-none}.java" -path '*/src/*'
          find lab-0* tools -name "${pinned:-none}.java" -path '*/src/*' | sort; } 2>/dev/null | awk 'NR == 1')"
        if [ -z "$pinned_in" ]; then
          echo "$readme:$current: not checked here, but the comment names no test of the course (pinned by NameTest)" >&2
          failed=1
        fi
        ;;
      quoted) quoted_from="$argument" ;;
      checked)
        # The tests read the first block marked for them (ReadmeTrace): a second one would be checked by nothing.
        if [[ " $checked_by " == *" $argument "* ]]; then
          echo "$readme:$current: a second block checked by $argument, which reads only the first" >&2
          failed=1
        fi
        checked_by+=" $argument"
        test_file="$(find "$lab/src/test" -name "$argument.java" 2>/dev/null | head -1)"
        if [ -z "$test_file" ] || ! grep -q 'README.md' "$test_file"; then
          echo "$readme:$current: checked by $argument, but $lab has no $argument that reads README.md" >&2
          failed=1
        fi
        ;;
    esac
  done < <(blocks "$readme")
  check_quote
  check_pinned
  if [ "$samples" -gt 0 ] && [ ! -f "$lab/src/test/java/com/example/pets/ReadmeSamplesTest.java" ]; then
    echo "$readme: has $samples sample(s) but $lab has no ReadmeSamplesTest to check them" >&2
    failed=1
  fi
done

# Ids differ from run to run: the same trace or correlation id in the output of two labs means one lab's sample was
# pasted into another instead of coming from a run of that lab. This applies to the blocks no ReadmeSamplesTest
# runs (checked by another test, or not checked here); quoting a block says so and is allowed.
output_ids() {
  blocks "$1" \
    | awk -F'\t' '/^[0-9]/ { keep = ($2 == "unchecked" || $2 == "checked"); next } keep' \
    | grep -oE '1-[0-9a-f]{8}-[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' \
    | grep -v '^00000000-' | sort -u | sed "s|\$|\t$1|" || true
}
copied="$(for readme in lab-0*/README.md; do output_ids "$readme"; done | sort | awk -F'\t' '
  $1 == id && $2 != file { print id " is in the output shown by " file " and by " $2 }
  { id = $1; file = $2 }
')"
if [ -n "$copied" ]; then
  echo "$copied" | sed 's/$/: show the output of a run of each lab, or mark the copy <!-- sample: quoted from ... -->/' >&2
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "Mark each block of output in a lab README as a checked sample; see course-checks/readme-samples.sh." >&2
  exit 1
fi
echo "Every sample output in the lab READMEs is checked."
