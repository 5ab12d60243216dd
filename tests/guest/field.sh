# shellcheck shell=bash
# Helpers of the make check-field scenarios (R1, R2: namespaces across
# boots and kernels; U1, U2: a legacy padded namespace across kernels),
# sourced after lib.sh.  /nvt-state (boot.sh --media) is what one boot
# leaves for the next.
ST=/nvt-state
[ -d "$ST" ] && mountpoint -q "$ST" || abort "no /nvt-state share (boot.sh --media)"

# ns_table: one line per namespace with capacity, sorted by uuid:
# "uuid dev mode size blockdev chardev" ("-" where there is none).
ns_table() {
	ndctl list -N -X 2>/dev/null | python3 -c '
import json, sys
t = sys.stdin.read().strip()
d = json.loads(t) if t else []
d = d if isinstance(d, list) else [d]
rows = []
for n in d:
    if not n.get("size") or not n.get("uuid"):
        continue
    chardev = n.get("chardev") or "-"
    for dd in n.get("daxregion", {}).get("devices", []):
        chardev = dd.get("chardev", chardev)
    rows.append((n["uuid"], n["dev"], n.get("mode", "-"), str(n["size"]),
                 n.get("blockdev") or "-", chardev))
for r in sorted(rows):
    print(" ".join(r))'
}

# What one boot writes and the next checks: per namespace, a 4 MiB file
# on its DAX-mounted ext4 (fsdax) or the first 4 MiB of the device
# (devdax), stored through mmap with SEED.  The manifest has one line per
# namespace: "uuid mode size seed".
FIELD_BYTES=4m

# field_store DEV MODE NSDEV SEED: store the pattern of SEED through mmap.
field_store() {
	local dev=$1 mode=$2 ns=$3 seed=$4
	case $mode in
	fsdax)
		check "$ns: mount -o dax" dax_mount "/dev/$dev" "/mnt/f-$ns" || return 1
		[ -e "/mnt/f-$ns/data" ] || "$DAXCHECK" write "/mnt/f-$ns/data" $FIELD_BYTES 0 > /dev/null
		check "$ns: the file is DAX" "$DAXCHECK" is-dax "/mnt/f-$ns/data"
		check "$ns: mmap stores (seed $seed)" \
			"$DAXCHECK" mmap-write "/mnt/f-$ns/data" $FIELD_BYTES "$seed"
		umount "/mnt/f-$ns" || bad "umount /mnt/f-$ns"
		;;
	devdax)
		check "$ns: mmap stores to /dev/$dev (seed $seed)" \
			"$DAXCHECK" mmap-write "/dev/$dev" $FIELD_BYTES "$seed"
		;;
	esac
}

# field_verify DEV MODE NSDEV SEED: the data of SEED is there, through
# mmap loads and (fsdax) read() on a DAX mount.
field_verify() {
	local dev=$1 mode=$2 ns=$3 seed=$4 ok=0
	case $mode in
	fsdax)
		check "$ns: DAX mount of the earlier boot's file system" \
			dax_mount "/dev/$dev" "/mnt/f-$ns" || return 1
		check "$ns: the file is DAX" "$DAXCHECK" is-dax "/mnt/f-$ns/data" || ok=1
		check "$ns: mmap loads see the earlier boot's stores (seed $seed)" \
			"$DAXCHECK" mmap-read "/mnt/f-$ns/data" $FIELD_BYTES "$seed" || ok=1
		check "$ns: read() sees them" "$DAXCHECK" read "/mnt/f-$ns/data" $FIELD_BYTES "$seed" ||
			ok=1
		umount "/mnt/f-$ns" || bad "umount /mnt/f-$ns"
		;;
	devdax)
		check "$ns: mmap loads of /dev/$dev see the earlier boot's stores (seed $seed)" \
			"$DAXCHECK" mmap-read "/dev/$dev" $FIELD_BYTES "$seed" || ok=1
		;;
	esac
	return $ok
}

# --- the legacy padded namespace (U1, U2; topology T5, RAM kept in a file)

# legacy_state_load: the layout U1 recorded (sp et doff dbytes map data
# resv rlen) and the digests of the bytes the kernel must leave alone.
legacy_state_load() {
	[ -s "$ST/legacy" ] || abort "no legacy layout recorded by an earlier boot"
	# shellcheck disable=SC1091
	source "$ST/legacy"
}

# legacy_digests: sha256 of the namespace outside its memmap reserve --
# [0, resv): the info-block and start_pad; [resv + rlen, end): the data
# and end_trunc -- read raw; and of the reserve itself.  Sets head_sum,
# rest_sum and resv_sum.
legacy_digests() {
	resv_sum=$(rd "$raw" "$resv" "$rlen" | sha256sum | cut -d' ' -f1)
	head_sum=$(rd "$raw" 0 "$resv" | sha256sum | cut -d' ' -f1)
	rest_sum=$(rd "$raw" $((resv + rlen)) $((LSIZE - resv - rlen)) | sha256sum | cut -d' ' -f1)
}

# legacy_read_fs_raw: the ext4 file system at the layout's data offset,
# read by debugfs straight from the raw namespace (e2fsprogs' offset=
# option): the file holds the seeded data.
legacy_read_fs_raw() {
	rm -f /tmp/legacy-data
	check "block I/O: the file system at dataoff holds the seeded file" \
		debugfs -R "dump /data /tmp/legacy-data" "/dev/$raw?offset=$data" &&
	check "block I/O: the file's data" "$DAXCHECK" read /tmp/legacy-data 8m 31
}
