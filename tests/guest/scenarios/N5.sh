#!/bin/bash
# N5 (topology T6, last: it unloads nfit_test): unloading nfit_test
# restores what loading it with real_mem= changed.  MemTotal, the memory
# blocks and their state, /proc/iomem and pfn_valid() per 2 MiB over the
# guest's high memory must equal the record the runner took before the
# first load.  Twice: after the runner's load (with a namespace made active
# in the shared section just before), and after a load here.  A real_mem=
# that is not wholly reserved memory, misaligned, too small for the layout
# or malformed must fail the load with a message and change nothing.
SCN=N5 TITLE="nfit_test real memory: unload restores memory exactly; bad real_mem= refused"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
before=/tmp/nvt-real-before
[ -s $before ] || abort "no record from before the load"

# unload_and_compare WHAT: destroy every nfit_test namespace, unload
# nfit_test, and compare with the record.
unload_and_compare() {
	cleanup_mounts
	check "unload nfit_test ($1)" real_unload || return 1
	real_state /tmp/nvt-real-after || bad "no pfnwalk reading after unloading"
	check "state after unloading ($1) equals the state before the first load" \
		diff $before /tmp/nvt-real-after
}
# active_in_section: an enabled fsdax namespace in the shared section, so
# that the state the unload must undo includes sub-sections and a memmap
# (real_unload destroys it and disables the regions before rmmod).
active_in_section() {
	local rA js
	rA=$(region_at 0x118000000) || { bad "no region at 0x118000000"; return 1; }
	js=$(ns_create -r "$rA" -m fsdax -s 16m) || { bad "fsdax in $rA"; return 1; }
	[ "$(pfn_chunks 0x118000000 $((16 << 20)))" = 11111111 ] ||
		bad "pfn_valid not set by $(json_field dev <<< "$js")"
	real_state /tmp/nvt-real-loaded || bad "no pfnwalk reading while loaded"
	cmp -s $before /tmp/nvt-real-loaded && bad "loading changed nothing that the record holds"
	return 0
}

active_in_section
unload_and_compare "the runner's load"

# Refused: each must fail, say why, and leave the state alone.
refused() { # REAL_MEM MESSAGE
	local mark
	mark=$(kmsg_mark)
	modprobe nfit_test real_mem="$1" 2>/dev/null && { bad "real_mem=$1 was accepted"; rmmod nfit_test; return; }
	dmesg_since "$mark" | grep -q "real_mem.*$2" ||
		bad "real_mem=$1: no kernel message saying '$2'"
}
refused 448M@0x100000000 "not wholly unclaimed reserved memory"
refused 452M@0x104000000 "not wholly unclaimed reserved memory"
refused 447M@0x104000000 "multiples of 2048 KiB"
refused 256M@0x104000000 "layout needs 448 MiB"
refused 448M "want SIZE@START"
refused 448M@ "want SIZE@START"
real_state /tmp/nvt-real-after || bad "no pfnwalk reading after the refused loads"
check "state after the refused loads equals the state before" diff $before /tmp/nvt-real-after

check "load nfit_test real_mem=$NVT_REAL_MEM again" real_load
for a in 0x104000000 0x118000000 0x11c000000; do
	region_at $a > /dev/null || bad "no region at $a after the reload"
done
active_in_section
unload_and_compare "a second load"
