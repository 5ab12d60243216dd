#!/bin/bash
# L1 (topology T5): a legacy padded fsdax namespace, as kernels v4.6-v5.2
# left them on media.  The legacy pmem at 0x104000000 (256 MiB) shares its
# first and last 128 MiB section with System RAM, so those kernels padded
# it: a v1.3 PFN info-block with mode=ram, start_pad=64M, end_trunc=64M,
# dataoff=2M (relative to base + start_pad), align=2M, parent_uuid zero.
# Data is seeded through block I/O where that layout puts it, then checked
# through block I/O, read() on a DAX mount, mmap loads and mmap stores.
SCN=L1 TITLE="legacy padded fsdax namespace (v1.3, start_pad/end_trunc 64 MiB): data through every path"
source "$(dirname "$0")/../lib.sh"

region=$(region_at 0x104000000) || abort "no legacy pmem region at 0x104000000"
ns=$(ndctl list -r "$region" -N | json_field dev)
raw=$(ndctl list -n "$ns" | json_field blockdev)
[ -n "$raw" ] || abort "namespace $ns has no raw block device"
M=$((1 << 20))
# The legacy layout, as a v5.2 kernel computed it for this geometry.
lay=$("$NDIB" legacy --era v5.2 --base 0x104000000 --size 256M --start-pad 64M \
	--end-trunc 64M --map mem) || abort "nd-infoblock legacy"
expect_eq "legacy dataoff" "$(sed -n 's/^dataoff=//p' <<< "$lay")" $((2 * M))
data_off=$((64 * M + 2 * M)) data_len=$((126 * M))

# 1. Seed: the data as the old kernel's block I/O wrote it, and the info-block.
"$DAXCHECK" write /tmp/l1.seed $((data_len)) 11 > /dev/null || abort "seed pattern"
check "seed data through block I/O at $((data_off / M)) MiB" \
	dd if=/tmp/l1.seed of="/dev/$raw" bs=1M seek=$((data_off / M)) conv=notrunc,fsync status=none
check "write the v1.3 info-block" "$NDIB" write "/dev/$raw" --era v5.2 --base 0x104000000 \
	--size 256M --start-pad 64M --end-trunc 64M --map mem --version 1.3
check "the info-block reads back valid" "$NDIB" show "/dev/$raw"

# 2. Re-enable: the kernel finds the info-block and claims the namespace.
check "disable $ns" ndctl disable-namespace "$ns"
check "enable $ns" ndctl enable-namespace "$ns"
js=$(ndctl list -n "$ns")
expect_eq "mode after re-enable" "$(json_field mode <<< "$js")" fsdax
dev=$(json_field blockdev <<< "$js")
bytes=$(blockdev --getsize64 "/dev/$dev")
info "$ns: fsdax /dev/$dev, $bytes bytes; dmesg: $(dmesg | grep -E 'pfn|pmem' | tail -n 2 | tr '\n' ' ')"
expect_eq "capacity" "$bytes" $data_len

# 3. Block I/O sees the seeded data where it always was.
check "block I/O reads the seeded data" cmp -n $data_len "/dev/$dev" /tmp/l1.seed

# 4. A file through the page cache, then every DAX path.
check "mkfs.ext4 /dev/$dev" mkfs.ext4 -q -F -b 4096 "/dev/$dev" || exit 1
mkdir -p /mnt/l1
check "mount without dax" mount -o dax=never "/dev/$dev" /mnt/l1 || exit 1
check "write a file through the page cache" "$DAXCHECK" write /mnt/l1/data 8m 21
check "umount" umount /mnt/l1
check "mount -o dax" dax_mount "/dev/$dev" /mnt/l1 || exit 1
check "the file is DAX" "$DAXCHECK" is-dax /mnt/l1/data
check "read() on the DAX mount" "$DAXCHECK" read /mnt/l1/data 8m 21
check "mmap loads on the DAX mount" "$DAXCHECK" mmap-read /mnt/l1/data 8m 21
check "mmap stores on the DAX mount" "$DAXCHECK" mmap-write /mnt/l1/data 8m 22
check "umount" umount /mnt/l1
check "mount without dax" mount -o dax=never "/dev/$dev" /mnt/l1 || exit 1
check "read() sees the mmap stores" "$DAXCHECK" read /mnt/l1/data 8m 22
cleanup_mounts
