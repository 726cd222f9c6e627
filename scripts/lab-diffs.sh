#!/usr/bin/env bash
# Curated diffs between consecutive labs.
#
#   scripts/lab-diffs.sh           regenerate every lab's CHANGES.diff and the diffstat table in README.md
#   scripts/lab-diffs.sh --check   fail if any of them is stale (part of `./mvnw verify`)
#   scripts/lab-diffs.sh --stat    print the diffstat table
#
# A lab's CHANGES.diff is the patch from the previous lab: sources, resources, build files, events and queries;
# not READMEs, CHANGES.diff itself or build output. Apply it inside the previous lab with `git apply -p1`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-write}"
mapfile -t labs < <(find . -maxdepth 2 -path './lab-0[0-9]-*/pom.xml' -printf '%h\n' | sed 's|^\./||' | sort)

# What a lesson is made of, relative to a lab folder.
lesson_files() {
  (cd "$1" && find . \
      \( -name target -o -name node_modules -o -name cdk.out -o -name .idea \) -prune -o \
      -type f \
      ! -name README.md ! -name CHANGES.diff ! -name package-lock.json ! -name '*.iml' \
      -print | sed 's|^\./||' | LC_ALL=C sort)
}

# Copies the lesson files of a lab into a scratch folder.
snapshot() {
  local lab="$1" dest="$2"
  mkdir -p "$dest"
  lesson_files "$lab" | while IFS= read -r file; do
    mkdir -p "$dest/$(dirname "$file")"
    cp "$lab/$file" "$dest/$file"
  done
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

diff_of() {
  local prev="$1" next="$2"
  rm -rf "$scratch/a" "$scratch/b"
  snapshot "$prev" "$scratch/a"
  snapshot "$next" "$scratch/b"
  # Paths come out as a/a/... and b/b/... (or a/b/... for a new file): strip the scratch folder names.
  (cd "$scratch" && git -c core.quotepath=off diff --no-index --no-color --no-ext-diff a b || true) \
    | sed -e '/^diff --git /s# a/[ab]/# a/#' -e '/^diff --git /s# b/[ab]/# b/#' \
          -e 's#^--- a/[ab]/#--- a/#' -e 's#^+++ b/[ab]/#+++ b/#'
}

stat_table() {
  echo "| Lesson | Files changed | Lines added | Lines removed |"
  echo "|---|---:|---:|---:|"
  for ((i = 1; i < ${#labs[@]}; i++)); do
    local prev="${labs[i-1]}" next="${labs[i]}"
    [ -f "$next/CHANGES.diff" ] || continue
    local files added removed
    files=$(grep -c '^diff --git ' "$next/CHANGES.diff" || true)
    added=$(grep -c '^+[^+]' "$next/CHANGES.diff" || true)
    added=$((added + $(grep -c '^+$' "$next/CHANGES.diff" || true)))
    removed=$(grep -c '^-[^-]' "$next/CHANGES.diff" || true)
    removed=$((removed + $(grep -c '^-$' "$next/CHANGES.diff" || true)))
    echo "| [$prev -> $next]($next/CHANGES.diff) | $files | $added | $removed |"
  done
}

readme_with_table() {
  local table="$1"
  awk -v table="$table" '
    /<!-- lab-diffstat:start -->/ { print; print table; skipping = 1; next }
    /<!-- lab-diffstat:end -->/ { skipping = 0 }
    !skipping { print }
  ' README.md
}

stale=0
for ((i = 1; i < ${#labs[@]}; i++)); do
  prev="${labs[i-1]}"
  next="${labs[i]}"
  expected="$(diff_of "$prev" "$next")"
  case "$mode" in
    --check)
      if [ ! -f "$next/CHANGES.diff" ] || [ "$expected" != "$(cat "$next/CHANGES.diff")" ]; then
        echo "STALE: $next/CHANGES.diff no longer matches the difference between $prev and $next." >&2
        stale=1
      fi
      ;;
    --stat) ;;
    *) printf '%s\n' "$expected" > "$next/CHANGES.diff" ;;
  esac
done

table="$(stat_table)"
case "$mode" in
  --stat) echo "$table" ;;
  --check)
    if [ "$(readme_with_table "$table")" != "$(cat README.md)" ]; then
      echo "STALE: the diffstat table in README.md is out of date." >&2
      stale=1
    fi
    if [ "$stale" -ne 0 ]; then
      echo "A change was made in one lab but not carried to the next, or CHANGES.diff was not regenerated." >&2
      echo "Carry the change forward, then run: scripts/lab-diffs.sh" >&2
      exit 1
    fi
    echo "Lab diffs are up to date (${#labs[@]} labs)."
    ;;
  *)
    readme_with_table "$table" > "$scratch/README.md" && cp "$scratch/README.md" README.md
    echo "$table"
    ;;
esac
