#!/bin/bash
# A4 (make check-arch): map=dev fsdax namespaces that the kernel lays out
# (ndctl create-namespace -M dev, nd_pfn_init()) keep their memmap on the
# device.  Two of them, back to back from the start of the large region:
# two sections, then one and a half (sharing its last section with what
# follows).  Their range is zeroed first through a raw namespace; after
# each was enabled and used, its memmap reserve (from the end of the 8
# KiB info-block reserve to dataoff) must hold a struct page for every
# data page: every ZONE_DEVICE struct page has a non-zero flags word, and
# nothing else writes there.  A memmap in RAM leaves the reserve zero.
# The kernel's own account must agree: the altmap of the namespace's
# dev_pagemap gave out pfns (its alloc, read through pfnwalk).
#
# ppc64 takes a base page of vmemmap from the altmap only when every
# struct page in it describes the device (altmap_cross_boundary() in
# radix__vmemmap_pte_populate(), and in __vmemmap_populate() for the
# hash MMU); the vmemmap page at an end of the namespace that reaches
# past it comes from RAM.
# A vmemmap page there describes 64 MiB (VSPAN), four sections, so the
# sizes are two VSPANs, then one VSPAN and half a section (ending inside
# a section), and the reserve must hold the struct pages of the data
# pages in whole VSPANs.
SCN=A4 TITLE="kernel-made map=dev fsdax namespaces: memmap on the device"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

own_big_region
if [ "${NVT_ARCH:-}" = ppc64le ]; then
	sizes=($((2 * VSPAN)) $((VSPAN + SEC / 2)))
else
	sizes=($((2 * SEC)) $((3 * SEC / 2)))
fi
Z=$((sizes[0] + sizes[1]))
js=$(ns_create -r "$R" -m raw -s $Z) || abort "raw namespace of $Z bytes"
raw=$(json_field blockdev <<< "$js")
check "zero /dev/$raw" dd if=/dev/zero of="/dev/$raw" bs=1M count=$((Z / MIB)) conv=fsync status=none
check "destroy the raw namespace" destroy_region_namespaces "$R"

