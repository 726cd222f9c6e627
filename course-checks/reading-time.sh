#!/usr/bin/env bash
# Every lab README's "Time" section counts what it says it counts: "the deck's N slides" is the number of slides in
# slides/<lab>.md, and "this page (about N words, M minutes)" is within 15 % of the page's words outside code blocks,
# read at 200 words a minute (M within one minute of N / 200).
#
#   course-checks/reading-time.sh    (part of `./mvnw verify`, from the repository root)
#
# The page grows with every fix; a figure written once goes stale without anyone noticing, so it is counted here.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Words outside fenced code blocks, as a reader meets them.
prose_words() {
  awk '/^[[:space:]]*```/ { fenced = !fenced; next } !fenced { words += NF } END { print words + 0 }' "$1"
}

# A Marp deck: front matter between the first two "---" lines, then one more slide for each "---" line.
slide_count() {
  awk '/^[[:space:]]*```/ { fenced = !fenced; next } !fenced && /^---[[:space:]]*$/ { rules++ } END { print rules - 1 }' "$1"
}

failed=0
for readme in lab-0*/README.md; do
  lab="${readme%/README.md}"
  text="$(tr '\n' ' ' < "$readme" | tr -s ' ')"

  # Every claim on the page, not only the first: each one is a number a reader may trust.
  while read -r slides_claim; do
    [ -n "$slides_claim" ] || continue
    slides="$(slide_count "slides/$lab.md")"
    if [ "$slides_claim" -ne "$slides" ]; then
      echo "$readme: says the deck has $slides_claim slides; slides/$lab.md has $slides" >&2
      failed=1
    fi
  done <<< "$(grep -oE "the deck's [0-9]+ slides" <<< "$text" | grep -oE '[0-9]+' || true)"

  words_claim="$(grep -oE 'this page \(about [0-9,]+ words, [0-9]+ minutes\)' <<< "$text" || true)"
  if [ -z "$words_claim" ]; then
    # A reworded claim would otherwise go unchecked for good.
    if grep -qE 'this page \([^)]*words' <<< "$text"; then
      echo "$readme: a reading time for this page is not written as \"this page (about N words, M minutes)\"" >&2
      failed=1
    fi
    continue
  fi
  if [ "$(wc -l <<< "$words_claim")" -ne 1 ]; then
    echo "$readme: gives the page's reading time more than once; keep one" >&2
    failed=1
    continue
  fi
  claimed_words="$(sed -E 's/.*about ([0-9,]+) words.*/\1/' <<< "$words_claim" | tr -d ,)"
  claimed_minutes="$(sed -E 's/.* ([0-9]+) minutes.*/\1/' <<< "$words_claim")"
  words="$(prose_words "$readme")"
  if ! awk -v c="$claimed_words" -v w="$words" -v m="$claimed_minutes" \
    'BEGIN { exit !(c >= w * 0.85 && c <= w * 1.15 && m >= c / 200 - 1 && m <= c / 200 + 1) }'; then
    echo "$readme: says about $claimed_words words, $claimed_minutes minutes; the page has $words words outside" \
      "code blocks ($((words / 200)) minutes at 200 words a minute)" >&2
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "Update the README's Time section to the figures above (words outside code blocks, 200 words a minute)." >&2
  exit 1
fi
echo "Reading times and slide counts in the lab READMEs match the pages and decks."
