#!/bin/bash
# make check-fast: the tests that need no kernel build and no guest, for a
# first result within minutes: the host tools' self-tests and the
# info-block tool against its reference layouts (tests/host/run), the
# oracle's own tests (tests/host/oracle), pfnbench --walk (pfn_valid() of
# every commit of the series against the reference, on the real CPU) and
# checkpatch --strict on every patch.  make check runs the same first.
# Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/prepare-tree.sh"
summary=$(mktemp)
host_tests "$summary"
report "check-fast ($((SECONDS - t0))s)" "$summary"
