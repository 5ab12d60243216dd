#!/bin/bash
# Build the guest kernel, its modules and tools/testing/nvdimm (nfit_test)
# for one or both flavours.
#
#   scripts/build.sh [stock|patched|stable|both]   (DEBUG=1: add config/debug.config,
#                                                  KDUMP=1: add config/kdump.config)
#
# stable is the base with only the patches patches/stable names;
# stock-VER and stable-VER are another Debian kernel (make backport).
#
# x86-64 guests of this base (not make backport's) get
# config/fault-injection.config over guest.config.
# NVT_ARCH=arm64-4k|arm64-64k|ppc64le (make check-arch) cross-builds that
# architecture's guest kernel instead (config/arch-*.config over
# guest.config, Debian's cross compiler), without nfit_test; ppc64le's
# from a copy of the source made for QEMU's TCG (tcg_src).
#
# Output: build/<flavour>/out[-ARCH][-debug][-kdump]/{arch/x86/boot/bzImage,mods,mods-nfit}.
# When the series is empty the patched flavour is the stock kernel; it is
# then built once and build/patched/out is a link to build/stock/out.
source "$(dirname "$0")/lib.sh"

want=${1:-both}
case $want in
both) flavours=(stock patched) ;;
stock|patched|stable|stock-*|stable-*|rev-*) flavours=("$want") ;;
*) die "usage: $0 [stock|patched|stable|both|stock-VER|stable-VER|rev-NAME]" ;;
esac

[ -d "$KTREE/.git" ] || "$TOP/scripts/prepare-tree.sh"

fragments=("$TOP/config/guest.config")
image=arch/x86/boot/bzImage
cross=() arch_pages=""
if [ -n "${NVT_ARCH:-}" ]; then
	read -r karch kcross image afrag arch_pages _ <<< "$(arch_target "$NVT_ARCH")"
	"$TOP/scripts/deps.sh" "gcc-${kcross%-}"
	fragments+=("$TOP/config/arch-$afrag.config")
	cross=(ARCH="$karch" CROSS_COMPILE="$kcross" CC="ccache ${kcross}gcc")
fi
[ -n "${DEBUG:-}" ] && fragments+=("$TOP/config/debug.config")
[ -n "${KDUMP:-}" ] && fragments+=("$TOP/config/kdump.config")
# Options that exist only with the series (its KUnit suites).
series_fragment="$TOP/config/series.config"

# Progress for long makes: the full log goes to a file, the terminal gets a
# line every 250 compiled objects and any error.
kmake() {
	local log=$1; shift
	local t0=$SECONDS
	if ! make "$@" > >(tee -a "$log" | awk -v tag="$tag" '
		/^  (CC|AS|AR|LD)/ { n++; if (n % 250 == 0) { printf("[%s] %d objects...\n", tag, n); fflush() } }
		/error:|Error [0-9]/ { print; fflush() }') 2>&1; then
		sleep 1
		tail -n 30 "$log" >&2
		die "make $* failed; full log: $log"
	fi
	sleep 1
	say "[$tag] make ${*: -1} done in $((SECONDS - t0))s"
}

configure() {
	local src=$1 out=$2 flavour=$3
	local digest fragments=("${fragments[@]}")
	[ "$flavour" = patched ] && fragments+=("$series_fragment")
	# Another kernel (make backport) may need a fragment of its own.
	# The x86-64 kernels of this base get fault injection (H1); the
	# backport kernels do not (6.1's tinyconfig has SLOB, no FAILSLAB).
	case $flavour in
	stock-*|stable-*)
		[ -f "$TOP/config/backport-${flavour#*-}.config" ] &&
			fragments+=("$TOP/config/backport-${flavour#*-}.config") ;;
	*)
		[ -z "${NVT_ARCH:-}" ] && fragments+=("$TOP/config/fault-injection.config") ;;
	esac
	# The target's page size, as a fragment of its own.
	if [ -n "$arch_pages" ]; then
		echo "$arch_pages" > "$out/.nvt-pages.config"
		fragments+=("$out/.nvt-pages.config")
	fi
	digest=$(cat "${fragments[@]}" "$TOP/scripts/build.sh" | sha256sum | cut -d' ' -f1)
	if [ -f "$out/.config" ] && [ "$(cat "$out/.nvt-config" 2>/dev/null)" = "$digest" ]; then
		return
	fi
	say "[$tag] configuring (tinyconfig + ${fragments[*]##*/})"
	make -s -C "$src" O="$out" "${cross[@]}" tinyconfig > "$out/config.log" 2>&1
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"${fragments[@]}" >> "$out/config.log" 2>&1
	make -s -C "$src" O="$out" "${cross[@]}" olddefconfig >> "$out/config.log" 2>&1
	verify_config "$out/.config" "${fragments[@]}" ||
		die "kernel config for $flavour does not match config/ (see $out/config.log)"
	echo "$digest" > "$out/.nvt-config"
}

