#!/usr/bin/env bash
# Plain-git equivalent of `relctl promote <ids…> --to prod`: merge each request into main
# (merge-tree + commit-tree), a release commit (package.json version, CHANGELOG.md, shipped
# changesets removed: hash-object + mktree + commit-tree), an annotated tag (mktag), a sync of
# every other open request with the release (is-ancestor, merge-tree, commit-tree), env/test
# rebuilt on the release without the shipped requests (at the synced heads), audit events, and
# one `update-ref --stdin` transaction for every ref.
here=$(dirname "$0")
source "$here/common.sh"
declare -A shipped synced
for id in "$@"; do shipped[$id]=1; done
# open requests: not yet in production (one is-ancestor per request, as relctl does)
open=()
for id in $(printf '%s\n' "${!head[@]}" | sort); do
  [ -n "${shipped[$id]:-}" ] && continue
  if ! git merge-base --is-ancestor "${head[$id]}" "$main"; then open+=("$id"); fi
done
cur=$main
for id in "$@"; do cur=$(merge_into "$cur" "$id" "${head[$id]}" prod); done
# release commit
old_version=$(git cat-file blob "$cur:package.json" | sed -n 's/^  "version": "\(.*\)",$/\1/p')
IFS=. read -r major minor patch <<< "$old_version"
version="$major.$minor.$((patch + 1))"
pkg=$(git cat-file blob "$cur:package.json" | sed "s/^  \"version\": \"$old_version\",\$/  \"version\": \"$version\",/" | git hash-object -w --stdin)
notes=$(for id in "$@"; do printf -- '- %s (%s): %s\n' "$id" "${head[$id]:0:7}" "${title[$id]}"; done)
changelog=$({ printf '# bench-app\n\n## %s\n\n### Patch Changes\n\n%s\n' "$version" "$notes"; git cat-file blob "$cur:CHANGELOG.md" | tail -n +2; } | git hash-object -w --stdin)
changesets=$(git ls-tree "$cur:.changeset" | grep -v -F -f <(printf '\t%s.md\n' "$@") | git mktree)
root=$(git ls-tree "$cur" | awk -F '\t' -v pkg="$pkg" -v cl="$changelog" -v cs="$changesets" '
  $2 == "package.json" { print "100644 blob " pkg "\t" $2; next }
  $2 == "CHANGELOG.md" { print "100644 blob " cl "\t" $2; next }
  $2 == ".changeset" { print "040000 tree " cs "\t" $2; next }
  { print }' | git mktree)
release=$(printf 'Release %s\n\nPatch changes:\n%s\n\nRelctl-Release: %s\nRelctl-Requests: %s\n' "$version" "$notes" "$version" "$(IFS=,; echo "$*")" | git commit-tree "$root" -p "$cur")
tag=$(printf 'object %s\ntype commit\ntag v%s\ntagger Bench <bench@example.com> %s +0000\n\nRelease %s\n' "$release" "$version" "$(date +%s)" "$version" | git mktag)
# sync every other open request with the release
updates=()
for id in "${open[@]}"; do
  h=${head[$id]}
  if git merge-base --is-ancestor "$release" "$h"; then continue; fi
  if tree=$(git merge-tree --write-tree "$h" "$release"); then
    synced[$id]=$(printf 'Sync request %s with main\n' "$id" | git commit-tree "${tree%%$'\n'*}" -p "$h" -p "$release")
    updates+=("update refs/heads/req/$id ${synced[$id]} $h")
  else
    echo "sync conflict: $id (left as it was)" >&2
  fi
done
# rebuild env/test on the release, without the shipped requests
kept=()
newtest=$release
while read -r id held; do
  [ -n "${shipped[$id]:-}" ] && continue
  sha=${synced[$id]:-${head[$id]:-$held}}
  newtest=$(merge_into "$newtest" "$id" "$sha" test)
  kept+=("$id")
done < <(test_members)
at=$(now_ms)
l=$(log_event "$log" "relctl: promoted $* -> prod" "{\"v\":1,\"type\":\"promoted\",\"at\":$at,\"requestIds\":$(json_list "$@"),\"env\":\"prod\"}")
l=$(log_event "$l" "relctl: released $version ($*) on prod" "{\"v\":1,\"type\":\"released\",\"at\":$at,\"requestIds\":$(json_list "$@"),\"env\":\"prod\",\"sha\":\"$release\",\"data\":{\"version\":\"$version\",\"tag\":\"v$version\"}}")
l=$(log_event "$l" "relctl: synced ${#open[@]} requests" "{\"v\":1,\"type\":\"synced\",\"at\":$at,\"requestIds\":$(json_list "${open[@]}"),\"env\":\"prod\",\"data\":{\"from\":\"main\"}}")
l=$(log_event "$l" "relctl: promoted ${kept[*]} -> test" "{\"v\":1,\"type\":\"promoted\",\"at\":$at,\"requestIds\":$(json_list "${kept[@]}"),\"env\":\"test\",\"data\":{\"rebuild\":true,\"base\":\"prod\",\"removed\":$(json_list "$@")}}")
{
  echo start
  echo "update refs/heads/main $release $main"
  echo "create refs/tags/v$version $tag"
  printf '%s\n' "${updates[@]}"
  echo "update refs/heads/env/test $newtest $test"
  echo "update refs/relctl/log $l $log"
  echo prepare
  echo commit
} | git update-ref --stdin
echo "released v$version: ${#updates[@]} requests synced, env/test rebuilt with ${#kept[@]}"
