#!/bin/bash
# Memory cost of three designs of the sparsemem active sub-section map, per
# architecture and configuration, from compiled sizes:
#
#   stock   STOCK_REV: the map in struct mem_section_usage (with an
#           rcu_head), freed with kfree_rcu() on hot-remove
#   nofree  NOFREE_REV: the same, never freed, no rcu_head
#   map     MAP_REV: the map in struct mem_section, which is aligned to a
#           power of two
#
# Each configuration is tinyconfig + config/cross.config + the target's
# fragment, configured out of tree from the stock tree ($KSTOCK) and built
# as far as mm/sparse.o.  A tiny C file is then compiled (-S) with the exact
# command line of mm/sparse.o, once per design: the stock design against the
# stock tree's headers, the other two with the headers their revision
# changes (read from MEMCOST_REPO with "git show", never checked out) put in
# an overlay directory searched before the tree's own.  The sizes are read
# back from the ".size" directives of the generated assembly.
#
#   scripts/memcost.sh [TARGET...]     (default: every target)
#
# TARGET is a target name (x86_64-4l, arm64-64k, ...) with or without a
# -pey/-pen suffix.  Environment:
#   MEMCOST_REPO      git repository of the designs (default: the
#                     prepared tree, build/patched/linux)
#   STOCK_REV NOFREE_REV MAP_REV   (default base, nofree, series: the
#                     base, the base with patches/alternatives/ applied
#                     (branch "nofree", made here when missing) and the
#                     series)
#   MEMCOST_REBUILD=1 reconfigure and rebuild even when the out dir is
#                     up to date (by default a configuration whose inputs
#                     did not change is not rebuilt: only the sizes are
#                     compiled again, a few seconds in all)
#
# Writes build/memcost/table.md and prints it; ends with
# "N passed, N failed, N skipped" (passed: a configuration whose sizes
# came back for all three designs and agree, every one, with the design's
# layout worked out by tests/host/section_model.py from the target's word
# size, page size, SECTION_SIZE_BITS and options: section_layout_check in
# lib.sh).
source "$(dirname "$0")/lib.sh"

MEMCOST_REPO=${MEMCOST_REPO:-$KTREE}
STOCK_REV=${STOCK_REV:-base}
NOFREE_REV=${NOFREE_REV:-nofree}
MAP_REV=${MAP_REV:-series}
MC=$BUILD_DIR/memcost
NICE=(nice -n 15)
T_START=$SECONDS

src=$KSTOCK
[ -d "$src/include" ] || "$TOP/scripts/prepare-tree.sh"
git -C "$MEMCOST_REPO" rev-parse -q --verify HEAD >/dev/null ||
	die "no design repository at $MEMCOST_REPO (MEMCOST_REPO)"
