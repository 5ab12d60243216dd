#!/bin/bash
# A5 (make check-arch): neighbours that share a vmemmap page.  A vmemmap
# page holds the struct pages of PAGE_SIZE / 64 pages: 256 KiB of memory
# with 4 KiB pages, 64 MiB with 64 KiB pages.  Two fsdax namespaces
# (map=dev) back to back in the large region, the first half a section
# and 2 MiB long (16 MiB and 2 MiB on ppc64le, ndctl's minimum), then
# half a section (16 MiB), so that with 64 KiB pages their boundary lies
# inside a vmemmap page (with 4 KiB pages, sub-sections never share one).
# Both are used, then the first is destroyed and its range reused: a raw
# namespace is created over it and zeroed.  The second's pfns stay valid,
# and its data, its disable and its enable (which walk its struct pages)
# still work.
SCN=A5 TITLE="neighbours sharing a vmemmap page: one destroyed and its range reused, the other keeps its memmap and data"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

# Namespaces start and end on 2 MiB sub-section boundaries (the region's
# alignment, A_ALIGN at most 2 MiB).  A vmemmap page shared by two
# namespaces needs a boundary inside one VSPAN: impossible when a VSPAN
# divides 2 MiB (arm64-4k: 4 KiB / 64 bytes x 4 KiB = 256 KiB).
(( (2 * MIB) % VSPAN == 0 )) &&
	skip "a vmemmap page describes $((VSPAN >> 10)) KiB, which divides the 2 MiB sub-section: no two namespaces can share one"
# arm64 with 64 KiB pages, stock: the first namespace's teardown unmaps
# and frees the vmemmap page it shares with the second
# (arch/arm64/mm/mmu.c's unmap_hotplug_pte_range() clears whole PTEs for
# any overlap with the range it is given), and the second one's own
# teardown in memunmap_pages() takes a level 3 translation fault on a
# vmemmap address.  The series keeps the page while a valid sub-section
# uses it, and takes it from RAM rather than from the first one's altmap.
[ "${NVT_ARCH:-}" = arm64-64k ] &&
	stock_fails "arm64 64K: the first namespace's destroy freed the vmemmap page it shares with the second" \
		"disable namespace"
own_big_region
half=$((SEC / 2))
(( half >= NS_MIN )) || half=$NS_MIN
sizes=($((half + 2 * MIB)) $half)
for i in 0 1; do
	a_ns "$R" fsdax "${sizes[$i]}" || abort "fsdax of ${sizes[$i]} bytes in $R"
	ns[$i]=$A_NS dev[$i]=$A_BDEV
	read -r start[$i] len[$i] <<< "$(nsrange "$A_NS")"
	info "${ns[$i]}: fsdax /dev/${dev[$i]} at $(printf %#x "${start[$i]}"), $((len[$i] / MIB)) MiB"
	fsdax_use "/dev/${dev[$i]}" "/mnt/a5-$i" $((800 + i))
done
(( start[1] % VSPAN )) && info "the boundary lies inside a vmemmap page (one per $((VSPAN >> 10)) KiB)"
cleanup_mounts
check "destroy ${ns[0]}" ndctl destroy-namespace -f "${ns[0]}"
js=$(ns_create -r "$R" -m raw -s "${len[0]}") || abort "raw namespace over ${ns[0]}'s range"
raw=$(json_field blockdev <<< "$js")
read -r rstart _ <<< "$(nsrange "$(json_field dev <<< "$js")")"
expect_eq "the raw namespace reuses ${ns[0]}'s range" "$rstart" "${start[0]}"
check "zero /dev/$raw" dd if=/dev/zero of="/dev/$raw" bs=1M count=$((len[0] / MIB)) conv=fsync status=none
expect_eq "pfn_valid() pages of ${ns[1]} after its neighbour went" \
	"$(valid_pages "${start[1]}" "${len[1]}")" $((len[1] / PG))
check "mount ${ns[1]} again" dax_mount "/dev/${dev[1]}" /mnt/a5-1
check "${ns[1]} data (mmap)" "$DAXCHECK" mmap-read /mnt/a5-1/data 4m 802
cleanup_mounts
# The window (stock, arm64-64k) is the step that oopses there: the
# neighbour's teardown.
[ "${NVT_ARCH:-}" = arm64-64k ] &&
	stock_splat_begin "the vmemmap page shared with a neighbour went with it: the neighbour's teardown faults" \
		'WARNING: .* memunmap_pages' memunmap_pages
check "disable ${ns[1]}" ndctl disable-namespace "${ns[1]}"
stock_splat_end
check "enable ${ns[1]}" ndctl enable-namespace "${ns[1]}"
check "mount ${ns[1]} after enable" dax_mount "/dev/${dev[1]}" /mnt/a5-1
check "${ns[1]} data after enable (read)" "$DAXCHECK" read /mnt/a5-1/data 4m 802
check "${ns[1]} mmap stores after enable" "$DAXCHECK" mmap-write /mnt/a5-1/data 4m 803
check "${ns[1]} read() sees them" "$DAXCHECK" read /mnt/a5-1/data 4m 803
cleanup_mounts
check "destroy the namespaces" destroy_region_namespaces "$R"
