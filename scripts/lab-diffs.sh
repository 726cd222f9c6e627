#!/usr/bin/env bash
# Curated diffs between consecutive labs.
#
#   scripts/lab-diffs.sh           regenerate every lab's CHANGES.diff and LESSON.diff and the diffstat table in
#                                  README.md, and print the table
#   scripts/lab-diffs.sh --check   fail if any of them is stale (part of `./mvnw verify`)
#   scripts/lab-diffs.sh --stat    print the diffstat table
#
# Both writing and --check also hold each lesson to its budget (below): a lesson that grows past it fails.
#
# A lab's CHANGES.diff is the patch from the previous lab: sources, resources, build files, events and queries;
# not READMEs, CHANGES.diff or LESSON.diff themselves, or build output. Apply it inside the previous lab with
# `git apply -p1`.
#
# LESSON.diff holds the same file diffs in teaching order, for lectures: main code first (the files the lab's deck
# quotes, in the order its slides quote them, then new files, then changed ones), then resources, then tests, then
# build files. The slides build renders it as the lesson page next to the deck (slides/scripts/lessons.mjs).
set -euo pipefail
# A failure inside $(...) (a copy, a diff) stops the script too, instead of leaving an empty result.
shopt -s inherit_errexit
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode="${1:-write}"
case "$mode" in
  write | --check | --stat) ;;
  *)
    # A mistyped --check must not rewrite every diff.
    echo "Usage: scripts/lab-diffs.sh [--check | --stat]" >&2
    exit 2
    ;;
esac
mapfile -t labs < <(find . -maxdepth 2 -path './lab-0[0-9]-*/pom.xml' -printf '%h\n' | sed 's|^\./||' | sort)

# What a lesson is made of, relative to a lab folder: NUL-separated, for tar.
lesson_files() {
  (cd "$1" && find . \
      \( -name target -o -name node_modules -o -name cdk.out -o -name .idea \) -prune -o \
      -type f \
      ! -name README.md ! -name CHANGES.diff ! -name LESSON.diff ! -name package-lock.json ! -name '*.iml' \
      -print0 | LC_ALL=C sort -z)
}

