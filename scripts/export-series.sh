#!/bin/bash
# Export branch "series" of the kernel tree back to patches/: one
# git format-patch file per commit, a cover letter and the series file.
source "$(dirname "$0")/lib.sh"

[ -d "$KTREE/.git" ] || die "no kernel tree; run 'make prepare' first"
n=$(git -C "$KTREE" rev-list --count base..series)
cd "$TOP/patches"
cover=0000-cover-letter.patch
[ -f "$cover" ] && cp "$cover" "$BUILD_DIR/cover.keep"
rm -f -- [0-9][0-9][0-9][0-9]-*.patch
if [ "$n" -eq 0 ]; then
	: > series
	say "series is empty; nothing to export"
	exit 0
fi
git -C "$KTREE" format-patch -q --no-signature --zero-commit --cover-letter \
	-o "$TOP/patches" base..series
# Keep the hand-written cover letter text, refresh only the shortlog/stat.
if [ -f "$BUILD_DIR/cover.keep" ] && ! grep -q '\*\*\* SUBJECT HERE' "$BUILD_DIR/cover.keep"; then
	mv "$BUILD_DIR/cover.keep" "$cover"
fi
ls [0-9][0-9][0-9][0-9]-*.patch | grep -v "^$cover$" > series
sha=$( (grep -v -e '^#' -e '^$' series || true) | xargs -r cat | sha256sum | cut -d' ' -f1)
echo "$sha" > "$KTREE/.git/nvt-applied"
git -C "$KTREE" rev-parse HEAD > "$KTREE/.git/nvt-head"
say "exported $n patch(es) to patches/"
