#!/bin/bash
# A7 (make check-arch): two label-less pmem regions whose bases share a
# section (riscv64's TA: device-tree pmem-region nodes of 64 MiB at
# 0xe0000000 and 0xe4000000; each namespace fills its region).  Both are
# made fsdax, used, then the first is disabled (its memmap goes), and the
# second keeps its pfn_valid(), its disable and its enable, and its data.
# Once with map=mem, once with map=dev; first, as they came up (raw), the
# second's struct pages must outlive the first's teardown.
# riscv64 maps a whole section's memmap with one 2 MiB PMD block, which
# both ranges use: stock frees the block with the first one.
SCN=A7 TITLE="label-less neighbours in one section: one instance destroyed, the other keeps its memmap and data"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../arch.sh"

# Two label-less regions (available 0, or no available_size at all) whose
# bases lie in one section.
info "regions (base size name available): $(a_regions | tr '\n' ';')"
read -r RA RB < <(shared_pair labelless) || true
[ -n "$RB" ] || skip "no two label-less regions share a section in this topology"
[ "${NVT_ARCH:-}" = riscv64 ] &&
	stock_fails "riscv64: the first namespace's teardown freed the 2 MiB vmemmap block it shares with the second" \
		"raw: ZONE_DEVICE struct pages of the second"
own_region "$RA"
own_region "$RB"
ns_of() { ndctl list -r "$1" -N | json_field dev; }
# Both came up raw, with their pages mapped (a raw namespace of a PAGEMAP
# region has a ZONE_DEVICE memmap too).  With the first disabled, the
# second's struct pages must still be there and say ZONE_DEVICE: the walk
# reads each one, so a memmap unmapped under it faults in pfnwalk.
# (Reconfiguring a namespace below keeps its name and its range.)
regs=("$RA" "$RB")
for i in 0 1; do
	ns[$i]=$(ns_of "${regs[$i]}")
	read -r start[$i] len[$i] <<< "$(nsrange "${ns[$i]}")"
	[ "$(device_pages "${start[$i]}" "${len[$i]}")" = $((len[i] / PG)) ] ||
		abort "${ns[$i]} is not raw with a ZONE_DEVICE memmap at the start"
done
check "raw: disable the first" ndctl disable-namespace "${ns[0]}"
[ "${NVT_ARCH:-}" = riscv64 ] &&
	stock_splat_begin "the vmemmap block shared with a neighbour went with it: reading the neighbour's struct pages faults" \
		'Unable to handle kernel paging request' '^(run_write|walk)$'
expect_eq "raw: ZONE_DEVICE struct pages of the second after the first went" \
	"$(device_pages "${start[1]}" "${len[1]}")" $((len[1] / PG))
stock_splat_end
check "raw: enable the first" ndctl enable-namespace "${ns[0]}"
for map in mem dev; do
	for i in 0 1; do
		js=$(ndctl create-namespace -f -e "${ns[$i]}" -m fsdax -M $map) ||
			abort "fsdax map=$map on ${ns[$i]} (${regs[$i]})"
		dev[$i]=$(json_field blockdev <<< "$js")
		info "${ns[$i]}: fsdax map=$map /dev/${dev[$i]} at $(printf %#x "${start[$i]}"), $((len[$i] / MIB)) MiB"
		fsdax_use "/dev/${dev[$i]}" "/mnt/a7-$i" $((870 + i))
	done
	cleanup_mounts
	# Disabled, not made raw: a raw namespace of a PAGEMAP region maps
	# pages too, and would populate the block again.
	check "map=$map: disable the first" ndctl disable-namespace "${ns[0]}"
	expect_eq "map=$map: pfn_valid() pages of ${ns[1]} after its neighbour went" \
		"$(valid_pages "${start[1]}" "${len[1]}")" $((len[1] / PG))
	[ "${NVT_ARCH:-}" = riscv64 ] &&
		stock_splat_begin "the vmemmap block shared with a neighbour went with it: the neighbour's teardown faults" \
			'Unable to handle kernel paging request' memunmap_pages
	check "disable the second (map=$map)" ndctl disable-namespace "${ns[1]}"
	stock_splat_end
	check "map=$map: enable the first" ndctl enable-namespace "${ns[0]}"
	check "map=$map: enable ${ns[1]}" ndctl enable-namespace "${ns[1]}"
	check "map=$map: ${ns[1]} data after enable" dax_mount "/dev/${dev[1]}" /mnt/a7-1
	check "map=$map: ${ns[1]} read() after enable" "$DAXCHECK" read /mnt/a7-1/data 4m 872
	cleanup_mounts
	for i in 0 1; do
		check "map=$map: ${ns[$i]} back to raw" ndctl create-namespace -f -e "${ns[$i]}" -m raw
	done
done
