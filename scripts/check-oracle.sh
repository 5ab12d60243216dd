#!/bin/bash
# make check-oracle: the verdict code's own tests (tests/host/oracle).
# Each case feeds scripts/boot.sh's verdict (tests/host/boot_check.py), the
# guest's verdict helpers (tests/guest/lib.sh) or the guest runner a
# deliberate mutation: a splat in a known-defect window without the
# defect's symptom, an oops faulting elsewhere, a stock run whose set-up
# fails, a scenario that hangs...; each must come out as the verdict the
# case names.  No kernel, no guest.  Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
summary=$(mktemp)
"$TOP/tests/host/oracle" >> "$summary" 2>&1 || true
report "check-oracle ($((SECONDS - t0))s)" "$summary"
