# Shared by the plain-git scripts (sourced). Loads request heads and titles into `head` and
# `title` (associative arrays keyed by request id), and main/env/test/log tips.
set -euo pipefail
declare -A head title
main=$(git rev-parse --verify -q refs/heads/main)
test=$(git rev-parse --verify -q refs/heads/env/test)
log=$(git rev-parse --verify -q refs/relctl/log)
empty_tree=$(git hash-object -t tree -w /dev/null)
while read -r sha id; do head[$id]=$sha; done < <(git for-each-ref --format='%(objectname) %(refname:lstrip=3)' refs/heads/req/)
# Titles: the last text line of each changeset, read by one cat-file for all requests.
while IFS=$'\t' read -r id text; do title[$id]=$text; done < <(
  for id in "${!head[@]}"; do echo "${head[$id]}:.changeset/$id.md $id"; done |
    git cat-file --batch='%(objectname) %(objecttype) %(objectsize) %(rest)' |
    awk 'NF == 4 && $2 == "blob" && length($1) == 40 && $3 ~ /^[0-9]+$/ { if (id != "") print id "\t" last; id = $4; last = ""; next }
         NF > 0 && $0 != "---" && $0 !~ /^"/ { last = $0 }
         END { if (id != "") print id "\t" last }'
)
now_ms() { date +%s%3N; }
# json_list ID... -> ["A","B"]
json_list() { local out='' id; for id in "$@"; do out+="${out:+,}\"$id\""; done; printf '[%s]' "$out"; }
# log_event TIP SUBJECT JSON -> prints the new log tip
log_event() { printf '%s\n\nRelctl-Event: %s\n' "$2" "$3" | git commit-tree "$empty_tree" -p "$1"; }
# merge_into OURS ID SHA ENV -> prints the merge commit (exit 4 on a conflict)
merge_into() {
  local tree
  if ! tree=$(git merge-tree --write-tree "$1" "$3"); then echo "conflict: $2 into $4" >&2; exit 4; fi
  printf 'Merge request %s: %s into %s\n\nRelctl-Request: %s\nRelctl-Env: %s\n' "$2" "${title[$2]:-$2}" "$4" "$2" "$4" |
    git commit-tree "${tree%%$'\n'*}" -p "$1" -p "$3"
}
# test_members -> "id held-sha" lines, oldest merge first (first-parent merges since main)
test_members() {
  git log --first-parent --reverse --format='%(trailers:key=Relctl-Request,valueonly,separator=%x2C) %P' "$main..$test" | awk '{ print $1, $3 }'
}
