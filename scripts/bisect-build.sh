#!/bin/bash
# make bisect: every commit of the series builds on its own.  Each commit of
# base..series is checked out in a worktree (build/bisect/linux, so the
# working tree in build/patched/linux is not touched) and built with the
# guest configuration (config/guest.config, plus config/series.config where
# the commit already has those options, and config/fault-injection.config,
# as scripts/build.sh configures the x86-64 kernels, so that ccache shares
# objects with the stock, stable and patched builds): bzImage and modules.
# Prints one line per commit and "N built, N failed".  BISECT_FROM=N starts
# at the Nth commit (the worktree keeps the previous build, so later
# commits build incrementally).
source "$(dirname "$0")/lib.sh"

[ -d "$KTREE/.git" ] || "$TOP/scripts/prepare-tree.sh"
wt=$BUILD_DIR/bisect/linux out=$BUILD_DIR/bisect/out
if [ ! -e "$wt/.git" ]; then
	mkdir -p "$BUILD_DIR/bisect"
	git -C "$KTREE" worktree add -q --detach "$wt" base
fi
mkdir -p "$out"
mapfile -t commits < <(git -C "$KTREE" rev-list --reverse base..series)
[ ${#commits[@]} -gt 0 ] || { say "the series is empty"; exit 0; }
ok=0 bad=0 n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	[ "$n" -lt "${BISECT_FROM:-1}" ] && continue
	subject=$(git -C "$KTREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	log=$out/build-$n.log
	t0=$SECONDS
	mk=(-C "$wt" O="$out" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc"
	    LOCALVERSION=-nvt-bisect)
	if {
		make "${mk[@]}" tinyconfig &&
		"$wt/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/config/guest.config" "$TOP/config/series.config" \
			"$TOP/config/fault-injection.config" &&
		make "${mk[@]}" olddefconfig &&
		verify_config "$out/.config" "$TOP/config/guest.config" \
			"$TOP/config/fault-injection.config" &&
		make "${mk[@]}" bzImage modules
	} > "$log" 2>&1; then
		ok=$((ok + 1))
		say "[$n/${#commits[@]}] builds ($((SECONDS - t0))s): $subject"
	else
		bad=$((bad + 1))
		grep -E 'error|Error' "$log" | head -n 10 >&2
		say "[$n/${#commits[@]}] FAILS ($log): $subject"
	fi
done
echo "$ok built, $bad failed"
[ $bad -eq 0 ]
