#!/usr/bin/env bash
# Plain-git equivalent of `relctl conflicts --env qa --no-cache`: the requests env/qa holds
# (first-parent merges since main), then `git merge-tree --write-tree` for every pair of their
# heads and for each head with main. Prints the conflicting pairs and paths.
set -euo pipefail
main=$(git rev-parse --verify -q refs/heads/main)
declare -A head
while read -r sha id; do head[$id]=$sha; done < <(git for-each-ref --format='%(objectname) %(refname:lstrip=3)' refs/heads/req/)
mapfile -t ids < <(git log --first-parent --reverse --format='%(trailers:key=Relctl-Request,valueonly,separator=%x2C)' "$main..refs/heads/env/qa")
n=${#ids[@]}
for ((i = 0; i < n; i++)); do
  a=${head[${ids[i]}]}
  if ! out=$(git merge-tree --write-tree --name-only --no-messages "$main" "$a"); then
    echo "${ids[i]} x main: $(echo "$out" | tail -n +2 | tr '\n' ' ')"
  fi
  for ((j = i + 1; j < n; j++)); do
    if ! out=$(git merge-tree --write-tree --name-only --no-messages "$a" "${head[${ids[j]}]}"); then
      echo "${ids[i]} x ${ids[j]}: $(echo "$out" | tail -n +2 | tr '\n' ' ')"
    fi
  done
done
