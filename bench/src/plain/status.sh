#!/usr/bin/env bash
# Plain-git equivalent of `relctl status` (run inside the repository): every request branch,
# which of them env/test holds (first-parent merges with Relctl-Request trailers, stale when the
# branch moved since), which are in production (one `merge-base --is-ancestor` per request, or
# one `for-each-ref --merged` with BATCH=1), their changesets, the audit log's events (approvals,
# arrival times) and the current version tag. Prints one line per request.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
main=$(git rev-parse --verify -q refs/heads/main)
test=$(git rev-parse --verify -q refs/heads/env/test)
git for-each-ref --format='%(objectname) %(refname:lstrip=3)' refs/heads/req/ > "$tmp/requests"
# env/test: the merges on its first-parent line since its base (main)
git log --first-parent --format='%H %P%x09%(trailers:key=Relctl-Request,valueonly,separator=%x2C)%x09%(trailers:key=Relctl-Env,valueonly,separator=%x2C)' "$main..$test" > "$tmp/test"
# prod: relctl merges among the last 500 first-parent commits of main, and ancestry per request
git log --first-parent -n 500 --format='%H%x09%(trailers:key=Relctl-Request,valueonly,separator=%x2C)' "$main" > "$tmp/prod"
if [ "${BATCH:-0}" = 1 ]; then
  git for-each-ref --merged="$main" --format='%(refname:lstrip=3)' refs/heads/req/ > "$tmp/inprod"
else
  while read -r sha id; do
    if git merge-base --is-ancestor "$sha" "$main"; then echo "$id"; fi
  done < "$tmp/requests" > "$tmp/inprod"
fi
# changesets (titles, bumps): one cat-file for all of them
awk '{ print $1 ":.changeset/" $2 ".md" }' "$tmp/requests" | git cat-file --batch > "$tmp/changesets"
# audit log: every event (approvals and arrival times come from it)
git log --format='%H%x09%at%x09%an <%ae>%x09%(trailers:key=Relctl-Event,valueonly)' refs/relctl/log > "$tmp/events"
version=$(git for-each-ref --sort=-v:refname --count=1 --format='%(refname:lstrip=2)' 'refs/tags/v*')
awk -v version="$version" -F '\t' '
  FILENAME ~ /requests$/ { split($0, a, " "); head[a[2]] = a[1]; order[++n] = a[2]; next }
  FILENAME ~ /test$/ { split($1, p, " "); held[$2] = p[3]; next }
  FILENAME ~ /inprod$/ { prod[$1] = 1; next }
  FILENAME ~ /events$/ {
    if (index($4, "\"type\":\"approved\"") && match($4, /"requestIds":\["[^"]+"/)) {
      id = substr($4, RSTART + 15, RLENGTH - 16); approvals[id]++
    }
    next
  }
  END {
    for (i = 1; i <= n; i++) {
      id = order[i]
      t = (id in held) ? (held[id] == head[id] ? "in" : "stale") : "-"
      printf "%s\t%s\t%s\t%d\n", id, t, (id in prod) ? "in" : "-", approvals[id]
    }
    printf "prod at %s\n", version
  }' "$tmp/requests" "$tmp/test" "$tmp/inprod" "$tmp/events"