# The never-free design in the prepared tree: branch "nofree", the base
# with patches/alternatives/*.patch, committed through a private index
# (nothing is checked out), made again on every run (with fixed dates:
# the same patches give the same commit).
if [ "$MEMCOST_REPO" = "$KTREE" ] && [ "$NOFREE_REV" = nofree ]; then
	idx=$(mktemp)
	GIT_INDEX_FILE=$idx git -C "$KTREE" read-tree base
	for p in "$TOP"/patches/alternatives/*.patch; do
		GIT_INDEX_FILE=$idx git -C "$KTREE" apply --cached "$p" ||
			die "patches/alternatives: $(basename "$p") does not apply to the base"
	done
	tree=$(GIT_INDEX_FILE=$idx git -C "$KTREE" write-tree)
	rm -f "$idx"
	commit=$(GIT_AUTHOR_DATE="1000000000 +0000" GIT_COMMITTER_DATE="1000000000 +0000" git -C "$KTREE" \
		-c user.name=subsection-harness -c user.email=harness@localhost \
		commit-tree "$tree" -p base -m "never-free design (patches/alternatives)")
	git -C "$KTREE" branch -q -f nofree "$commit"
	say "memcost: branch nofree = base + patches/alternatives ($commit)"
fi

# ---------------------------------------------------------------- targets
# name|ARCH|CROSS_COMPILE|fragment|physmem bits if run-time|
#   pageblock_order(s) if run-time "order:label ..."|label
# Every target gets CONFIG_PAGE_EXTENSION=y and =n (suffix -pey / -pen).
common="CONFIG_SPARSEMEM_VMEMMAP=y"
# The page size of PPC64 must be given: tinyconfig is made for PPC32, whose
# 4K choice olddefconfig keeps; 64K is Book3S-64's Kconfig default (and
# Debian's ppc64el).
ppc="CONFIG_PPC64=y CONFIG_CPU_LITTLE_ENDIAN=y"
# 7.3's x86-64 always builds 5-level paging and chooses
# the depth at boot: there is no X86_5LEVEL to set, the two x86-64
# targets build the same, and the 4-level one sizes the root array for
# the 46 physical address bits of 4-level paging.
x4="CONFIG_X86_5LEVEL=n" x4phys="" x5="CONFIG_X86_5LEVEL=y"
if ! grep -q '^config X86_5LEVEL$' "$KSTOCK/arch/x86/Kconfig"; then
	x4="" x4phys=46 x5=""
fi
targets=(
	"x86_64-4l|x86|x86_64-linux-gnu-|$x4|$x4phys||x86-64 4-level"
	"x86_64-5l|x86|x86_64-linux-gnu-|$x5|52 46||x86-64 5-level"
	"arm64-4k|arm64|aarch64-linux-gnu-|CONFIG_ARM64_4K_PAGES=y|52 48||arm64 4K"
	"arm64-16k|arm64|aarch64-linux-gnu-|CONFIG_ARM64_16K_PAGES=y|52 48||arm64 16K"
	"arm64-64k|arm64|aarch64-linux-gnu-|CONFIG_ARM64_64K_PAGES=y|||arm64 64K"
	"ppc64le|powerpc|powerpc64le-linux-gnu-|$ppc CONFIG_PPC_64K_PAGES=y||5:radix 8:hash|ppc64le 64K"
	"ppc64le-4k|powerpc|powerpc64le-linux-gnu-|$ppc CONFIG_PPC_4K_PAGES=y||9:radix 12:hash|ppc64le 4K (not default)"
	"s390x|s390|s390x-linux-gnu-||||s390x"
	"riscv64|riscv|riscv64-linux-gnu-|CONFIG_SPARSEMEM_MANUAL=y|||riscv64"
	"loongarch64|loongarch|loongarch64-linux-gnu-|CONFIG_SPARSEMEM_MANUAL=y|||loongarch64"
	"sparc64|sparc64|sparc64-linux-gnu-||||sparc64"
)
# Options that matter less (their absence is reported, not fatal): the
# memory-model options of config/cross.config, and HUGETLBFS, which decides
# pageblock_order the way distributions build it.
soft_extra="CONFIG_SYSFS=y CONFIG_HUGETLBFS=y"
# What the table should say about a target.
declare -A tnote=(
	[x86_64-5l]="MAX_PHYSMEM_BITS is 52 with LA57 paging and 46 without (a run-time choice), so NR_SECTION_ROOTS and the root pointer array are sized at boot"
	[arm64-4k]="6.12 defaults 4K and 16K pages to ARM64_VA_BITS_52 with LPA2, so MAX_PHYSMEM_BITS is 52 on LPA2 hardware and 48 elsewhere, chosen at boot"
	[arm64-16k]="as arm64 4K: MAX_PHYSMEM_BITS 52 or 48 at boot"
	[ppc64le]="64K pages (Book3S-64's default); pageblock_order is set at boot (HUGETLB_PAGE_SIZE_VARIABLE): the default huge page is 2M under the radix MMU (order 5) and 16M under hash (order 8)"
	[ppc64le-4k]="not the default page size, for comparison; pageblock_order at boot: order 9 (radix, 2M) or 12 (hash, 16M)"
)

want=("$@")
selected() {	# selected NAME-peX
	[ ${#want[@]} -eq 0 ] && return 0
	local w
	for w in "${want[@]}"; do
		[ "$w" = "$1" ] || [ "$w" = "${1%-pe?}" ] && return 0
	done
	return 1
}

# ------------------------------------------------------------ compilers
# Install, through scripts/deps.sh, the cross compilers Debian has; a
# target whose compiler Debian does not package is skipped.
missing=() pkgs=()
declare -A skip_reason=()
for t in "${targets[@]}"; do
	IFS='|' read -r name arch cross _ <<< "$t"
	selected "$name-pey" || selected "$name-pen" || continue
	command -v "${cross}gcc" >/dev/null && continue
	case " ${missing[*]} " in *" gcc-${cross%-} "*) ;; *) missing+=("gcc-${cross%-}") ;; esac
done
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq || true
	for pkg in "${missing[@]}"; do
		apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [^(]' && pkgs+=("$pkg")
	done
fi
[ ${#pkgs[@]} -eq 0 ] || "$TOP/scripts/deps.sh" "${pkgs[@]}"
for t in "${targets[@]}"; do
	IFS='|' read -r name arch cross _ <<< "$t"
	command -v "${cross}gcc" >/dev/null ||
		skip_reason[$name]="no ${cross}gcc: Debian $(cut -d. -f1 /etc/debian_version 2>/dev/null) has no package gcc-${cross%-} (apt-cache policy: no candidate)"
done

# --------------------------------------------------------------- designs
designs=(stock nofree map)
declare -A rev=() sha=() ovl=()
rev[stock]=$STOCK_REV rev[nofree]=$NOFREE_REV rev[map]=$MAP_REV
for d in "${designs[@]}"; do
	sha[$d]=$(git -C "$MEMCOST_REPO" rev-parse --verify -q "${rev[$d]}^{commit}") ||
		die "design $d: no revision ${rev[$d]} in $MEMCOST_REPO"
done
stock_head=$(git -C "$src" rev-parse HEAD)
[ "$stock_head" = "${sha[stock]}" ] ||
	warn "the stock tree $src is at $stock_head, not ${sha[stock]} ($STOCK_REV)"

# The overlay of a design: every header under include/ and
# arch/*/include/ that differs from the stock revision, as the design has
# it.  The stock tree's copy of each such header must be the stock
# revision's, or the comparison would not be of the designs alone.
rm -rf "$MC/overlay"
for d in nofree map; do
	o=$MC/overlay/$d-${sha[$d]:0:12}
	ovl[$d]=$o
	mkdir -p "$o"
	while read -r st path; do
		case $st in
		D) warn "design $d deletes $path: an overlay cannot, the stock copy is used" ;;
		*) mkdir -p "$o/$(dirname "$path")"
		   git -C "$MEMCOST_REPO" show "${sha[$d]}:$path" > "$o/$path" ;;
		esac
		if git -C "$MEMCOST_REPO" cat-file -e "${sha[stock]}:$path" 2>/dev/null; then
			git -C "$MEMCOST_REPO" show "${sha[stock]}:$path" | cmp -s - "$src/$path" ||
				die "$src/$path differs from $STOCK_REV:$path"
		fi
	done < <(git -C "$MEMCOST_REPO" diff --no-renames --name-status "${sha[stock]}" "${sha[$d]}" -- \
		include 'arch/*/include')
	[ -f "$o/include/linux/mmzone.h" ] ||
		warn "design $d (${rev[$d]}) does not change include/linux/mmzone.h"
