#!/bin/sh
# Seed the fuzz corpora (fuzz/corpus/<target>/, git-ignored) with a sample of real pages.
# Usage: fuzz/seed.sh [DOCS_DIR] [N]
#   DOCS_DIR defaults to the vendored docs/zh-CN/v1.0,
#   N (pages per target) to 200. The sample is deterministic: every k-th page by name.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
docs=${1:-$here/../docs/zh-CN/v1.0}
n=${2:-200}
files=$(find "$docs" -name '*.md' -type f | LC_ALL=C sort)
total=$(printf '%s\n' "$files" | wc -l)
step=$(( total / n )); [ "$step" -ge 1 ] || step=1
for target in parse_page spans; do
    mkdir -p "$here/corpus/$target"
done
i=0
printf '%s\n' "$files" | while IFS= read -r f; do
    if [ $(( i % step )) -eq 0 ]; then
        name=$(printf '%s' "${f#"$docs"/}" | tr '/' '_')
        # parse_page: whole pages.
        cp "$f" "$here/corpus/parse_page/$name"
        # spans: the span-bearing lines of the page, one seed each (at most 5 a page),
        # since that target takes single pieces of inline text.
        grep -n 'data-ttu-id' "$f" | head -n 5 | while IFS= read -r line; do
            no=${line%%:*}
            printf '%s' "${line#*:}" > "$here/corpus/spans/${name%.md}-$no.txt"
        done
    fi
    i=$(( i + 1 ))
done
echo "parse_page: $(ls "$here/corpus/parse_page" | wc -l) seeds; spans: $(ls "$here/corpus/spans" | wc -l) seeds"
