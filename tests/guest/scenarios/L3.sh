#!/bin/bash
# L3 (topology T5): legacy devdax, map=dev, v1.2 (v4.19, +128 KiB label reserve), start_pad and end_trunc 64 MiB.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L3 TITLE="legacy devdax, map=dev, v1.2 (v4.19, +128 KiB label reserve), start_pad and end_trunc 64 MiB"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"

legacy_case dax devdax --era v4.19 --map dev --start-pad 64M --end-trunc 64M
