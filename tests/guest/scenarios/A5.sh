#!/bin/bash
# A5 (make check-arch): neighbours that share a vmemmap page.  A vmemmap
# page holds the struct pages of PAGE_SIZE / 64 pages: 256 KiB of memory
# with 4 KiB pages, 64 MiB with 64 KiB pages.  Two fsdax namespaces back
# to back in the large region, the first half a section and 2 MiB long,
# so their boundary lies inside a vmemmap page with 64 KiB pages (with 4
# KiB pages, sub-sections never share one).  Both are used, then the
# first is destroyed: the second's pfns stay valid, and its data, its
# disable and its enable (which walk its struct pages) still work.
SCN=A5 TITLE="neighbours sharing a vmemmap page: one destroyed, the other keeps its memmap and data"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

R=$(big_region)
[ -n "$R" ] || abort "no empty labelled region"
own_region "$R"
sizes=($((SEC / 2 + 2 * MIB)) $((SEC / 2)))
for i in 0 1; do
	a_ns "$R" fsdax "${sizes[$i]}" || abort "fsdax of ${sizes[$i]} bytes in $R"
	ns[$i]=$A_NS dev[$i]=$A_BDEV
	read -r start[$i] len[$i] <<< "$(nsrange "$A_NS")"
	info "${ns[$i]}: fsdax /dev/${dev[$i]} at $(printf %#x "${start[$i]}"), $((len[$i] / MIB)) MiB"
	fsdax_use "/dev/${dev[$i]}" "/mnt/a5-$i" $((800 + i))
done
per=$((PG / 64 * PG))	# memory whose struct pages fill one vmemmap page
(( start[1] % per )) && info "the boundary lies inside a vmemmap page (one per $((per >> 10)) KiB)"
cleanup_mounts
# On arm64 with 64 KiB pages, vmemmap_free() of the first namespace's
# sub-sections clears and frees every vmemmap page that overlaps them,
# the one shared with the second included; the next walk of the second
# one's struct pages faults (unmap_hotplug_pte_range() in
# arch/arm64/mm/mmu.c works in whole pages).
if [ "${NVT_ARCH:-}" = arm64-64k ]; then
	known_defect "arm64 64K: removing a sub-section frees the vmemmap page a neighbour still uses (oops)"
	known_splat_begin "vmemmap page freed under a live neighbour: the next walk of its struct pages faults"
fi
check "destroy ${ns[0]}" ndctl destroy-namespace -f "${ns[0]}"
expect_eq "pfn_valid() pages of ${ns[1]} after its neighbour went" \
	"$(valid_pages "${start[1]}" "${len[1]}")" $((len[1] / PG))
check "mount ${ns[1]} again" dax_mount "/dev/${dev[1]}" /mnt/a5-1
check "${ns[1]} data (mmap)" "$DAXCHECK" mmap-read /mnt/a5-1/data 4m 802
cleanup_mounts
check "disable ${ns[1]}" ndctl disable-namespace "${ns[1]}"
check "enable ${ns[1]}" ndctl enable-namespace "${ns[1]}"
check "mount ${ns[1]} after enable" dax_mount "/dev/${dev[1]}" /mnt/a5-1
check "${ns[1]} data after enable (read)" "$DAXCHECK" read /mnt/a5-1/data 4m 802
cleanup_mounts
[ -n "$KNOWN_DEFECT" ] && known_splat_end
check "destroy ${ns[1]}" destroy_region_namespaces "$R"
