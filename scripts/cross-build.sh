#!/bin/bash
# Compile mm/ (and the memory-model users in drivers/base and kernel/) for
# arm64 with 4K and 64K pages and for ppc64le, where SUBSECTIONS_PER_SECTION
# is not 64, with Debian's cross compilers.
#
#   scripts/cross-build.sh [stock|patched]      (default: patched)
source "$(dirname "$0")/lib.sh"

flavour=${1:-patched}
src=$(flavour_src "$flavour")
[ -d "$src" ] || "$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/deps.sh" gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu

# name ARCH CROSS_COMPILE extra-config-line
targets=(
	"arm64-4k arm64 aarch64-linux-gnu- CONFIG_ARM64_4K_PAGES=y"
	"arm64-64k arm64 aarch64-linux-gnu- CONFIG_ARM64_64K_PAGES=y"
	"ppc64le powerpc powerpc64le-linux-gnu- CONFIG_PPC64=y"
)
fail=0
for t in "${targets[@]}"; do
	read -r name arch cross extra <<< "$t"
	out=$BUILD_DIR/$flavour/cross-$name
	mkdir -p "$out"
	frag=$out/.nvt-extra.config
	echo "$extra" > "$frag"
	mk=(-C "$src" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" -j"$JOBS"
	    CC="ccache ${cross}gcc" LOCALVERSION=)
	log=$out/build.log
	t0=$SECONDS
	{
		make "${mk[@]}" tinyconfig &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/config/cross.config" "$frag" &&
		make "${mk[@]}" olddefconfig
	} > "$log" 2>&1 || { say "[$name] configuration failed ($log)"; fail=1; continue; }
	verify_config "$out/.config" "$TOP/config/cross.config" "$frag" ||
		{ say "[$name] config does not match config/cross.config"; fail=1; }
	if make "${mk[@]}" mm/ drivers/base/ kernel/ >> "$log" 2>&1; then
		sub=$(grep -c '^  CC' "$log" || true)
		say "[$name] mm/ drivers/base/ kernel/ built ($sub objects, $((SECONDS - t0))s)"
	else
		grep -E 'error|Error' "$log" | head -n 20 >&2
		say "[$name] FAILED ($log)"
		fail=1
	fi
done
[ $fail -eq 0 ]
