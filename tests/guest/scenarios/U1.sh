#!/bin/bash
# U1 (topology T5 with kept RAM, make check-field; the patched kernel): a
# legacy padded fsdax namespace (v5.2 + stable layout: version 1.3, map=dev,
# start_pad and end_trunc 64 MiB) served with DAX.  On fresh media it seeds
# the layout first, as that kernel wrote it; on kept media (a later boot,
# after another kernel) the namespace must have come up by itself.  The
# data is read through a read-only DAX mount (no writes to the file
# system), and the namespace is then read raw: the info-block, start_pad,
# data and end_trunc must be byte-identical to what was seeded.  Only the
# memmap reserve may differ: this kernel writes its memmap there.
SCN=U1 TITLE="legacy padded namespace, patched kernel: DAX, and nothing written outside the memmap reserve"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
source "$(dirname "$0")/../field.sh"

if [ "${NVT_MEDIA:-}" = fresh ]; then
	legacy_seed_padded_dev fsdax
	legacy_digests
	head_seed=$head_sum rest_seed=$rest_sum resv_seed=$resv_sum
	printf '%s=%q\n' sp "$sp" et "$et" doff "$doff" dbytes "$dbytes" map "$map" \
		data "$data" resv "$resv" rlen "$rlen" head_seed "$head_sum" rest_seed "$rest_sum" \
		resv_seed "$resv_sum" \
		> "$ST/legacy"
	info "seeded: $(tr '\n' ' ' < "$ST/legacy")"
	ns_probe "$LNS"
else
	legacy_state_load
	info "kept media, boot after $(cat "$ST/legacy-last" 2>/dev/null)"
fi
c=$(claimers "$LNS")
[ -n "$c" ] && [ -e "$B/devices/$c/driver" ] || abort "no enabled pfn device on $LNS"
expect_eq "capacity" "$(< "$B/devices/$c/size")" "$dbytes"
expect_eq "data address" "$(( $(< "$B/devices/$c/resource") ))" $((LBASE + data))
[ "${NVT_FLAVOUR:-}" = patched ] &&
	expect_eq "memmap_location" "$(< "$B/devices/$c/memmap_location")" device
dev=$(ls "$B/devices/$c/block")
mkdir -p /mnt/legacy
check "mount -o ro,dax" mount -o ro,dax "/dev/$dev" /mnt/legacy &&
grep -qE "^/dev/$dev /mnt/legacy ext4 ro,.*dax" /proc/mounts || bad "not a read-only DAX mount"
check "the file is DAX" "$DAXCHECK" is-dax /mnt/legacy/data
check "mmap loads on the DAX mount" "$DAXCHECK" mmap-read /mnt/legacy/data 8m 31
check "read() on the DAX mount" "$DAXCHECK" read /mnt/legacy/data 8m 31
cleanup_mounts
raw=$(ns_raw "$LNS") || abort "cannot bind $LNS raw"
legacy_digests
expect_eq "info-block and start_pad byte-identical to the seed" "$head_sum" "$head_seed"
expect_eq "data and end_trunc byte-identical to the seed" "$rest_sum" "$rest_seed"
# The memmap was on the device: the reserve's seeded marker is overwritten.
# (On kept media an earlier boot already overwrote it; memmap_location
# says where this boot put it.)
[ "${NVT_MEDIA:-}" != fresh ] || [ "$resv_sum" != "$resv_seed" ] ||
	bad "memmap reserve as seeded: was the memmap on the device?"
legacy_read_fs_raw
echo "$(uname -r)" > "$ST/legacy-last"
