#!/usr/bin/env bash
# Regenerates the git-scenarios fixtures: runs git's own merge test scripts (t6416, t6422, t6423,
# t6426, t6436 of git v2.39.5) against the installed git, with a `git` wrapper that records every
# merge they perform (the history merged, the config, the command), then writes one JSON fixture
# per script. Not run in CI; needs a clone of git.git (only its t/ files are read) and node.
#
#   packages/git/test/merge/git-scenarios/extract.sh <path to a git.git clone or mirror> [tag]
#
# The scripts run exactly as git's test suite runs them (GIT_TEST_MERGE_ALGORITHM=ort), against
# `git` on PATH, which should be the version the tests compare with (2.39.5 in CI).
set -euo pipefail
GIT_SRC=${1:?usage: extract.sh <git.git clone> [tag]}
TAG=${2:-v2.39.5}
HERE=$(cd "$(dirname "$0")" && pwd)
REAL_GIT=$(command -v git)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/git-scenarios.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SCRIPTS="t6416-recursive-corner-cases t6422-merge-rename-corner-cases t6423-merge-rename-directories t6426-merge-skip-unneeded-updates t6436-merge-overwrite"

cd "$WORK"
files="t/test-lib.sh t/test-lib-functions.sh t/test-lib-github-workflow-markup.sh t/test-lib-junit.sh t/lib-merge.sh t/oid-info"
for s in $SCRIPTS; do files="$files t/$s.sh"; done
# shellcheck disable=SC2086
"$REAL_GIT" -C "$GIT_SRC" archive "$TAG" $files | tar x

# What test-lib.sh expects of a built git tree.
cat >GIT-BUILD-OPTIONS <<EOF
SHELL_PATH='/bin/sh'
TEST_SHELL_PATH='/bin/sh'
PERL_PATH='$(command -v perl || echo /usr/bin/perl)'
DIFF='diff'
TAR='tar'
NO_PYTHON='YesPlease'
NO_GETTEXT='YesPlease'
X=''
RUNTIME_PREFIX='false'
EOF
mkdir -p templates/blt t/helper bin records
cat >t/helper/test-tool <<'EOF'
#!/bin/sh
# Stand-in for git's test-tool: only what these merge tests use.
case "$1" in
chmtime)
	shift
	get=
	if test "$1" = --get; then get=1; shift; fi
	delta=$1; shift
	if test $# = 0; then set -- "$delta"; delta=+0; fi
	for f in "$@"; do
		case "$delta" in
		=*) touch -d "@${delta#=}" "$f" ;;
		*) now=$(stat -c %Y "$f"); touch -d "@$((now + delta))" "$f" ;;
		esac
		test -n "$get" && stat -c %Y "$f"
	done
	exit 0 ;;
path-utils) test "$2" = file-size && stat -c %s "$3" ;;
date) exit 0 ;;
*) echo "test-tool stand-in: unsupported $*" >&2; exit 1 ;;
esac
EOF
chmod +x t/helper/test-tool
# Export each test's title so the recorder can name the merge after it.
perl -0pi -e 's/(\texport test_prereq\n)(\tif ! test_skip "\$@"\n\tthen\n\t\ttest -n "\$test_skip_test_preamble" \|\|\n\t\tsay >&3 "(expecting success|checking known breakage))/$1\tRECORD_TEST_TITLE="\$1"; export RECORD_TEST_TITLE\n$2/g' t/test-lib-functions.sh
grep -q RECORD_TEST_TITLE t/test-lib-functions.sh || { echo "could not patch test-lib-functions.sh" >&2; exit 1; }

# The wrapper: record merge-like commands, then run the real git.
cat >bin/git <<EOF
#!/usr/bin/env bash
i=1; cfg=()
while [ \$i -le \$# ]; do
	a=\${!i}
	case "\$a" in
	-c) j=\$((i+1)); cfg+=("\${!j}"); i=\$((i+2));;
	-C) i=\$((i+2));;
	-*) i=\$((i+1));;
	*) break;;
	esac
done
sub=\${!i}
case "\$sub" in
merge|rebase|cherry-pick|revert|merge-tree|merge-recursive|merge-ort|am|pull)
	RECORD_CFG="\$(printf '%s\n' "\${cfg[@]}")" REAL_GIT="$REAL_GIT" node "$HERE/record-merge.mjs" "\$sub" "\${@:\$((i+1))}" </dev/null >/dev/null 2>>"$WORK/records/errors.log" ;;
esac
exec "$REAL_GIT" "\$@"
EOF
chmod +x bin/git

cd t
for s in $SCRIPTS; do
	echo "== $s"
	GIT_TEST_CHAIN_LINT=0 GIT_TEST_MERGE_ALGORITHM=ort GIT_TEST_INSTALLED="$WORK/bin" TEST_OUTPUT_DIRECTORY="$WORK/out" \
		RECORD_DIR="$WORK" RECORD_SCRIPT="$s" sh "./$s.sh" | tail -3
done
if [ -s "$WORK/records/errors.log" ]; then cat "$WORK/records/errors.log" >&2; exit 1; fi
node "$HERE/to-fixtures.mjs" "$WORK/records" "$HERE"