# on_device BYTES SEED: create, use and check one map=dev namespace.
on_device() {
	a_ns "$R" fsdax "$1" -M dev || { bad "fsdax map=dev namespace of $(($1 / MIB)) MiB"; return 1; }
	on_device_check "$A_NS" "$A_BDEV" "$2"
}
# on_device_check NAMESPACE BLOCKDEV SEED: use it, then read its reserve.
on_device_check() {
	local ns=$1 start len pfn raw lay doff npfns nz
	read -r start len <<< "$(nsrange "$ns")"
	info "$ns: fsdax map=dev at $(printf %#x "$start"), $((len / MIB)) MiB"
	fsdax_use "/dev/$2" "/mnt/a4-$3" "$3"
	# The kernel's own account: the pfns the memmap took from the altmap.
	local pg alloc
	echo $((start / PG)) > $PFNWALK_DIR/pgmap && pg=$(< $PFNWALK_DIR/pgmap)
	info "$ns: ${pg:-no dev_pagemap}"
	alloc=$(sed -n 's/.* alloc=\([0-9]*\).*/\1/p' <<< "$pg")
	(( ${alloc:-0} > 0 )) || bad "$ns: its memmap took nothing from the altmap (${pg:-no dev_pagemap})"
	pfn=$(claimers "$ns")
	[ "${NVT_FLAVOUR:-}" = patched ] &&
		expect_eq "memmap_location of $pfn" "$(< "$B/devices/$pfn/memmap_location")" device
	cleanup_mounts
	raw=$(ns_raw "$ns") || { bad "cannot bind $ns raw"; return 1; }
	lay=$("$NDIB" show "/dev/$raw") || { bad "no valid info-block on $ns"; return 1; }
	doff=$(sed -n 's/^dataoff=//p' <<< "$lay") npfns=$(sed -n 's/^npfns=//p' <<< "$lay")
	nz=$(python3 - "/dev/$raw" 8192 "$doff" <<'PY'
import sys
f = open(sys.argv[1], "rb")
start, end = int(sys.argv[2]), int(sys.argv[3])
f.seek(start)
left, nz, zero = end - start, 0, bytes(64)
while left > 0:
    b = f.read(min(left, 1 << 20))
    if not b:
        break
    left -= len(b)
    nz += sum(1 for i in range(0, len(b), 64) if b[i:i + 64] != zero)
print(nz)
PY
	) || { bad "cannot read the memmap reserve of $ns"; return 1; }
	# Which data pages must have their struct page in the reserve: those
	# in whole units of what the architecture takes from the altmap.
	# ppc64le, and arm64 with 64 KiB pages with the series, take a
	# vmemmap page that reaches past the namespace from RAM (a unit is
	# VSPAN); arm64 with 4 KiB pages with the series takes part of a
	# section from RAM, as x86-64 does (a unit is a section).
	local want=$npfns lo hi et unit=
	case ${NVT_ARCH:-}/${NVT_FLAVOUR:-} in
	ppc64le/*|arm64-64k/*) unit=$VSPAN ;;
	arm64-4k/stock*) ;;
	arm64-4k/*) unit=$SEC ;;
	esac
	if [ -n "$unit" ]; then
		et=$(sed -n 's/^end_trunc=//p' <<< "$lay")
		lo=$(( (start + unit - 1) / unit * unit ))
		(( lo > start + doff )) || lo=$((start + doff))
		hi=$(( (start + len - ${et:-0}) / unit * unit ))
		want=$(( hi > lo ? (hi - lo) / PG : 0 ))
		info "$ns: $want data pages lie in whole units of $((unit / MIB)) MiB"
	fi
	info "$ns: dataoff $doff, $npfns data pages; non-zero 64-byte blocks in the reserve: $nz"
	(( want > 0 && nz >= want )) ||
		bad "$ns: memmap not on the device ($nz non-zero 64-byte blocks in the reserve, $want wanted of $npfns data pages)"
}
on_device "${sizes[0]}" 700
# arm64 with 4 KiB pages maps a whole section's memmap with a 2 MiB block
# from the altmap, aligned to 2 MiB, which leaves up to 2 MiB - 8 KiB of
# the reserve unused before it; stock then takes a partial section's
# memmap from the same altmap in base pages.  nd_pfn_init() sizes the
# reserve as 64 bytes a page rounded up to 2 MiB: exactly enough for
# whole sections, too little for one and a half (4 MiB where 5 MiB - 8
# KiB are needed).  vmemmap_populate() fails with -ENOMEM,
# memunmap_pages() warns "failed to free all reserved pages" and the
# namespace stays disabled.  The series takes a partial section's memmap
# from RAM, as x86-64 does.
if [ "${NVT_ARCH:-}" = arm64-4k ] && is_stock; then
	stock_fails "arm64 4K: a map=dev namespace of 1.5 sections does not fit the memmap reserve nd_pfn_init() sized (ENOMEM)" \
		"fsdax map=dev namespace of 1.5 sections"
	# The window is the create alone; its one expected splat is
	# memunmap_pages()'s warning, and the symptom is checked inside it.
	stock_splat_begin "vmemmap_populate() runs out of the altmap: memunmap_pages() warns" \
		'WARNING: .* memunmap_pages'
	if a_ns "$R" fsdax "${sizes[1]}" -M dev; then
		stock_splat_end
		on_device_check "$A_NS" "$A_BDEV" 710
	else
		stock_symptom "memunmap_pages() warns of reserved pages left" 'failed to free all reserved pages'
		stock_symptom "the probe fails with ENOMEM" 'probe with driver nd_pmem failed with error -12'
		stock_splat_end
		bad "fsdax map=dev namespace of 1.5 sections: not enabled"
	fi
else
	on_device "${sizes[1]}" 710
fi
check "destroy the namespaces" destroy_region_namespaces "$R"
