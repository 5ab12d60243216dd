#!/bin/bash
# L12 (topology T5): where an unprivileged user's DAX stores land on a
# padded map=dev namespace.  The layout of L2 (v1.3, map=dev, start_pad
# and end_trunc 64 MiB, dataoff past 8K): a DAX mapping of the file block
# at device offset B must map namespace + start_pad + dataoff + B.  With
# pfns start_pad low (stock) it maps namespace + dataoff + B, which for
# B in [start_pad + 8K - dataoff, start_pad) is the namespace's own memmap
# reserve.  User "nobody" stores a marker through mmap() into one such
# file block; the namespace is then read raw to find where it went.
SCN=L12 TITLE="unprivileged DAX stores on a padded map=dev namespace stay out of the memmap"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
# On the backports' stock kernels (6.1, 6.12) the stores land in the
# memmap reserve and the scenario goes on to find them there.  On 7.3's
# stock the wrong pfn's struct page is also taken for the file's folio
# (fsdax folio reference counts), and that page, a memmap-reserve page
# that memmap_init_range() set up with a reference count of one, never
# becomes idle: the unmount waits in dax_break_layout_final() for ever
# (seen 2026-12-06, twice).  So the steps are watched, and on 7.3's stock
# the unmount must not finish.  Nothing after it can run (a task in D
# state cannot be killed), which is why L12 is the last scenario of T5.
case ${NVT_FLAVOUR:-} in
stock-[0-9]*)
	stock_fails "DAX pfns are off by start_pad: a user's mmap stores land in the namespace's memmap reserve" \
		"block I/O reads the user's stores at device offset" "marker bytes found in the memmap reserve" ;;
*)
	stock_fails "DAX pfns are off by start_pad: a user's mmap stores go to the namespace's memmap reserve, and the unmount then hangs in dax_break_layout_final()" \
		"unmount after the user's stores (within 120 s)" ;;
esac

legacy_seed_padded_dev fsdax
ns_probe "$LNS"
c=$(claimers "$LNS")
[ -n "$c" ] && [ -e "$B/devices/$c/driver" ] || abort "no enabled pfn device on $LNS"
dev=$(ls "$B/devices/$c/block")
mkdir -p /mnt/legacy
check "mount -o dax" dax_mount "/dev/$dev" /mnt/legacy || exit 1
mkdir -p /mnt/legacy/u && chmod 1777 /mnt/legacy/u
asuser() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

# The user fills the file system; ENOSPC ends dd.
asuser dd if=/dev/zero of=/mnt/legacy/u/fill bs=1M status=none 2>/dev/null
sync
check "the user's file is DAX" "$DAXCHECK" is-dax /mnt/legacy/u/fill

# A page of the file whose device offset B is in the window that stock
# maps onto the memmap reserve, as close to start_pad as the file allows.
read -r L BOFF < <(filefrag -v -b4096 /mnt/legacy/u/fill | python3 -c '
import re, sys
lo, hi = int(sys.argv[1]), int(sys.argv[2])
best = None
for line in sys.stdin:
    m = re.match(r"\s*\d+:\s*(\d+)\.\.\s*(\d+):\s*(\d+)\.\.\s*(\d+):", line)
    if not m:
        continue
    l0, l1, p0, p1 = (int(x) * 4096 for x in m.groups())
    for b in range(max(p0, lo), min(p1 + 4096, hi), 4096):
        if best is None or b > best[1]:
            best = (l0 + b - p0, b)
if best:
    print(*best)' $((sp + 8192 - doff > 0 ? sp + 8192 - doff : 0)) $sp)
[ -n "${BOFF:-}" ] || abort "the user's file has no block in [start_pad + 8K - dataoff, start_pad)"
info "file page at offset $L is device offset $BOFF; stock maps it at namespace offset $((doff + BOFF)) (memmap reserve [$((sp + 8192)), $((sp + doff))))"

# The marker: 4 KiB, stored by the user through a shared mapping.
MARK=NVT-L12-USER-STORE-
check "user stores through mmap (within 120 s)" watched 120 asuser python3 -c '
import mmap, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
m = mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE, offset=int(sys.argv[2]))
pat = (sys.argv[3].encode() * 256)[:4096]
m[:] = pat
m.flush()
assert m[:] == pat
' /mnt/legacy/u/fill "$L" "$MARK" || hung_exit
check "unmount after the user's stores (within 120 s)" watched 120 cleanup_mounts || hung_exit

# count: copies of the marker on standard input
count() { { grep -a -o "$MARK" || true; } | wc -l; }
n=$(dd if="/dev/$dev" bs=4096 skip=$((BOFF / 4096)) count=1 status=none | count)
expect_eq "block I/O reads the user's stores at device offset $BOFF (marker copies)" "$n" 215
raw=$(watched 120 ns_raw "$LNS") || { bad "bind $LNS raw (within 120 s)"; hung_exit; }
n=$(rd "$raw" $((sp + 8192)) $((doff - 8192)) | count)
expect_eq "marker bytes found in the memmap reserve (raw read after disable)" "$n" 0
[ "$n" -gt 0 ] && info "stock: $n marker copies in the memmap reserve at namespace offset $((doff + BOFF))"
rm -rf "$W"
