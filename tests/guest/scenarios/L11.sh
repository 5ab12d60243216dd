#!/bin/bash
# L11 (topology T5): fsdax, map=dev, dataoff 4 KiB (inside the info-block reserve), align 4 KiB: refused, media unchanged.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L11 TITLE="fsdax, map=dev, dataoff 4 KiB (inside the info-block reserve), align 4 KiB: refused, media unchanged"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "dataoff below the 8K reserve underflows the altmap size: the enable fails late (memory add fail, invalid altmap), nothing names the info-block" \
	"no kernel message names the refused info-block"
STOCK_MSG='memory add fail, invalid altmap'
legacy_case refuse fsdax --era v5.2 --map dev --start-pad 64M --end-trunc 64M --align 4096 --dataoff 4096