done
ovl[stock]=

# ----------------------------------------------------------------- sizes
# The quantities, as "name expression".  Those of the first list must
# compile; the others may be run-time values (the compile then fails and
# the quantity is reported as "runtime").
required=(
	"mem_section sizeof(struct mem_section)"
	"usage sizeof(struct mem_section_usage)"
	"subsections SUBSECTIONS_PER_SECTION"
	"section_size_bits SECTION_SIZE_BITS"
	"pfn_section_shift PFN_SECTION_SHIFT"
	"page_size PAGE_SIZE"
	"sections_per_root SECTIONS_PER_ROOT"
	"nr_pageblock_bits NR_PAGEBLOCK_BITS"
	"max_page_order MAX_PAGE_ORDER"
	"kmalloc_min KMALLOC_MIN_SIZE"
	"long sizeof(long)"
	"ptr sizeof(void *)"
)
optional=(
	"nr_section_roots NR_SECTION_ROOTS"
	"blockflags_bytes BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long)"
	"pageblock_order pageblock_order"
	"max_physmem_bits MAX_PHYSMEM_BITS"
	"dma_minalign ARCH_DMA_MINALIGN"
	"mem_section_words MEM_SECTION_WORDS"
)

# cfile FILE all|"" "name expr"...: a C file with one char array per
# quantity; with "all", after the #include lines of mm/sparse.c, so that
# every macro is defined as it is there (arm64's HUGETLB_PAGE_ORDER, which
# pageblock_order uses, is not reached from linux/mmzone.h).
cfile() {
	local f=$1 all=$2 q
	shift 2
	{
		[ -z "$all" ] || grep '^#include' "$src/mm/sparse.c"
		echo '#include <linux/mmzone.h>'
		echo '#include <linux/slab.h>'
		for q in "$@"; do
			echo "char nvt_${q%% *}[${q#* }];"
		done
	} > "$f"
}

