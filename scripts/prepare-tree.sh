#!/bin/bash
# Prepare the kernel git tree: Debian's $KSRC_PKG (scripts/lib.sh) unpacked as one
# "base" commit, patches/series applied on branch "series" with git am, and
# a worktree of the untouched base for stock builds.
#
# The tree is re-made from patches/ when patches/ changed since the last
# apply, unless the series branch carries commits that were never exported
# (then it refuses, so no work is lost; run "make export" first).
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
have_src=$(dpkg-query -W -f='${Version}' "$KSRC_PKG")
mkdir -p "$BUILD_DIR"

git_k() { git -C "$KTREE" -c user.name=subsection-harness \
	-c user.email=harness@localhost -c commit.gpgsign=false "$@"; }

if [ ! -d "$KTREE/.git" ] || [ "$(cat "$KTREE/.git/nvt-base" 2>/dev/null)" != "$have_src" ]; then
	rm -rf "$KTREE" "$KSTOCK"
	say "unpacking $KSRC_TARBALL ($have_src)"
	mkdir -p "$KTREE"
	tar -C "$KTREE" --strip-components=1 -xf "$KSRC_TARBALL"
	say "committing the base (this takes a minute)"
	git_k init -q -b series
	# Debian's top-level .gitignore ignores "/*": add by force.
	git_k add -A -f
	git_k commit -q -m "Debian $KSRC_PKG $have_src" \
		-m "Unpacked from $KSRC_TARBALL, unmodified."
	git_k tag base
	echo "$have_src" > "$KTREE/.git/nvt-base"
fi

want=$(series_digest)
applied=$(cat "$KTREE/.git/nvt-applied" 2>/dev/null || true)
head_at_apply=$(cat "$KTREE/.git/nvt-head" 2>/dev/null || true)
head=$(git_k rev-parse HEAD)

if [ "$want" != "$applied" ]; then
	if [ -n "$head_at_apply" ] && [ "$head" != "$head_at_apply" ] &&
	   [ "${FORCE:-0}" != 1 ]; then
		die "$KTREE has commits not in patches/ (run 'make export', or FORCE=1 to drop them)"
	fi
	say "applying patches/series to branch 'series'"
	git_k checkout -q -f -B series base
	git_k am --abort >/dev/null 2>&1 || true
	n=0
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		n=$((n + 1))
		git_k am -q --keep-cr "$TOP/patches/$p" ||
			die "patch $p does not apply to $have_src"
	done < <(cat "$TOP/patches/series" 2>/dev/null || true)
	say "series: $n patch(es) applied"
	echo "$want" > "$KTREE/.git/nvt-applied"
	git_k rev-parse HEAD > "$KTREE/.git/nvt-head"
fi

if [ ! -d "$KSTOCK" ]; then
	git_k worktree prune
	git_k worktree add -q --detach "$KSTOCK" base
fi

# The stable flavour: the patches patches/stable names (the fixes meant for
# stable kernels), applied alone on the base, which is itself the proof
# that they need nothing else of the series.
want=$(stable_digest)
if [ -n "$want" ] && [ "$want" != "$(cat "$KSTABLE/.nvt-applied" 2>/dev/null)" ]; then
	say "applying patches/stable alone to branch 'stable'"
	if [ ! -d "$KSTABLE" ]; then
		git_k worktree prune
		git_k worktree add -q -f -B stable "$KSTABLE" base
	fi
	git -C "$KSTABLE" am --abort >/dev/null 2>&1 || true
	git -C "$KSTABLE" checkout -q -f -B stable base
	while read -r p; do
		git_k -C "$KSTABLE" am -q --keep-cr "$TOP/patches/$p" ||
			die "patch $p does not apply to $have_src on its own"
	done < <(stable_patches)
	echo "$want" > "$KSTABLE/.nvt-applied"
fi
say "tree ready: $KTREE ($(git_k rev-list --count base..series) patch(es) on $have_src)"
