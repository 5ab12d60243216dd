#!/bin/bash
# checkpatch.pl --strict on every patch in patches/series, one PASS/FAIL
# line each (used by make check and make checkpatch).
source "$(dirname "$0")/lib.sh"

[ -x "$KTREE/scripts/checkpatch.pl" ] || "$TOP/scripts/prepare-tree.sh" >&2
status=0
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	# The kernel tree is Debian's source as one commit, without mainline
	# history, so checkpatch cannot look up the ids that Fixes: tags name
	# (mainline commits): UNKNOWN_COMMIT_ID is the one check left out.
	# The tags' form (12 hex digits, the title quoted) is still checked.
	if out=$(cd "$KTREE" && perl scripts/checkpatch.pl --strict --no-tree -q \
			--ignore UNKNOWN_COMMIT_ID "$TOP/patches/$p" 2>&1); then
		echo "PASS checkpatch: $p"
	else
		echo "FAIL checkpatch: $p"
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		status=1
	fi
done < "$TOP/patches/series"
exit $status