# compile OUT DESIGN BASE: compile OUT/memcost/BASE.c for DESIGN with the
# command line of OUT's mm/sparse.o; print "name=value" lines.  The
# dependency file must show that the design's headers were the ones read.
compile() {
	local out=$1 d=$2 base=$3 cmd o dir f dep
	dep=memcost/$base.d
	cmd=$(sparse_o_cmd "$out" "memcost/$base.c" "memcost/$base.s" \
		"-Wp,-MMD,$dep" -S) || return 1
	cmd=${cmd#ccache }
	o=${ovl[$d]}
	if [ -n "$o" ]; then
		# Put each overlay include directory before the tree's own.
		for dir in include include/uapi $(cd "$o" && ls -d arch/*/include arch/*/include/uapi 2>/dev/null); do
			[ -d "$o/$dir" ] || continue
			cmd=${cmd//" -I$src/$dir "/" -I$o/$dir -I$src/$dir "}
		done
		for f in $(cd "$o" && find include arch -type f 2>/dev/null); do
			cmd=${cmd//" -include $src/$f "/" -include $o/$f "}
		done
	fi
	rm -f "$out/$dep" "$out/memcost/$base.s"
	(cd "$out" && eval "${NICE[*]} $cmd") 2> "$out/memcost/$base.err" || return 1
	if [ -n "$o" ]; then
		for f in $(cd "$o" && find include arch -type f 2>/dev/null); do
			if grep -qF "$src/$f" "$out/$dep"; then
				echo "overlay not used: $src/$f was read for design $d" >&2
				return 2
			fi
		done
		if [ -f "$o/include/linux/mmzone.h" ] &&
		   ! grep -qF "$o/include/linux/mmzone.h" "$out/$dep"; then
			echo "overlay not used: $o/include/linux/mmzone.h was not read" >&2
			return 2
		fi
	else
		grep -qF "$src/include/linux/mmzone.h" "$out/$dep" || {
			echo "stock compile did not read $src/include/linux/mmzone.h" >&2
			return 2
		}
	fi
	awk '$1 == ".size" && $2 ~ /^nvt_/ {
		n = $2; sub(/^nvt_/, "", n); sub(/,$/, "", n); print n "=" $3 }' \
		"$out/memcost/$base.s"
}

# sizes OUT DESIGN: all quantities for DESIGN into the array V (V[name]);
# an optional quantity that does not compile is left out.
declare -A V
sizes() {
	local out=$1 d=$2 q kv kv2 k v rc=0
	V=()
	mkdir -p "$out/memcost"
	cfile "$out/memcost/$d-req.c" "" "${required[@]}"
	kv=$(compile "$out" "$d" "$d-req") || return $?
	# The optional ones: drop each quantity the compiler refuses (a
	# run-time value: "variably modified at file scope"; or a macro
	# that does not exist, like MEM_SECTION_WORDS outside "map") and
	# compile the rest again.
	cfile "$out/memcost/$d-opt.c" all "${optional[@]}"
	for q in 1 2 3 4 5 6 7; do
		rc=0
		kv2=$(compile "$out" "$d" "$d-opt" 2>/dev/null) || rc=$?
		[ $rc -ne 2 ] || return 2
		[ $rc -ne 0 ] || { kv+=$'\n'$kv2; break; }
		grep -oE "^memcost/$d-opt\.c:[0-9]+:[0-9]+: (error|note)" \
			"$out/memcost/$d-opt.err" | cut -d: -f2 | sort -un |
			sed 's#.*#&{/^char nvt_/d}#' > "$out/memcost/$d-opt.sed" || true
		[ -s "$out/memcost/$d-opt.sed" ] || break
		sed -i -f "$out/memcost/$d-opt.sed" "$out/memcost/$d-opt.c"
	done
	while IFS='=' read -r k v; do
		[ -n "$k" ] && V[$k]=$v
	done <<< "$kv"
	for q in "${required[@]}"; do
		[ -n "${V[${q%% *}]:-}" ] || return 1
	done
}

# ------------------------------------------------------------ arithmetic
# kmalloc_round N MIN: the kmalloc size class of an N-byte allocation:
# powers of two from KMALLOC_MIN_SIZE, plus 96 (if MIN <= 32) and 192 (if
# MIN <= 64); past 8 KiB (kmalloc's largest slab on 4K pages: it grows
# with PAGE_SIZE, and is never reached here) the page allocator's power of
# two.
kmalloc_round() {
	local n=$1 min=$2 c=$2
	[ "$n" -gt "$c" ] || { echo "$c"; return; }
	while :; do
		if [ "$min" -le 32 ] && [ "$c" -eq 64 ] && [ "$n" -le 96 ]; then echo 96; return; fi
		if [ "$min" -le 64 ] && [ "$c" -eq 128 ] && [ "$n" -le 192 ]; then echo 192; return; fi
		c=$((c * 2))
		[ "$n" -le "$c" ] && { echo "$c"; return; }
	done
}

# human BYTES: exact binary units where they divide, else one decimal.
human() {
	awk -v b="$1" 'BEGIN {
		split("B KiB MiB GiB TiB", u, " "); i = 1
		while (b >= 1024 && i < 5) { b /= 1024; i++ }
		if (b == int(b)) printf "%d %s", b, u[i]; else printf "%.1f %s", b, u[i] }'
}
ppm() { awk -v b="$1" 'BEGIN { printf "%.3f", b / 1099511627776 * 1e6 }'; }
ceil_div() { echo $(( ($1 + $2 - 1) / $2 )); }

# ---------------------------------------------------------------- build
configure_and_build() {	# configure_and_build OUT ARCH CROSS FRAG... ; log in OUT/build.log
	local out=$1 arch=$2 cross=$3 frag=$4 stamp log mk
	mk=(-C "$src" O="$out" ARCH="$arch" CROSS_COMPILE="$cross" -j1
	    CC="ccache ${cross}gcc" HOSTCC="ccache gcc" LOCALVERSION=)
	stamp=$( { echo "$stock_head"; cat "$TOP/config/cross.config" "$frag";
		   "${cross}gcc" --version | head -n 1; echo "${mk[*]}"; } | sha256sum | cut -c1-16)
	log=$out/build.log
	if [ "${MEMCOST_REBUILD:-0}" != 1 ] && [ -f "$out/mm/.sparse.o.cmd" ] &&
	   [ "$(cat "$out/.memcost-stamp" 2>/dev/null)" = "$stamp" ]; then
		echo reused
		return 0
	fi
	rm -f "$out/.memcost-stamp"
	{
		"${NICE[@]}" make "${mk[@]}" tinyconfig &&
		"${NICE[@]}" "$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
			"$TOP/config/cross.config" "$frag" &&
		"${NICE[@]}" make "${mk[@]}" olddefconfig &&
		"${NICE[@]}" make "${mk[@]}" mm/sparse.o
	} > "$log" 2>&1 || return 1
	echo "$stamp" > "$out/.memcost-stamp"
	echo built
}

# ----------------------------------------------------------------- main
mkdir -p "$MC"
results=$MC/results.tsv		# one line per configuration and design
notes=$MC/notes.txt
: > "$results"
: > "$notes"
pass=0 fail=0 skip=0
# note LABEL TEXT: a line of the table's notes (once).
note() {
	grep -qxF -- "- **$1**: $2" "$notes" && return 0
	echo "- **$1**: $2" >> "$notes"
	say "[$1] $2"
}

for t in "${targets[@]}"; do
	IFS='|' read -r name arch cross frag rt_phys rt_pbo label <<< "$t"
	for pe in y n; do
		cfg=$name-pe$pe
		selected "$cfg" || continue
		lbl="$label, PAGE_EXT=$pe"
		if [ -n "${skip_reason[$name]:-}" ]; then
			note "$lbl" "skipped: ${skip_reason[$name]}"
			skip=$((skip + 1))
			continue
		fi
		out=$MC/$cfg
		mkdir -p "$out"
		strict=$out/.memcost-strict.config
		tr ' ' '\n' <<< "$common $frag CONFIG_PAGE_EXTENSION=$pe" | grep . > "$strict"
		fragf=$out/.memcost-extra.config
		{ cat "$strict"; tr ' ' '\n' <<< "$soft_extra"; } > "$fragf"
		t0=$SECONDS
		if ! how=$(configure_and_build "$out" "$arch" "$cross" "$fragf"); then
			grep -E 'error|Error' "$out/build.log" | head -n 20 >&2 || true
			note "$lbl" "FAILED to configure or build mm/sparse.o (see $out/build.log)"
			fail=$((fail + 1))
			continue
		fi
		ok=1
		grep -qx CONFIG_SPARSEMEM=y "$out/.config" || { note "$lbl" "FAILED: CONFIG_SPARSEMEM is not set"; ok=0; }
		if ! msg=$(verify_config "$out/.config" "$strict" 2>&1); then
			note "$lbl" "FAILED: configuration: ${msg//$'\n'/ }"
			ok=0
		fi
		if ! msg=$(verify_config "$out/.config" "$TOP/config/cross.config" <(tr ' ' '\n' <<< "$soft_extra") 2>&1); then
			note "$label" "not as config/cross.config and CONFIG_HUGETLBFS=y ask: $(paste -sd' ' <<< "${msg//config: /}")"
		fi
		extreme=$(grep -q '^CONFIG_SPARSEMEM_EXTREME=y' "$out/.config" && echo y || echo n)
		pagecfg=$(grep -oE '^CONFIG_(PPC|ARM64)_[0-9]+K_PAGES=y|^CONFIG_PAGE_SIZE_[0-9]+KB=y' "$out/.config" |
			sed 's/=y//' | paste -sd, -) || true
		say "[$cfg] mm/sparse.o $how ($((SECONDS - t0))s); SPARSEMEM_EXTREME=$extreme ${pagecfg}"
		[ $ok = 1 ] || { fail=$((fail + 1)); continue; }

		for d in "${designs[@]}"; do
			rc=0
			sizes "$out" "$d" || rc=$?
			if [ $rc -ne 0 ]; then
				head -n 20 "$out/memcost/$d-req.err" >&2 2>/dev/null || true
				note "$lbl" "FAILED: no sizes for design $d (see $out/memcost/$d-req.err)"
				ok=0
				break
			fi
			# What is not a run-time value here must have compiled.
			req=""
			[ -n "$rt_phys" ] || req+=",nr_section_roots,max_physmem_bits"
			[ -n "$rt_pbo" ] || req+=",blockflags_bytes,pageblock_order"
			kv=("require=${req#,}")
			for k in "${!V[@]}"; do kv+=("$k=${V[$k]}"); done
			if ! msg=$(section_layout_check "$name" "$out" "$d" "${kv[@]}"); then
				note "$lbl" "FAILED: the compiled sizes are not design $d's layout: ${msg//$'\n'/; }"
				ok=0
				break
			fi
			line="cfg=$cfg label=${lbl// /\~} design=$d extreme=$extreme rt_phys=${rt_phys// /,} rt_pbo=${rt_pbo// /,} pagecfg=$pagecfg"
			for k in "${!V[@]}"; do line+=" $k=${V[$k]}"; done
			echo "$line" >> "$results"
			say "[$cfg] $d: mem_section=${V[mem_section]} usage=${V[usage]} subsections=${V[subsections]} sections_per_root=${V[sections_per_root]} nr_section_roots=${V[nr_section_roots]:-runtime} blockflags=${V[blockflags_bytes]:-runtime}"
		done
		if [ $ok = 1 ]; then
			pass=$((pass + 1))
		else
			sed -i "/^cfg=$cfg /d" "$results"
			fail=$((fail + 1))
		fi
	done
done

# ---------------------------------------------------------------- table
# get CFG DESIGN KEY: a value from results.tsv ("" when absent).
get() {
	awk -v c="cfg=$1" -v d="design=$2" -v k="$3=" '$1 == c && $3 == d {
		for (i = 2; i <= NF; i++)
			if (index($i, k) == 1) { print substr($i, length(k) + 1); exit }
	}' "$results"
}

table=$MC/table.md
{
echo "# Memory cost of the active sub-section map"
echo
echo "Compiled sizes, Debian $BASE_VERSION (stock tree at ${stock_head:0:12}), tinyconfig +"
echo "config/cross.config + CONFIG_SPARSEMEM_VMEMMAP=y, CONFIG_HUGETLBFS=y and the"
echo "target's options; SPARSEMEM_EXTREME as the architecture defaults."
echo
echo "| design | revision | sha | headers overlaid on the stock tree |"
echo "| --- | --- | --- | --- |"
for d in "${designs[@]}"; do
	o=${ovl[$d]}
	echo "| $d | ${rev[$d]} | ${sha[$d]:0:12} | $([ -z "$o" ] && echo "none (the stock tree)" ||
		(cd "$o" && find include arch -type f 2>/dev/null | sort | paste -sd' ')) |"
done
echo
echo "Every design's compile was checked through its dependency output: it read"
echo "the overlay's copy of each overlaid header and never the stock tree's."
echo "Every configuration in the table had each design's sizes checked against"
echo "that design's layout (tests/host/section_model.py): the structures' sizes,"
echo "SUBSECTIONS_PER_SECTION, SECTIONS_PER_ROOT, and where they compile"
echo "NR_SECTION_ROOTS and the pageblock flags; a configuration that differed"
echo "is not in the table and failed the run (see the notes)."
echo
echo "Cells with three values are stock / nofree / map."
echo
echo "## Compiled sizes"
echo
echo "| configuration | PAGE_SIZE | SECTION_SIZE_BITS | SUBSECTIONS_PER_SECTION | pageblock flags B/section | sizeof(mem_section) | sizeof(mem_section_usage) | SECTIONS_PER_ROOT | NR_SECTION_ROOTS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$table"
derived=$MC/derived.md
{
echo
echo "## Derived cost"
echo
echo "| configuration | root pointer array (boot) | usage block: size → kmalloc class | per TiB, hot-added | ppm of memory, hot-added | per TiB, boot memory |"
echo "| --- | --- | --- | --- | --- | --- |"
} > "$derived"

tib=1099511627776
for cfg in $(awk '{ sub(/^cfg=/, "", $1); print $1 }' "$results" | uniq); do
	lbl=$(get "$cfg" stock label); lbl=${lbl//\~/ }
	ps=$(get "$cfg" stock page_size); ssb=$(get "$cfg" stock section_size_bits)
	pss=$(get "$cfg" stock pfn_section_shift); pbb=$(get "$cfg" stock nr_pageblock_bits)
	lng=$(get "$cfg" stock long); ptr=$(get "$cfg" stock ptr)
	kmin=$(get "$cfg" stock kmalloc_min); dmam=$(get "$cfg" stock dma_minalign)
	extreme=$(get "$cfg" stock extreme)
	rt_phys=$(get "$cfg" stock rt_phys); rt_pbo=$(get "$cfg" stock rt_pbo)
	# pageblock flags per section
	bf=$(get "$cfg" stock blockflags_bytes)
	if [ -n "$bf" ]; then
		bfcell="$bf (order $(get "$cfg" stock pageblock_order))"
	else
		bfcell="runtime:"
		bf=
		for ol in ${rt_pbo//,/ }; do
			o=${ol%%:*}
			b=$(( ( ((1 << (pss - o)) * pbb) + lng * 8 - 1) / (lng * 8) * lng ))
			[ -n "$bf" ] || bf=$b
			bfcell+=" $b (${ol#*:}, order $o)"
		done
		if [ -z "$bf" ]; then
			bfcell="runtime (no default known)"
			bf=0
			note "$lbl" "pageblock_order is a run-time value and the script knows no default: pageblock flags counted as 0"
		fi
	fi
	ms=() us=() spr=() roots=() rootarr=() blk=() hot=() hotppm=() boot=()
	for d in "${designs[@]}"; do
		m=$(get "$cfg" "$d" mem_section); u=$(get "$cfg" "$d" usage)
		s=$(get "$cfg" "$d" sections_per_root); r=$(get "$cfg" "$d" nr_section_roots)
		ms+=("$m"); us+=("$u"); spr+=("$s")
		if [ -n "$r" ]; then
			roots+=("$r")
			if [ "$extreme" = y ]; then rootarr+=("$(human $((r * ptr)))")
			else rootarr+=("none (static, $(human $((r * s * m))) in .bss)"); fi
		else
			# run time: the largest MAX_PHYSMEM_BITS, the others in
			# parentheses
			rc="" ra=""
			for pb in ${rt_phys//,/ }; do
				rr=$(ceil_div $((1 << (pb - ssb))) "$s")
				if [ -z "$rc" ]; then
					rc="$rr @${pb}b" ra="$(human $((rr * ptr))) @${pb}b"
				else
					rc+=" ($rr @${pb}b)" ra+=" ($(human $((rr * ptr))) @${pb}b)"
				fi
			done
			[ -n "$ra" ] || { rc="runtime"; ra="runtime"; }
			roots+=("$rc"); rootarr+=("$ra")
		fi
		raw=$((u + bf))
		k=$(kmalloc_round "$raw" "$kmin")
		blk+=("$raw → $k")
		nsec=$((tib >> ssb))
		rootbytes=0
		[ "$extreme" = y ] && rootbytes=$(( $(ceil_div "$nsec" "$s") * s * m ))
		[ "$extreme" = y ] || rootbytes=$((nsec * m))
		h=$((rootbytes + nsec * k)); b=$((rootbytes + nsec * raw))
		hot+=("$(human $h)"); hotppm+=("$(ppm $h)"); boot+=("$(human $b)")
	done
	j() { local r=$1; shift; for c in "$@"; do r+=" / $c"; done; echo "$r"; }
	echo "| $lbl | $ps | $ssb | $(get "$cfg" stock subsections) | $bfcell | $(j "${ms[@]}") | $(j "${us[@]}") | $(j "${spr[@]}") | $(j "${roots[@]}") |" >> "$table"
	echo "| $lbl | $(j "${rootarr[@]}") | $(j "${blk[@]}") | $(j "${hot[@]}") | $(j "${hotppm[@]}") | $(j "${boot[@]}") |" >> "$derived"
	[ -z "${tnote[${cfg%-pe?}]:-}" ] || note "${lbl%, PAGE_EXT=?}" "${tnote[${cfg%-pe?}]}"
	if [ -n "$dmam" ] && [ "$dmam" -gt "$kmin" ]; then
		note "${lbl%, PAGE_EXT=?}" "KMALLOC_MIN_SIZE is $kmin but ARCH_DMA_MINALIGN is $dmam: where no swiotlb buffer is allocated, kmalloc()'s minimum alignment is the CPU's cache line (up to $dmam) at run time, and the hot-added usage block takes that class"
	fi
	[ "$kmin" = 8 ] || note "${lbl%, PAGE_EXT=?}" "KMALLOC_MIN_SIZE is $kmin"
done
cat "$derived" >> "$table"
{
echo
echo "Columns:"
echo
echo "- *pageblock flags*: BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(long), the"
echo "  usemap that follows struct mem_section_usage in the same allocation; \"runtime\""
echo "  where pageblock_order is a variable, computed for the boot-time default"
echo "  (the first one listed is used in the derived columns)."
echo "- *NR_SECTION_ROOTS*: where MAX_PHYSMEM_BITS is a run-time value (x86-64"
echo "  5-level: 52 bits with LA57 paging, 46 without; arm64 4K/16K with LPA2: 52"
echo "  or 48), computed for each: \"N @52b (M @46b)\"."
echo "- *root pointer array*: NR_SECTION_ROOTS * sizeof(void *), allocated by"
echo "  memblock at boot under SPARSEMEM_EXTREME whatever memory there is."
echo "- *usage block*: sizeof(struct mem_section_usage) + pageblock flags"
echo "  (mem_section_usage_size()) → the kmalloc size class a hot-added section's"
echo "  kzalloc() takes: the smallest of KMALLOC_MIN_SIZE (compiled: 8 unless a"
echo "  note says otherwise), 16, 32, 64, 96, 128, 192, 256, 512, ... that holds"
echo "  it (96 and 192 only where KMALLOC_MIN_SIZE is at most 32 and 64)."
echo "  Boot memory's blocks are carved from one memblock allocation per node"
echo "  with no rounding."
echo "- *per TiB*: the metadata for 1 TiB of populated, root-aligned memory:"
echo "  ceil(sections / SECTIONS_PER_ROOT) roots of SECTIONS_PER_ROOT *"
echo "  sizeof(struct mem_section) (= PAGE_SIZE) bytes each, plus one usage"
echo "  block per section (kmalloc class when hot-added, exact at boot).  Not"
echo "  counted: the memmap (struct page) itself, the same in all three designs,"
echo "  and the root pointer array (a fixed cost, previous column).  nofree keeps"
echo "  the usage block of a section that was ever populated after it is removed."
echo "- *ppm*: per TiB / 2^40, in parts per million."
if [ -s "$notes" ]; then
	echo
	echo "Notes:"
	echo
	cat "$notes"
fi
echo
echo "Run time: $((SECONDS - T_START)) s."
} >> "$table"
rm -f "$derived"

echo
cat "$table"
echo
echo "(written to $table)"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