# nfit_test_patches DIR: apply to DIR the series patches whose files are
# all under tools/testing/nvdimm/.
nfit_test_patches() {
	local p files
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		files=$(sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p' "$TOP/patches/$p")
		[ -n "$files" ] && ! grep -qv '^tools/testing/nvdimm/' <<< "$files" || continue
		patch -s -p1 -d "$1" < "$TOP/patches/$p" || die "$p does not apply to $1"
	done < "$TOP/patches/series"
}

# tcg_src SRC: print the source to build a ppc64le guest kernel from: a
# copy of SRC with tests/guest/ppc64le-tcg.patch applied (QEMU's TCG
# refuses the kernel's pmem flush instructions; see that file).  The
# copy, SRC-ppc64le-tcg, is hard links to SRC but for the patched files,
# which are rewritten only when their result changes, so make rebuilds
# only what a change of SRC touched.
tcg_src() {
	local src=$1 dst=$1-ppc64le-tcg p=$TOP/tests/guest/ppc64le-tcg.patch
	local f files tmp ex=(--exclude=/.git)
	files=$(sed -n 's|^+++ b/||p' "$p")
	for f in $files; do ex+=(--exclude="/$f"); done
	mkdir -p "$dst"
	rsync -a --delete --link-dest="$src" "${ex[@]}" "$src/" "$dst/" ||
		die "cannot mirror $src to $dst"
	tmp=$(mktemp -d)
	for f in $files; do
		mkdir -p "$tmp/${f%/*}" && cp "$src/$f" "$tmp/$f" ||
			{ rm -rf "$tmp"; die "cannot copy $src/$f"; }
	done
	patch -s -p1 -d "$tmp" < "$p" >&2 ||
		{ rm -rf "$tmp"; die "${p#"$TOP"/} does not apply to $src"; }
	for f in $files; do
		cmp -s "$tmp/$f" "$dst/$f" && continue
		rm -f "$dst/$f" && cp "$tmp/$f" "$dst/$f" ||
			{ rm -rf "$tmp"; die "cannot write $dst/$f"; }
	done
	rm -rf "$tmp"
	echo "$dst"
}

# fresh_ext OUT DIR: start the external modules (M=) built in DIR afresh
# when OUT's configuration is not the one they were built with.  Kbuild
# does not rebuild them on a configuration change: their build runs in
# their own directory, where the relative include/config/ paths of their
# dependency files do not exist.  (Seen: riscv64's pfnwalk.ko kept the
# struct module of CONFIG_JUMP_LABEL=y after the guest config dropped XFS,
# which had selected it, and modprobe refused the module.)
fresh_ext() {
	cmp -s "$1/.config" "$2/.nvt-config" && return 0
	rm -rf "$2" && mkdir -p "$2" && cp "$1/.config" "$2/.nvt-config" ||
		die "cannot start $2 afresh"
}

build_one() {
	local flavour=$1 src out
	src=$(flavour_src "$flavour")
	out=$(flavour_out "$flavour")
	[ "${NVT_ARCH:-}" = ppc64le ] && src=$(tcg_src "$src")
	tag="$flavour${NVT_ARCH:+-$NVT_ARCH}${DEBUG:+-debug}${KDUMP:+-kdump}"
	[ -L "$out" ] && rm -f "$out"
	mkdir -p "$out"
	local log="$out/build.log"
	: > "$log"
	local t0=$SECONDS
	configure "$src" "$out" "$flavour"
	# The flavour goes into the release string through LOCALVERSION, not
	# CONFIG_LOCALVERSION: autoconf.h stays identical for stock and patched,
	# so ccache serves every file the series does not touch.
	local mk=(-C "$src" O="$out" -j"$JOBS" CC="ccache gcc" HOSTCC="ccache gcc"
		  LOCALVERSION="-nvt-$flavour${DEBUG:+-debug}${KDUMP:+-kdump}" "${cross[@]}")
	say "[$tag] building ${image##*/} and modules (log: $log)"
	if [ -n "${NVT_ARCH:-}" ]; then
		# One goal at a time: ppc64's "vmlinux modules" in one make
		# descends twice and races on the same objects.
		kmake "$log" "${mk[@]}" "${image#arch/*/boot/}"
		kmake "$log" "${mk[@]}" modules
	else
		kmake "$log" "${mk[@]}" bzImage modules
	fi
	local kver
	kver=$(cat "$out/include/config/kernel.release")

	rm -rf "$out/mods" "$out/mods-nfit"
	make "${mk[@]}" INSTALL_MOD_PATH="$out/mods" INSTALL_MOD_STRIP=1 \
		modules_install >> "$log" 2>&1 || die "modules_install failed ($log)"

	# The project's own test modules (tests/modules/*), built from a copy
	# so the checkout stays clean, installed to extra/.
	local tm="$out/test-modules"
	fresh_ext "$out" "$tm"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' --exclude='*.ko' \
		--exclude=.nvt-config \
		--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
		"$TOP/tests/modules/" "$tm/"
	local m
	for m in "$tm"/*/; do
		kmake "$log" "${mk[@]}" M="${m%/}" modules
		make "${mk[@]}" M="${m%/}" INSTALL_MOD_PATH="$out/mods" \
			INSTALL_MOD_DIR=extra INSTALL_MOD_STRIP=1 modules_install >> "$log" 2>&1 ||
			die "modules_install of ${m%/} failed ($log)"
	done

	if [ -n "${NVT_ARCH:-}" ]; then
		say "[$tag] kernel $kver ready in $((SECONDS - t0))s"
		return
	fi
	# nfit_test: the kernel builds external modules inside M=, and its Kbuild
	# reaches ../../../drivers.  Build from a mirror under $out so the
	# source tree stays clean; rsync keeps mtimes so rebuilds are incremental.
	local nm="$out/nfit-src"
	fresh_ext "$out" "$nm"
	mkdir -p "$nm/tools/testing" "$nm/drivers/acpi"
	rsync -a --delete --exclude='*.o' --exclude='.*.cmd' --exclude='*.ko' \
		--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
		"$src/tools/testing/nvdimm" "$nm/tools/testing/"
	for d in nvdimm dax acpi/nfit; do
		rsync -a --exclude='*.o' --exclude='.*.cmd' --exclude='*.mod*' \
			"$src/drivers/$d/" "$nm/drivers/$d/"
	done
	# The series' patches to nfit_test itself, those that touch nothing
	# but tools/testing/nvdimm/, go into stock's and stable's nfit_test
	# too: every flavour then runs the same test modules (real_mem=) over
	# its own kernel and drivers.
	case $flavour in stock|stable) nfit_test_patches "$nm" ;; esac
	kmake "$log" "${mk[@]}" M="$nm/tools/testing/nvdimm" modules
	cp -al "$out/mods" "$out/mods-nfit"
	make "${mk[@]}" M="$nm/tools/testing/nvdimm" INSTALL_MOD_PATH="$out/mods-nfit" \
		INSTALL_MOD_DIR=updates INSTALL_MOD_STRIP=1 modules_install >> "$log" 2>&1 ||
		die "nfit_test modules_install failed ($log)"
	# The nfit_test builds of libnvdimm & co. must win over the plain ones.
	local dep
	dep=$(modprobe -d "$out/mods-nfit" -S "$kver" --show-depends nd_pmem | tail -n 1)
	case $dep in *"/updates/"*) ;; *) die "nfit_test's nd_pmem is not preferred: $dep" ;; esac
	say "[$tag] kernel $kver ready in $((SECONDS - t0))s"
}

for f in "${flavours[@]}"; do
	if [ "$f" = patched ] && series_is_empty; then
		out=$(flavour_out patched)
		rm -rf "$out"
		if [ ! -e "$(flavour_out stock)/$image" ]; then
			build_one stock
		fi
		ln -sfn "$(flavour_out stock)" "$out"
		say "series is empty: patched is the stock kernel ($out -> stock)"
		continue
	fi
	build_one "$f"
done
