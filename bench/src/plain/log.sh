#!/usr/bin/env bash
# Plain-git equivalent of `relctl log --limit 0`: every audit event on refs/relctl/log, newest
# first, one line each (time, who, what).
set -euo pipefail
git log --date=format-local:'%Y-%m-%d %H:%M' --format='%ad  %an <%ae>  %s' refs/relctl/log
