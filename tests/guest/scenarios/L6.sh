#!/bin/bash
# L6 (topology T5): legacy fsdax, map=dev, v1.1 (v4.6, no align field), start_pad and end_trunc 64 MiB.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L6 TITLE="legacy fsdax, map=dev, v1.1 (v4.6, no align field), start_pad and end_trunc 64 MiB"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
# Stock 6.12's mmap stores land in the info-block and start_pad area; on
# Debian 12's stock 6.1 (make backport) they did in one run of two and
# left it unchanged in the other (the loads and the stored data missed
# in both): that check may fail there, but need not.
if [ "${NVT_FLAVOUR:-}" = stock-6.1 ]; then
	stock_fails "DAX pfns are off by start_pad (pmem phys_addr), mmap misses the file" \
		"mmap loads on the DAX mount" "the stored data" "?start of the namespace, info-block and start_pad unchanged"
else
	stock_fails "DAX pfns are off by start_pad (pmem phys_addr), mmap misses the file" \
		"mmap loads on the DAX mount" "the stored data" "start of the namespace, info-block and start_pad unchanged"
fi
legacy_case dax fsdax --era v4.6 --map dev --start-pad 64M --end-trunc 64M
