#!/bin/bash
# L5 (topology T5): legacy fsdax, map=dev, v1.2 (v4.12), end_trunc 64 MiB alone.
# See tests/guest/legacy.sh for what a case seeds and checks.
SCN=L5 TITLE="legacy fsdax, map=dev, v1.2 (v4.12), end_trunc 64 MiB alone"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"

legacy_case dax fsdax --era v4.12 --map dev --end-trunc 64M
