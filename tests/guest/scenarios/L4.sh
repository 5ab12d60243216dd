#!/bin/bash
# L4 (topology T5): legacy devdax, map=mem, v1.2 (v4.12), start_pad and end_trunc 64 MiB.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L4 TITLE="legacy devdax, map=mem, v1.2 (v4.12), start_pad and end_trunc 64 MiB"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"

legacy_case dax devdax --era v4.12 --map mem --start-pad 64M --end-trunc 64M
