#!/bin/bash
# S5: legacy (e820) pmem carved out of System RAM with memmap=64M!0x46000000:
# both of its sections also hold System RAM.  The namespace is reconfigured
# to fsdax and used with DAX.
SCN=S5 TITLE="fsdax on legacy pmem sharing its sections with System RAM"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x46000000) || abort "no legacy pmem region at 0x46000000"
# The topology must really collide with RAM in the section, else this proves nothing.
python3 - <<'PY' || bad "System RAM does not share a section with the pmem"
import re, sys
ram = []
for l in open("/proc/iomem"):
    m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : System RAM", l)
    if m:
        ram.append((int(m.group(1), 16), int(m.group(2), 16)))
S = 128 << 20
lo, hi = 0x46000000, 0x46000000 + (64 << 20) - 1
first, last = lo // S * S, hi // S * S + S - 1
shared = [r for r in ram if r[0] <= last and r[1] >= first]
sys.exit(0 if len(shared) >= 1 else 1)
PY
seed=$(ndctl list -r "$region" -N | json_field dev)
[ -n "$seed" ] || abort "no namespace in $region"
js=$(ns_create -f -e "$seed" -m fsdax) || abort "reconfigure $seed to fsdax failed"
dev=$(json_field blockdev <<< "$js")
expect_eq "mode" "$(json_field mode <<< "$js")" fsdax
info "$seed -> fsdax /dev/$dev, $(json_field size <<< "$js") bytes"
fsdax_use "/dev/$dev" /mnt/s5 500
cleanup_mounts
check "disable $seed" ndctl disable-namespace "$seed"
check "enable $seed" ndctl enable-namespace "$seed"
check "remount" dax_mount "/dev/$dev" /mnt/s5
check "data after re-enable" "$DAXCHECK" mmap-read /mnt/s5/data 4m 501
report_snapshot "S5: legacy pmem in a System RAM section"
cleanup_mounts
check "back to raw" ndctl create-namespace -f -e "$seed" -m raw
