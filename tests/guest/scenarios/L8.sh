#!/bin/bash
# L8 (topology T5): legacy fsdax, map=dev, v1.2 (v4.8, align 4K), memmap reserve too small for 2 MiB vmemmap blocks: memmap in RAM.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L8 TITLE="legacy fsdax, map=dev, v1.2 (v4.8, align 4K), memmap reserve too small for 2 MiB vmemmap blocks: memmap in RAM"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "enable fails (-ENOMEM from the altmap): no block I/O" "no enabled pfn/dax device on"
STOCK_SPLAT="add_pages() warns when the altmap runs out"
STOCK_SPLAT_RE='WARNING: .* add_pages'
STOCK_SYMPTOM='probe with driver nd_pmem failed with error -12'
legacy_case ram fsdax --era v4.8 --map dev --align 4096 --start-pad 64M --end-trunc 64M
