#!/bin/bash
# L1 (topology T5): legacy fsdax, map=mem, v1.3 (v5.2 + stable), start_pad and end_trunc 64 MiB.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L1 TITLE="legacy fsdax, map=mem, v1.3 (v5.2 + stable), start_pad and end_trunc 64 MiB"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "DAX pfns are off by start_pad (pmem phys_addr), mmap misses the file" \
	"mmap loads on the DAX mount" "the stored data" "start of the namespace, info-block and start_pad unchanged"
legacy_case dax fsdax --era v5.2 --version 1.3 --map mem --start-pad 64M --end-trunc 64M
