#!/bin/bash
# N3 (topology T6): the L1 case on an nfit_test region.  nfit_test.1's
# region starts at 0x104000000, 64 MiB into a section whose first half is
# System RAM, and ends 32 MiB into a section; its label-less namespace
# gets an info-block exactly as v5.2 (+stable, v1.3) padded it: fsdax,
# map=mem, start_pad 64 MiB, end_trunc 32 MiB.  See tests/guest/legacy.sh.
SCN=N3 TITLE="nfit_test real memory: legacy fsdax, map=mem, v1.3, start_pad 64 MiB, end_trunc 32 MiB"
LBASE=0x104000000 LSIZE=$((224 << 20))
source "$(dirname "$0")/../lib.sh"
# N3 runs last in T6, after N5 unloaded nfit_test: on 7.3's stock it
# leaves an unmount hanging (below), which nothing after it could survive.
if ! grep -q '^nfit_test ' /proc/modules; then
	source "$(dirname "$0")/../nd.sh"
	check "load nfit_test real_mem=$NVT_REAL_MEM" real_load || abort "nfit_test does not load"
fi
source "$(dirname "$0")/../legacy.sh"
grep -q nfit_test.1 <<< "$(ndctl list -r "$LREGION" -B)" || abort "$LREGION is not on nfit_test.1"
# nfit_test.1's DIMM is emulated "not armed", so libnvdimm makes the region
# read-only; the media here is real memory, written on purpose.
echo 0 > "$B/devices/$LREGION/read_only" || abort "$LREGION stays read-only"
# On 7.3's stock the loads miss, and the file system's unmount then
# waits in dax_break_layout_final() for ever (seen twice on 2026-12-06;
# see L12 and hung_exit in lib.sh): the scenario ends there.
stock_fails "DAX pfns are off by start_pad (pmem phys_addr), mmap misses the file and the unmount hangs in dax_break_layout_final()" \
	"mmap loads on the DAX mount" "unmount after the DAX accesses (within 120 s)"
legacy_case dax fsdax --era v5.2 --version 1.3 --map mem --start-pad 64M --end-trunc 32M
