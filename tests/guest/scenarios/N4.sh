#!/bin/bash
# N4 (topology T6): a media error in the data of an fsdax namespace on
# real memory (nfit_test error injection, as ndctl's pfn-meta-errors does
# for the metadata; S10 covers the memmap reserve).  An ext4 file on the
# DAX mount owns the poisoned page.  The kernel must list the error in the
# block device's badblocks, fail read() of that page with EIO and a
# mapped load of it with SIGBUS (the poisoned pfn is never mapped), serve
# the pages around it, and clear the error on a whole-page write().
SCN=N4 TITLE="nfit_test real memory: media error in fsdax data: EIO, SIGBUS, cleared by write"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
BUS=nfit_test.0
region=$(region_at 0x118000000) || abort "no nfit_test.0 region at 0x118000000"
own_region "$region"
js=$(ns_create -r "$region" -m fsdax -M dev) || abort "fsdax in $region"
ns=$(json_field dev <<< "$js") dev=$(json_field blockdev <<< "$js")
fsdax_use "/dev/$dev" /mnt/n4 800 || abort "no DAX file system on $dev"
F=/mnt/n4/data PG=16
# The file system block of file page PG (4 KiB blocks: 8 sectors each).
read -r pblk plen < <(filefrag -v -b4096 "$F" |
	awk '$1 == "0:" { sub(/\.\..*/, "", $4); sub(/:/, "", $6); print $4, $6 }')
[ -n "$pblk" ] || abort "no extent for $F"
(( plen > PG )) || abort "$F's first extent is $plen blocks, page $PG is not in it"
sector=$(( (pblk + PG) * 8 ))
info "$F page $PG is block $((pblk + PG)) of /dev/$dev (sector $sector)"
check "inject an error at sector $sector of $ns" ndctl inject-error --block=$sector --count=8 "$ns"
ndctl start-scrub $BUS >/dev/null 2>&1; ndctl wait-scrub $BUS >/dev/null 2>&1
bb() { awk -v s="$sector" '$1 <= s && s < $1 + $2 { f = 1 } END { exit !f }' "/sys/block/$dev/badblocks"; }
bb || abort "sector $sector not in /sys/block/$dev/badblocks: $(tr '\n' ' ' < "/sys/block/$dev/badblocks")"

rdpage() { dd if="$F" bs=4096 skip="$1" count=1 status=none; }
mmload() { python3 -c 'import mmap, os, sys
f = os.open(sys.argv[1], os.O_RDONLY)
m = mmap.mmap(f, 0, prot=mmap.PROT_READ)
sys.stdout.write("%d\n" % m[int(sys.argv[2])])' "$F" "$(( $1 * 4096 ))"; }
out=$(rdpage $PG 2>&1 >/dev/null) && bad "read() of the poisoned page succeeded"
grep -q 'Input/output error' <<< "$out" || bad "read() of the poisoned page: '$out', want EIO"
mmload $PG > /dev/null 2>&1
expect_eq "mapped load of the poisoned page: exit status (128 + SIGBUS)" "$?" 135
rdpage $((PG - 1)) > /dev/null || bad "read() of the page before it"
mmload $((PG + 1)) > /dev/null || bad "mapped load of the page after it"
bb || bad "the error went away without a write"

head -c 4096 /dev/urandom > /tmp/n4-page
check "whole-page write() over the poisoned page" \
	dd if=/tmp/n4-page of="$F" bs=4096 seek=$PG count=1 conv=notrunc status=none
bb && bad "sector $sector still in badblocks after the write"
# nfit_test forgot it too: a new scrub does not bring it back.
ndctl start-scrub $BUS >/dev/null 2>&1; ndctl wait-scrub $BUS >/dev/null 2>&1
bb && bad "sector $sector back in badblocks after a scrub"
check "read() returns the new page" cmp /tmp/n4-page <(rdpage $PG)
expect_eq "mapped load of the rewritten page" "$(mmload $PG)" "$(od -An -tu1 -N1 /tmp/n4-page | tr -d ' ')"
cleanup_mounts
check "destroy $ns" ndctl destroy-namespace -f "$ns"
