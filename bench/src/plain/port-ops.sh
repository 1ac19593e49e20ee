#!/usr/bin/env bash
# The git binary doing the operations of issue 3's list (see ../port-ops.mjs), one process per
# plumbing call: port-ops.sh <op>, with the operands in environment variables (MAIN, TEST,
# OLD_MERGED, HEAD_SHA, RENAME_OURS, RENAME_THEIRS, HEADS100 = space-separated heads,
# REBUILD20 = space-separated id:head).
set -euo pipefail
case "$1" in
  ancestry) git merge-base --is-ancestor "$OLD_MERGED" "$MAIN" && echo 1 || echo 0 ;;
  mergeBase) git merge-base --all "$MAIN" "$HEAD_SHA" ;;
  merge) git merge-tree --write-tree "$MAIN" "$HEAD_SHA" ;;
  mergeRenames) git merge-tree --write-tree "$RENAME_OURS" "$RENAME_THEIRS" ;;
  membership100)
    held=0
    for h in $HEADS100; do if git merge-base --is-ancestor "$h" "$TEST"; then held=$((held + 1)); fi; done
    echo "$held"
    ;;
  rebuild20)
    tip=$MAIN
    for pair in $REBUILD20; do
      id=${pair%%:*} h=${pair#*:}
      tree=$(git merge-tree --write-tree "$tip" "$h")
      tip=$(printf 'Merge request %s into test\n\nRelctl-Request: %s\nRelctl-Env: test\n' "$id" "$id" | git commit-tree "${tree%%$'\n'*}" -p "$tip" -p "$h")
    done
    echo "$tip"
    ;;
  *) echo "unknown op $1" >&2; exit 2 ;;
esac
