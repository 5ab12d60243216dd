#!/bin/bash
# L7 (topology T5): legacy fsdax, map=dev, v1.0 (v4.5, no align field, no padding), whole namespace.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L7 TITLE="legacy fsdax, map=dev, v1.0 (v4.5, no align field, no padding), whole namespace"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
stock_fails "a v1.0 block whose dataoff is not a power of two is refused (align guessed from dataoff): no block I/O" \
	"no enabled pfn/dax device on"
# (stock says why: the align it guessed from dataoff)
STOCK_MSG='bad offset: 0x600000 dax disabled'
legacy_case dax fsdax --era v4.5 --map dev
