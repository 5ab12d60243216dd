#!/bin/bash
# L13 (topology T5): the layout of L8 (v4.8, map=dev, align 4K, a memmap
# reserve too small for this kernel), with libnvdimm.legacy_memmap_ram_max
# set below the 2 MiB its memmap would take from RAM: DAX is disabled with
# a message that names the cost, block I/O keeps the data, the media is
# unchanged.  Raising the limit again gives L8's result.
SCN=L13 TITLE="legacy map=dev, reserve too small, memmap in RAM above libnvdimm.legacy_memmap_ram_max: block I/O only"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "enable fails (-ENOMEM from the altmap): no block I/O" "no enabled pfn/dax device on"
# (add_pages() warns once a boot: after L8 only the -ENOMEM shows)
STOCK_SPLAT="add_pages() warns when the altmap runs out"
STOCK_SPLAT_RE='WARNING: .* add_pages'
STOCK_SYMPTOM='probe with driver nd_pmem failed with error -12'
P=/sys/module/libnvdimm/parameters/legacy_memmap_ram_max
if ! is_stock; then
	[ -w "$P" ] || abort "no $P"
	old=$(< "$P")
	echo $((1 << 20)) > "$P"
	trap 'echo "$old" > "$P"; finish' EXIT
fi
mark=$(kmsg_mark)
legacy_case "$(is_stock && echo ram || echo block)" fsdax \
	--era v4.8 --map dev --align 4096 --start-pad 64M --end-trunc 64M
if ! is_stock; then
	dmesg_since "$mark" | grep -q 'a memmap in RAM would take 2097152 bytes, above libnvdimm.legacy_memmap_ram_max=1048576' ||
		bad "no kernel message naming the RAM cost and the limit"
fi
