#!/bin/bash
# L14 (topology T5): what a padded devdax namespace claims in /proc/iomem.
# The layout of a v5.2-era devdax block, map=dev, start_pad and end_trunc
# 64 MiB, dataoff 4 MiB.  dax_pmem must claim the namespace from its start
# up to the data (info-block, start_pad and the memmap reserve) and the
# end_trunc area after the data, and device-dax the data: no byte of the
# namespace unclaimed.
SCN=L14 TITLE="padded devdax namespace: every byte outside the data claimed in /proc/iomem (start_pad, memmap reserve, end_trunc)"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "dax_pmem claims dataoff bytes from the namespace start, start_pad short of the data, and nothing after the data: the end of the memmap reserve and the end_trunc area are unclaimed" \
	"no claim of [namespace start, data)" "no claim of the end_trunc area"

legacy_seed_padded_dev devdax
ns_probe "$LNS"
chr=$(dax_chardev "$LNS") || abort "no device-dax for $LNS"
info "$LNS: data at $(printf %#x $((LBASE + data))), memmap reserve [$(printf %#x $((LBASE + resv))), $(printf %#x $((LBASE + data))))"
# Every iomem claim named after the namespace that starts at its start,
# one per line as "start end" (the namespace itself and dax_pmem's).
claims=$(awk -v n="$LNS" '$NF == n { split($1, r, "-"); print r[1], r[2] }' /proc/iomem)
info "claims named $LNS: $(tr '\n' ' ' <<< "$claims")"
want_end=$(printf %x $((LBASE + data - 1)))
grep -qi "^0*$(printf %x $LBASE) 0*$want_end\$" <<< "$claims" ||
	bad "no claim of [namespace start, data) = [$(printf %#x $LBASE), 0x$want_end] named $LNS"
(( et > 0 )) || abort "layout has no end_trunc ($et)"
tail_start=$(printf %x $((LBASE + LSIZE - et)))
tail_end=$(printf %x $((LBASE + LSIZE - 1)))
grep -qi "^0*$tail_start 0*$tail_end\$" <<< "$claims" ||
	bad "no claim of the end_trunc area [0x$tail_start, 0x$tail_end] named $LNS"
check "device-dax mmap loads" "$DAXCHECK" mmap-read "/dev/$chr" "$dbytes" 31
