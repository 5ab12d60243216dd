#!/bin/bash
# Export branch "series" of the kernel tree back to patches/: one
# git format-patch file per commit, the series file, and a cover letter
# whose subject and text come from patches/cover-letter.txt (first
# paragraph = subject) with a fresh shortlog and diffstat.
source "$(dirname "$0")/lib.sh"

[ -d "$KTREE/.git" ] || die "no kernel tree; run 'make prepare' first"
n=$(git -C "$KTREE" rev-list --count base..series)
cd "$TOP/patches"
rm -f -- [0-9][0-9][0-9][0-9]-*.patch
if [ "$n" -eq 0 ]; then
	: > series
else
	cover=()
	if [ -f cover-letter.txt ]; then
		git -C "$KTREE" config branch.series.description "$(cat cover-letter.txt)"
		cover=(--cover-letter --cover-from-description=subject)
	fi
	git -C "$KTREE" format-patch -q --no-signature --zero-commit "${cover[@]}" \
		-o "$TOP/patches" base..series
	ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-cover-letter.patch$' > series
fi
# Record what is exported so prepare-tree.sh knows the tree and patches/ agree.
series_digest > "$KTREE/.git/nvt-applied"
git -C "$KTREE" rev-parse HEAD > "$KTREE/.git/nvt-head"
say "exported $n patch(es) to patches/"
