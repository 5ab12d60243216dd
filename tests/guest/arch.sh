# shellcheck shell=bash
# The make check-arch scenarios (topology TA), sourced after lib.sh.
# Sizes follow the running kernel's memory section (SEC bytes: 128 MiB on
# arm64-4k, 512 MiB on arm64-64k, 16 MiB on ppc64le) and page size (PG),
# so that each case still puts two things in one section; regions are
# found by what they are, not by where QEMU put them.
source "$(dirname "${BASH_SOURCE[0]}")/nd.sh"
MIB=$((1 << 20))
PG=$(getconf PAGESIZE)
PFNWALK_DIR=/sys/kernel/debug/pfnwalk
PFNWALK_INFO=$PFNWALK_DIR/info
[ -r $PFNWALK_INFO ] || abort "pfnwalk is not loaded"
SEC=$(( 1 << $(sed -n 's/^section_size_bits=//p' $PFNWALK_INFO) ))
SUBS=$(sed -n 's/^subsections_per_section=//p' $PFNWALK_INFO)
# nd-infoblock's geometry for legacy.sh (A3)
NDIB_GEOM="--page-size $PG --section $SEC"
# VSPAN: the memory whose struct pages fill one base page of vmemmap:
# 256 KiB with 4 KiB pages, 64 MiB with 64 KiB pages.  The A scenarios
# and their kernel configs want 64-byte struct pages
# (config/arch-ppc64le.config).
SPAGE=$(sed -n 's/^sizeof_page=//p' $PFNWALK_INFO)
[ "$SPAGE" = 64 ] || abort "struct page has ${SPAGE:-an unknown size of} bytes, the A scenarios want 64"
VSPAN=$((PG / SPAGE * PG))
# ndctl 76 refuses fsdax and devdax namespaces under 16 MiB.
NS_MIN=$((16 * MIB))
# A_HALF: the shortest fsdax/devdax size that ends inside a section: half
# a section, or one and a half where half is under NS_MIN (ppc64le).
A_HALF=$((SEC / 2))
(( A_HALF >= NS_MIN )) || A_HALF=$((SEC * 3 / 2))

# a_regions: "BASE SIZE REGION AVAILABLE" of each region, by base (no
# AVAILABLE where the region has no available_size: riscv64's label-less
# device-tree regions).
a_regions() {
	local r a
	for r in "$B"/devices/region*; do
		a=
		[ -e "$r/available_size" ] && a=$(< "$r/available_size")
		echo "$(( $(< "$r/resource") )) $(< "$r/size") ${r##*/}${a:+ $a}"
	done | sort -n
}
# big_region: the largest labelled region (available == size while empty).
big_region() { a_regions | awk '$2 == $4' | sort -k2,2n | tail -n 1 | cut -d' ' -f3; }
# own_big_region: R is big_region, owned by the scenario (own_region).
# Where there are regions and none has labels at all (riscv64's
# device-tree regions), no namespace can be sized: the scenario SKIPs
# (with no region at all it fails).
own_big_region() {
	R=$(big_region)
	if [ -z "$R" ]; then
		ls -d "$B"/devices/region* > /dev/null 2>&1 &&
			! ls "$B"/devices/region*/available_size > /dev/null 2>&1 &&
			skip "every region is label-less here: no namespace can be sized"
		abort "no empty labelled region"
	fi
	own_region "$R"
}
# shared_pair [labelless]: two regions whose bases lie in one section:
# empty labelled ones (available == size), or with "labelless" label-less
# ones (available 0, or none to read: riscv64's device-tree regions).
shared_pair() {
	if [ "${1:-}" = labelless ]; then
		a_regions | pair_in_a_section '(NF < 4 || $4 == 0)'
	else
		a_regions | pair_in_a_section '$2 == $4'
	fi
}
# pair_in_a_section AWK-CONDITION: of the a_regions lines on stdin that
# match it, the first two whose bases lie in one section.
pair_in_a_section() {
	awk -v sec=$SEC "$1"' {
		s = int($1 / sec); if (s in seen) { print seen[s], $3; exit } seen[s] = $3 }'
}
# labelless_region: a region without labels (its namespace fills it) that
# starts and ends inside a section (A3's layout); available_size is 0 or,
# on riscv64's device-tree regions, absent.
labelless_region() {
	a_regions | awk -v sec=$SEC '(NF < 4 || ($2 != $4 && $4 == 0)) &&
		$1 % sec && ($1 + $2) % sec { print $3; exit }'
}

# A_ALIGN: the pfn/dax alignment the A scenarios ask for: 2 MiB, the
# sub-section, where the architecture offers it (PMD_SIZE is 512 MiB on
# arm64-64k), else the page size.
a_align() {
	local seed
	seed=$(< "$B/devices/$1/pfn_seed")
	if grep -qw $((2 * MIB)) "$B/devices/$seed/supported_alignments"; then
		echo $((2 * MIB))
	else
		echo "$PG"
	fi
}

# a_ns REGION MODE BYTES [ndctl options]: create a namespace (ns_create_any,
# aligned as a_align says).  Sets A_NS, A_BDEV (fsdax: its block device)
# and A_CHR (devdax: its character device).
a_ns() {
	local r=$1 mode=$2 bytes=$3 js; shift 3
	A_NS= A_BDEV= A_CHR=
	js=$(ns_create_any -r "$r" -m "$mode" -s "$bytes" -a "$(a_align "$r")" "$@") || return 1
	A_NS=$(json_field dev <<< "$js")
	A_BDEV=$(json_field blockdev <<< "$js")
	[ "$mode" = devdax ] && A_CHR=$(dax_chardev "$A_NS")
	[ -n "$A_NS" ]
}

# valid_pages START BYTES: pfn_valid() pages in the range (pfnwalk).
valid_pages() { pfn_hits valid "$1" "$2"; }
# device_pages START BYTES: pfns in the range whose struct page says
# ZONE_DEVICE (pfnwalk reads each valid pfn's struct page).
device_pages() { pfn_hits device "$1" "$2"; }
