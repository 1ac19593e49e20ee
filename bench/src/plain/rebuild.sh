#!/usr/bin/env bash
# Plain-git equivalent of `relctl promote <ids…> --to test` that rebuilds env/test: main's tip
# plus one `merge-tree --write-tree` + `commit-tree` per request (in the order given, at the
# request's current head), an audit event, and one `update-ref --stdin` transaction.
here=$(dirname "$0")
source "$here/common.sh"
declare -A held
while read -r id sha; do held[$id]=$sha; done < <(test_members)
cur=$main
declare -A shas
for id in "$@"; do
  [ -n "${head[$id]:-}" ] || { echo "no request $id" >&2; exit 2; }
  cur=$(merge_into "$cur" "$id" "${head[$id]}" test)
  shas[$id]=${head[$id]}
done
pairs=''
for id in "$@"; do pairs+="${pairs:+,}\"$id\":\"${shas[$id]}\""; done
newlog=$(log_event "$log" "relctl: promoted $* -> test" "{\"v\":1,\"type\":\"promoted\",\"at\":$(now_ms),\"requestIds\":$(json_list "$@"),\"env\":\"test\",\"data\":{\"shas\":{$pairs}}}")
git update-ref --stdin <<UPDATES
start
update refs/heads/env/test $cur $test
update refs/relctl/log $newlog $log
prepare
commit
UPDATES
echo "env/test rebuilt with $# requests: $cur"
