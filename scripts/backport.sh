#!/bin/bash
# make backport: the series' stable fixes on another Debian kernel.
#
#   scripts/backport.sh [VER]        (default 6.1, Debian 12's own kernel)
#
# Unpacks Debian's linux-source-VER (apt) as one commit, applies
# patches/backport-VER/series on top of it (branch "stable"), and builds
# both with the guest configuration: flavours stock-VER and stable-VER.
# Names in that series file are looked up in patches/backport-VER/ first
# (patches that needed changes for VER), then in patches/ (those that apply
# unchanged).  Then T5 boots on each with BACKPORT_SCENARIOS (default
# "L1 L2 L6 L12"): on stock-VER a failure is XFAIL (the defect is there),
# a pass is FAIL; on stable-VER every scenario must pass.  Where the
# series has the sub-section ordering fix ("mm/sparse: set a range's
# sub-section bits only after its memmap is populated", by its file
# name), T1 boots on each as well, with BACKPORT_T1_SCENARIOS (default
# "S11" there, none elsewhere).  Ends with "N passed, N failed, N
# skipped".
source "$(dirname "$0")/lib.sh"

ver=${1:-6.1}
pkg=linux-source-$ver
tarball=/usr/src/$pkg.tar.xz
dir=$TOP/patches/backport-$ver
[ -f "$dir/series" ] || die "no $dir/series"
stock=stock-$ver stable=stable-$ver
src_stock=$(flavour_src "$stock") src_stable=$(flavour_src "$stable")

t0=$SECONDS
"$TOP/scripts/deps.sh" "$pkg"
have=$(dpkg-query -W -f='${Version}' "$pkg")

git_b() { git -C "$src_stock" -c user.name=subsection-harness \
	-c user.email=harness@localhost -c commit.gpgsign=false "$@"; }

if [ "$(cat "$src_stock/.git/nvt-base" 2>/dev/null)" != "$have" ]; then
	rm -rf "$src_stock" "$src_stable"
	say "unpacking $tarball ($have)"
	mkdir -p "$src_stock"
	tar -C "$src_stock" --strip-components=1 -xf "$tarball"
	git_b init -q -b stock
	git_b add -A -f
	git_b commit -q -m "Debian $pkg $have" -m "Unpacked from $tarball, unmodified."
	git_b tag base
	echo "$have" > "$src_stock/.git/nvt-base"
fi

# The patches, in order, as paths.
patches=()
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	if [ -f "$dir/$p" ]; then patches+=("$dir/$p")
	elif [ -f "$TOP/patches/$p" ]; then patches+=("$TOP/patches/$p")
	else die "$dir/series names $p, found in neither $dir nor patches/"
	fi
done < "$dir/series"
want=$(cat "${patches[@]}" | sha256sum | cut -d' ' -f1)
if [ "$want" != "$(cat "$src_stable/.nvt-applied" 2>/dev/null)" ]; then
	if [ ! -d "$src_stable" ]; then
		git_b worktree prune
		git_b worktree add -q -f -B stable "$src_stable" base
	fi
	git -C "$src_stable" am --abort > /dev/null 2>&1 || true
	git -C "$src_stable" checkout -q -f -B stable base
	for p in "${patches[@]}"; do
		git_b -C "$src_stable" am -q --keep-cr "$p" ||
			die "${p#"$TOP"/} does not apply to $pkg $have"
		say "applied ${p#"$TOP"/}"
	done
	echo "$want" > "$src_stable/.nvt-applied"
fi

"$TOP/scripts/build.sh" "$stock"
"$TOP/scripts/build.sh" "$stable"

t1_default=
printf '%s\n' "${patches[@]##*/}" |
	grep -q -- '-mm-sparse-set-a-range-s-sub-section-bits-only-after-' && t1_default=S11
t1=${BACKPORT_T1_SCENARIOS-$t1_default}
summary=$(mktemp)
for f in "$stock" "$stable"; do
	boot_results "$f" T5 "${BACKPORT_SCENARIOS:-L1 L2 L6 L12}" "$f" "$summary"
	[ -z "$t1" ] || boot_results "$f" T1 "$t1" "$f" "$summary"
done

report "backport $ver results ($((SECONDS - t0))s)" "$summary"