# Copies the lesson files of a lab into a scratch folder, with one tar each way (a copy per file took most of a
# check); GNU tar and bsdtar both read a NUL-separated list with --null -T -.
snapshot() {
  local lab="$1" dest="$2"
  mkdir -p "$dest"
  lesson_files "$lab" | tar -C "$lab" --null -T - -cf - | tar -C "$dest" -xf -
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

# Per file of a diff: "path<TAB>added<TAB>removed<TAB>status", status being new, deleted or changed.
file_stats() {
  awk '
    function flush() { if (file != "") printf "%s\t%d\t%d\t%s\n", file, added, removed, status }
    /^diff --git / { flush(); file = $0; sub(/^.* b\//, "", file); added = removed = 0; status = "changed"; hunk = 0; next }
    !hunk && /^new file mode/ { status = "new" }
    !hunk && /^deleted file mode/ { status = "deleted" }
    /^@@ / { hunk = 1; next }
    hunk && /^\+/ { added++ }
    hunk && /^-/ { removed++ }
    END { flush() }
  '
}

stat_table() {
  echo "| Lesson | Files changed | Lines added | Lines removed | Lines changed in src and pom.xml | Share in src/main |"
  echo "|---|---:|---:|---:|---:|---:|"
  for ((i = 1; i < ${#labs[@]}; i++)); do
    local prev="${labs[i-1]}" next="${labs[i]}"
    [ -f "$next/CHANGES.diff" ] || continue
    file_stats < "$next/CHANGES.diff" | awk -F'\t' -v link="[$prev -> $next]($next/CHANGES.diff)" '
      { files++; added += $2; removed += $3 }
      $1 ~ /^src\// || $1 == "pom.xml" { changed += $2 + $3 }
      $1 ~ /^src\/main\// { main += $2 + $3 }
      END {
        share = changed ? sprintf("%d%%", main * 100 / changed + 0.5) : "-"
        printf "| %s | %d | %d | %d | %d | %s |\n", link, files, added, removed, changed, share
      }'
  done
}

# The lab files a deck quotes, in the order its slides quote them. An excerpt of CHANGES.diff stands for the file
# whose diff holds the excerpt's first added or removed line.
deck_order() {
  local lab="$1" diff="$2" deck="slides/$1.md"
  [ -f "$deck" ] || return 0
  awk -v lab="$lab/" -v diff="$diff" '
    function trimmed(line) { line = substr(line, 2); gsub(/^[ \t]+|[ \t]+$/, "", line); return line }
    function owner(line,    file, text) {
      file = ""
      while ((getline text < diff) > 0) {
        if (text ~ /^diff --git /) { file = text; sub(/^.* b\//, "", file) }
        else if (substr(text, 1, 1) == substr(line, 1, 1) && text !~ /^(\+\+\+|---) / \
                 && trimmed(text) == trimmed(line)) { close(diff); return file }
      }
      close(diff)
      return ""
    }
    function emit(file) { if (file != "" && !(file in seen)) { seen[file] = 1; print file } }
    match($0, /<!-- excerpt: [^ ]+ -->/) {
      path = substr($0, RSTART + 14, RLENGTH - 18)
      pending = ""
      if (index(path, lab) != 1) next
      path = substr(path, length(lab) + 1)
      if (path == "CHANGES.diff") pending = "diff"; else emit(path)
      next
    }
    pending == "diff" && /^```/ { pending = "block"; next }
    pending == "block" && /^```/ { pending = ""; next }
    pending == "block" && /^[-+]/ && trimmed($0) != "..." { emit(owner($0)); pending = "" }
  ' "$deck"
}

# The diff of a lab (on stdin) with its files in teaching order: by part (0 main code: Java under src/main and
# workflows; 1 resources, laptop tooling and everything else; 2 tests and guard suites; 3 build files), then in the
# order the deck quotes them, then new files before changed and deleted ones, then by path.
lesson_of() {
  local lab="$1"
  cat > "$scratch/full.diff"
  deck_order "$lab" "$scratch/full.diff" > "$scratch/deck-order"
  awk '
    function part(file) {
      if (file ~ /(^|\/)(pom\.xml|package\.json|cdk\.json|\.gitignore)$/ || file ~ /^(mvnw|\.mvn\/)/) return 3
      if (file ~ /(^|\/)src\/(test|guard)\// || file ~ /^exercises\//) return 2
      if (file ~ /(^|\/)src\/main\/java\// || file ~ /^\.github\//) return 0
      return 1
    }
    function key() {
      if (n) printf "%d\t%05d\t%d\t%s\t%d\n", part(file), (file in quoted) ? quoted[file] : 99999, status, file, n
    }
    FNR == NR { quoted[$0] = FNR; next }
    /^diff --git / { key(); n++; file = $0; sub(/^.* b\//, "", file); status = 2; hunk = 0 }
    !hunk && /^new file mode/ { status = 1 }
    !hunk && /^deleted file mode/ { status = 3 }
    /^@@ / { hunk = 1 }
    END { key() }
  ' "$scratch/deck-order" "$scratch/full.diff" | LC_ALL=C sort -t $'\t' -k1,1n -k2,2n -k3,3n -k4,4 | cut -f5 \
    | awk 'FNR == NR { order[++count] = $0; next }
           /^diff --git / { n++ } n { section[n] = section[n] $0 "\n" }
           END { for (i = 1; i <= count; i++) printf "%s", section[order[i]] }' - "$scratch/full.diff"
}

readme_with_table() {
  local table="$1"
  awk -v table="$table" '
    /<!-- lab-diffstat:start -->/ { print; print table; skipping = 1; next }
    /<!-- lab-diffstat:end -->/ { skipping = 0 }
    !skipping { print }
  ' README.md
}

# Lesson budgets: the most lines a lesson may change. "src" counts src/ and pom.xml, as the table's column does;
# "main" counts src/main/ and pom.xml (no column of the table: its src/main share leaves pom.xml out). Labs 02-04 may
# not grow past their size when the house was redesigned; lab-08 has at most 800 changed lines of service and build
# against lab-07.
budgets=(
  "lab-02-logging src 796"
  "lab-03-metrics src 599"
  "lab-04-tracing src 792"
  "lab-08-containers main 800"
)

# Prints each lesson over its budget; quiet when all are within.
over_budget() {
  local entry lab scope budget changed
  for entry in "${budgets[@]}"; do
    read -r lab scope budget <<< "$entry"
    if [ ! -f "$lab/CHANGES.diff" ]; then
      echo "OVER BUDGET: $lab has a budget but no CHANGES.diff (renamed? then rename its budget too)."
      continue
    fi
    changed="$(file_stats < "$lab/CHANGES.diff" | awk -F'\t' -v scope="$scope" '
      $1 == "pom.xml" || (scope == "src" && $1 ~ /^src\//) || (scope == "main" && $1 ~ /^src\/main\//) { n += $2 + $3 }
      END { print n + 0 }')"
    if ! [[ "$changed" =~ ^[0-9]+$ ]] || [ "$changed" -gt "$budget" ]; then
      echo "OVER BUDGET: $lab changes $changed lines in ${scope/main/src/main}/ and pom.xml; its lesson's budget is $budget."
    fi
  done
}

stale=0
for ((i = 1; i < ${#labs[@]}; i++)); do
  prev="${labs[i-1]}"
  next="${labs[i]}"
  [ "$mode" = --stat ] && continue
  expected="$(diff_of "$prev" "$next")"
  lesson="$(printf '%s\n' "$expected" | lesson_of "$next")"
  case "$mode" in
    --check)
      if [ ! -f "$next/CHANGES.diff" ] || [ "$expected" != "$(cat "$next/CHANGES.diff")" ]; then
        echo "STALE: $next/CHANGES.diff no longer matches the difference between $prev and $next." >&2
        stale=1
      fi
      if [ ! -f "$next/LESSON.diff" ] || [ "$lesson" != "$(cat "$next/LESSON.diff")" ]; then
        echo "STALE: $next/LESSON.diff no longer matches CHANGES.diff in the order of slides/$next.md." >&2
        stale=1
      fi
      ;;
    *)
      printf '%s\n' "$expected" > "$next/CHANGES.diff"
      printf '%s\n' "$lesson" > "$next/LESSON.diff"
      ;;
  esac
done

table="$(stat_table)"
case "$mode" in
  --stat) echo "$table" ;;
  --check)
    # Without its markers the table would never be compared, and a stale one would pass.
    if ! grep -q '<!-- lab-diffstat:start -->' README.md || ! grep -q '<!-- lab-diffstat:end -->' README.md; then
      echo "STALE: README.md has lost the <!-- lab-diffstat:start --> and <!-- lab-diffstat:end --> markers." >&2
      stale=1
    elif [ "$(readme_with_table "$table")" != "$(cat README.md)" ]; then
      echo "STALE: the diffstat table in README.md is out of date." >&2
      stale=1
    fi
    if [ "$stale" -ne 0 ]; then
      echo "A change was made in one lab but not carried to the next, or CHANGES.diff and LESSON.diff were not" >&2
      echo "regenerated (LESSON.diff also follows the order in which the lab's deck quotes its files)." >&2
      echo "Carry the change forward, then run: scripts/lab-diffs.sh" >&2
      exit 1
    fi
    # Up to date, so the committed diffs are the labs' own: hold each lesson to its budget.
    over="$(over_budget)"
    if [ -n "$over" ]; then
      echo "$over" >&2
      echo "Move what is not the lesson out of it (tooling to src/local, guards to src/guard), or cut it." >&2
      exit 1
    fi
    echo "Lab diffs are up to date (${#labs[@]} labs)."
    ;;
  *)
    readme_with_table "$table" > "$scratch/README.md" && cp "$scratch/README.md" README.md
    echo "$table"
    over="$(over_budget)"
    if [ -n "$over" ]; then
      echo "$over" >&2
      exit 1
    fi
    ;;
esac
