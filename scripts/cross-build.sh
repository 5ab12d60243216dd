#!/bin/bash
# Compile mm/ (and the memory-model users in drivers/base and kernel/) for
# arm64 with 4K and 64K pages and for ppc64le, where SUBSECTIONS_PER_SECTION
# is not 64, with Debian's cross compilers; and for 32-bit x86 without
# SPARSEMEM_VMEMMAP (classic sparse, no sub-section map, no hotplug).  Each target
# prints the memory model's sizes as its compiler sees them.
#
#   scripts/cross-build.sh [stock|patched]      (default: patched)
#
# A target passes when it builds and its sizes (and, for patched, the
# stock tree's with the same configuration) agree with the design's layout
# as tests/host/section_model.py works it out from the target's facts.
source "$(dirname "$0")/lib.sh"

flavour=${1:-patched}
src=$(flavour_src "$flavour")
[ -d "$src" ] || "$TOP/scripts/prepare-tree.sh"
"$TOP/scripts/deps.sh" gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu

# name ARCH CROSS_COMPILE config-lines... (over config/cross.config)
vmemmap="CONFIG_SPARSEMEM_VMEMMAP=y CONFIG_ZONE_DEVICE=y"
targets=(
	"arm64-4k arm64 aarch64-linux-gnu- CONFIG_ARM64_4K_PAGES=y $vmemmap CONFIG_PAGE_EXTENSION=y"
	"arm64-64k arm64 aarch64-linux-gnu- CONFIG_ARM64_64K_PAGES=y $vmemmap CONFIG_PAGE_EXTENSION=n"
	# tinyconfig is PPC32's: without these lines the target was
	# big-endian with 4K pages (until 2026-12-07).  64K pages are
	# Book3S-64's default and Debian's ppc64el choice.
	"ppc64le powerpc powerpc64le-linux-gnu- CONFIG_PPC64=y CONFIG_CPU_LITTLE_ENDIAN=y CONFIG_PPC_64K_PAGES=y $vmemmap CONFIG_PAGE_EXTENSION=y"
	# 7.3's x86-64 always has SPARSEMEM_VMEMMAP and MEMORY_HOTPLUG needs
	# it: classic sparse is 32-bit x86 (SPARSEMEM_STATIC), without hotplug.
	"i386-classic x86 x86_64-linux-gnu- CONFIG_64BIT=n CONFIG_SPARSEMEM_MANUAL=y CONFIG_SPARSEMEM_VMEMMAP=n CONFIG_MEMORY_HOTPLUG=n CONFIG_MEMORY_HOTREMOVE=n CONFIG_TRANSPARENT_HUGEPAGE=n CONFIG_MIGRATION=n CONFIG_PAGE_EXTENSION=n"
)

# sizes OUT [TREE]: sizeof(struct mem_section) and friends, compiled with
# the flags of mm/sparse.o in OUT, against the headers of TREE (default:
# the tree OUT was built from; the stock tree gives the "before" sizes for
# the same configuration).
sizes() {
	local out=$1 tree=${2:-} cmd
	cat > "$out/nvt-sizes.c" <<'C'
#include <linux/mmzone.h>
char nvt_mem_section[sizeof(struct mem_section)];
char nvt_usage[sizeof(struct mem_section_usage)];
char nvt_subsections[SUBSECTIONS_PER_SECTION];
char nvt_sections_per_root[SECTIONS_PER_ROOT];
char nvt_page_size[PAGE_SIZE];
char nvt_section_size_bits[SECTION_SIZE_BITS];
char nvt_long[sizeof(long)];
char nvt_ptr[sizeof(void *)];
#ifdef MEM_SECTION_WORDS
char nvt_mem_section_words[MEM_SECTION_WORDS];
#endif
C
	cmd=$(sparse_o_cmd "$out" nvt-sizes.c nvt-sizes.s -S) || return 1
	[ -z "$tree" ] || cmd=${cmd//$src\//$tree\/}
	(cd "$out" && eval "$cmd") || return 1
	sed -n 's/^\s*\.size\s*nvt_\([a-z_]*\), \([0-9]*\)/\1=\2/p' "$out/nvt-sizes.s" | tr '\n' ' '
}
# checked NAME OUT DESIGN "KEY=VALUE...": the sizes against DESIGN's layout
# (lib.sh's section_layout_check).
checked() {
	local name=$1 out=$2 d=$3 kv=$4 msg
	# shellcheck disable=SC2086 # KEY=VALUE words
	msg=$(section_layout_check "$name" "$out" "$d" $kv) && return 0
	say "[$name] FAILED: the $d sizes are not the $d layout: ${msg//$'\n'/; }"
	return 1
}
# The layout each tree has: the series moves the map into struct
# mem_section; the stable fixes leave the layout as stock's.
case $flavour in
patched) design=map ;;
stock|stable) design=stock ;;
*) die "make cross: no layout known for flavour $flavour" ;;
esac
fail=0 npass=0 nfail=0
for t in "${targets[@]}"; do
	read -r name arch cross extra <<< "$t"
	out=$BUILD_DIR/$flavour/cross-$name
	mkdir -p "$out"
	frag=$out/.nvt-extra.config
	tr ' ' '\n' <<< "$extra" > "$frag"
	mk=(-C "$src" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" -j"$JOBS"
	    CC="ccache ${cross}gcc" LOCALVERSION=)
	log=$out/build.log
	t0=$SECONDS
	{
		make "${mk[@]}" tinyconfig &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/config/cross.config" "$frag" &&
		make "${mk[@]}" olddefconfig
	} > "$log" 2>&1 || { say "[$name] configuration failed ($log)"; fail=1 nfail=$((nfail + 1)); continue; }
	verify_config "$out/.config" "$TOP/config/cross.config" "$frag" ||
		{ say "[$name] FAILED: config does not match config/cross.config"; fail=1 nfail=$((nfail + 1)); continue; }
	if make "${mk[@]}" mm/ drivers/base/ kernel/ >> "$log" 2>&1; then
		sub=$(grep -c '^  CC' "$log" || true)
		say "[$name] mm/ drivers/base/ kernel/ built ($sub objects, $((SECONDS - t0))s)"
		ok=1
		kv=$(sizes "$out") || kv=
		say "[$name] sizes ($flavour): ${kv:-none compiled}"
		checked "$name" "$out" "$design" "$kv" || ok=0
		if [ "$flavour" != stock ]; then
			kv=$(sizes "$out" "$KSTOCK") || kv=
			say "[$name] sizes (stock, same config): ${kv:-none compiled}"
			checked "$name" "$out" stock "$kv" || ok=0
		fi
		if [ $ok = 1 ]; then
			npass=$((npass + 1))
		else
			fail=1 nfail=$((nfail + 1))
		fi
	else
		grep -E 'error|Error' "$log" | head -n 20 >&2 || true
		say "[$name] FAILED ($log)"
		fail=1 nfail=$((nfail + 1))
	fi
done
echo "$npass passed, $nfail failed"
[ $fail -eq 0 ]
