#!/bin/bash
# A6 (make check-arch): a memmap in RAM (map=mem) whose range starts and
# ends inside vmemmap pages.  A vmemmap page holds the struct pages of
# VSPAN bytes of memory (PAGE_SIZE / 64 pages); with 16 KiB or 64 KiB
# pages that is more than the 2 MiB sub-section, so a hot-added range can
# start inside a vmemmap page.  The range here starts one sub-section past
# a VSPAN boundary and is a whole number of VSPANs long (one on
# arm64-64k), inside one section that held no memory at boot, so that
# one populate call takes the end of one vmemmap page and the start of
# the next.  Both pages must be mapped: every struct page is written
# when the namespace is enabled.  The namespace is used, disabled and
# enabled again, then destroyed and its range zeroed through a raw
# namespace.
SCN=A6 TITLE="map=mem namespace whose memmap starts inside a vmemmap page: every page of it mapped"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

# Ranges start on 2 MiB sub-section boundaries, so their memmap starts
# inside a vmemmap page only when VSPAN does not divide 2 MiB
# (arm64-4k: 4 KiB / 64 bytes x 4 KiB = 256 KiB, which does).
(( (2 * MIB) % VSPAN == 0 )) &&
	skip "a vmemmap page describes $((VSPAN >> 10)) KiB, which divides the 2 MiB sub-section: no range's memmap starts inside one"
# Memory is added a section at a time: where a vmemmap page describes a
# whole number of sections (ppc64le: 64 MiB, 16 MiB sections), one
# section's memmap lies inside one page and no populate call spans two.
(( VSPAN % SEC == 0 )) &&
	skip "a vmemmap page describes $((VSPAN / MIB)) MiB, a whole number of $((SEC / MIB)) MiB sections: no section's memmap spans two pages"
# Stock, with the generic vmemmap_populate_basepages() (arm64 16K/64K):
# the loop steps PAGE_SIZE from the unaligned start and stops before the
# page that holds the last struct pages; enabling the namespace faults
# on them.
[ "${NVT_ARCH:-}" = arm64-64k ] &&
	stock_fails "arm64 64K: the memmap's last vmemmap page is never mapped, the enable faults" \
		"fsdax map=mem namespace"
own_big_region
base=$(a_regions | awk -v r="$R" '$3 == r { print $1 }')
# pre: what to fill first so that the namespace starts 2 MiB past a
# VSPAN boundary.
pre=$(( (2 * MIB - base % VSPAN + VSPAN) % VSPAN ))
len=$(( (NS_MIN + VSPAN - 1) / VSPAN * VSPAN ))
# The preconditions: the range lies in one section, which held no memory
# at boot (no valid page before the namespace exists).
s0=$(( (base + pre) / SEC * SEC ))
expect_eq "the range [base + $((pre / MIB)) MiB, + $((len / MIB)) MiB) in one section" \
	$(( (base + pre) / SEC )) $(( (base + pre + len - 1) / SEC ))
expect_eq "pfn_valid() pages of its section before the namespace" "$(valid_pages "$s0" "$SEC")" 0
if (( pre > 0 )); then
	ns_create -r "$R" -m raw -s $pre > /dev/null || abort "raw namespace of $((pre / MIB)) MiB before the test's"
fi
[ "${NVT_ARCH:-}" = arm64-64k ] &&
	stock_splat_begin "the last vmemmap page of a range that starts inside one is not mapped: the memmap init faults on it" \
		'Unable to handle kernel paging request' 'memmap_init_zone_device|__init_zone_device_page|__init_single_page'
a_ns "$R" fsdax $len -M mem || abort "fsdax map=mem namespace of $((len / MIB)) MiB"
stock_splat_end
ns=$A_NS dev=$A_BDEV
read -r start len <<< "$(nsrange "$ns")"
info "$ns: fsdax map=mem /dev/$dev at $(printf %#x "$start"), $((len / MIB)) MiB; its memmap spans vmemmap pages $(( start / VSPAN )) to $(( (start + len - 1) / VSPAN ))"
expect_eq "namespace start, modulo one vmemmap page's span" $(( start % VSPAN )) $((2 * MIB))
expect_eq "namespace end, modulo one vmemmap page's span" $(( (start + len) % VSPAN )) $((2 * MIB))
expect_eq "pfn_valid() pages of $ns" "$(valid_pages "$start" "$len")" $((len / PG))
fsdax_use "/dev/$dev" /mnt/a6 860
cleanup_mounts
check "disable $ns" ndctl disable-namespace "$ns"
check "enable $ns" ndctl enable-namespace "$ns"
check "mount $ns after enable" dax_mount "/dev/$dev" /mnt/a6
check "$ns data after enable (read)" "$DAXCHECK" read /mnt/a6/data 4m 861
cleanup_mounts
check "destroy the namespaces" destroy_region_namespaces "$R"
expect_eq "pfn_valid() pages of the range once destroyed" "$(valid_pages "$start" "$len")" 0
js=$(ns_create -r "$R" -m raw -s $((pre + len))) || abort "raw namespace over the range"
raw=$(json_field blockdev <<< "$js")
check "zero /dev/$raw" dd if=/dev/zero of="/dev/$raw" bs=1M count=$(((pre + len) / MIB)) conv=fsync status=none
check "destroy the raw namespace" destroy_region_namespaces "$R"
