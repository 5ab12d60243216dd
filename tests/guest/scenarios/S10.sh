#!/bin/bash
# S10 (topology T3, nfit_test): media errors and the memmap reserve of a
# namespace that does not start at its region's start.  Before a map=dev
# memmap is written to the media, the kernel zeroes the known media errors
# in its reserve.  Two namespaces on nfit_test.0: A (raw, 16 MiB, at the
# region start) and B (fsdax, map=dev, 16 MiB, after A; its reserve is
# [8K, 2M) of B).
#   1. An error 1 MiB into A (A's data) must not stop B from being
#      configured.  Stock looks the reserve up at region sectors counted
#      from the namespace start, finds A's error, and fails B's probe.
#   2. An error 1 MiB into B (B's reserve) must be zeroed and gone from
#      the region's badblocks once B is configured for fsdax again.
SCN=S10 TITLE="memmap reserve media errors of a namespace that is not first in its region"
source "$(dirname "$0")/../lib.sh"
B=/sys/bus/nd
stock_fails "the memmap reserve is looked up at the wrong region sectors: a neighbour's media error fails the probe" \
	"fsdax namespace B not created next to"
BUS=nfit_test.0
region=$(region_of_bus $BUS)
[ -n "$region" ] || abort "no pmem region on $BUS"
rstart=$(( $(< "$B/devices/$region/resource") ))
scrub() { ndctl start-scrub $BUS >/dev/null 2>&1; ndctl wait-scrub $BUS >/dev/null 2>&1; }
# region_bad SECTOR: is SECTOR (from the region start) in the region's badblocks?
region_bad() {
	awk -v s="$1" '$1 <= s && s < $1 + $2 { f = 1 } END { exit !f }' \
		"$B/devices/$region/badblocks"
}

js=$(ns_create -b $BUS -r "$region" -m raw -s 16m) || abort "create A"
a=$(json_field dev <<< "$js")
aoff=$(( $(< "$B/devices/$a/resource") - rstart ))
check "inject an error 1 MiB into $a" ndctl inject-error --block=2048 --count=1 "$a"
scrub
region_bad $(( aoff / 512 + 2048 )) || abort "the error in $a is not in $region/badblocks"
info "$a at region offset $aoff; error at region sector $(( aoff / 512 + 2048 ))"

# Stock: clearing the reserve's errors at the wrong sectors makes
# nsio_rw_bytes() warn "request out of range" (the symptom, which
# confirms the window) and B's probe fail.
stock_splat_begin "nsio_rw_bytes() warns: request out of range" 'WARNING: .* nsio_rw_bytes'
js=$(ns_create -b $BUS -r "$region" -m fsdax -M dev -s 16m)
stock_symptom "nsio_rw_bytes() refuses a request out of range" 'request out of range'
stock_splat_end
b=$(json_field dev <<< "$js" 2>/dev/null)
[ -n "$b" ] || abort "fsdax namespace B not created next to $a's media error"
boff=$(( $(< "$B/devices/$b/resource") - rstart ))
info "$b (fsdax) at region offset $boff"
(( boff >= aoff + 16 * 1024 * 1024 )) || abort "$b is not after $a"
dev=$(json_field blockdev <<< "$js")
check "block I/O on $b (write 4 MiB)" "$DAXCHECK" write "/dev/$dev" 4m 101
check "block I/O on $b (read back)" "$DAXCHECK" read "/dev/$dev" 4m 101
region_bad $(( aoff / 512 + 2048 )) || bad "the error in $a's data was touched"

# ndctl counts an fsdax namespace's blocks from its data: inject while it
# is raw, then configure it again (a fresh info-block, the scrub first).
check "reconfigure $b raw" ndctl create-namespace -e "$b" -m raw -f
check "inject an error 1 MiB into $b (where its memmap reserve goes)" \
	ndctl inject-error --block=2048 --count=1 "$b"
scrub
region_bad $(( boff / 512 + 2048 )) || abort "the error in $b is not in $region/badblocks"
check "reconfigure $b fsdax" ndctl create-namespace -e "$b" -m fsdax -M dev -f
region_bad $(( boff / 512 + 2048 )) && bad "the error in $b's memmap reserve was not cleared"
b2=$(ndctl list -n "$b" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d if isinstance(d,list) else [d]; print(d[0].get("blockdev",""))')
[ -n "$b2" ] || bad "$b has no block device after the reconfigure"
[ -n "$b2" ] && check "block I/O on $b after reconfigure (write 4 MiB)" "$DAXCHECK" write "/dev/$b2" 4m 102 &&
	check "block I/O on $b after reconfigure (read back)" "$DAXCHECK" read "/dev/$b2" 4m 102

ndctl inject-error --uninject --block=2048 --count=1 "$a" >/dev/null 2>&1
ndctl destroy-namespace -f "$b" >/dev/null 2>&1
ndctl destroy-namespace -f "$a" >/dev/null 2>&1
true
