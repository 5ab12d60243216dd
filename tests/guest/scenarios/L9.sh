#!/bin/bash
# L9 (topology T5): fsdax, map=mem, start_pad 65 MiB: base not sub-section aligned, DAX refused, block I/O kept.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L9 TITLE="fsdax, map=mem, start_pad 65 MiB: base not sub-section aligned, DAX refused, block I/O kept"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "the namespace is refused (resource start misaligned): no block I/O" "no enabled pfn/dax device on"
STOCK_MSG='resource start misaligned'
legacy_case block fsdax --era v5.2 --map mem --start-pad 65M --end-trunc 63M
