#!/bin/bash
# L15 (topology T5): a new fsdax or devdax instance asked for an alignment
# that the namespace cannot hold.  The 32 MiB namespace at 0x120000000
# holds no multiple of 1 GiB: its end (0x122000000) lies 544 MiB above
# the last 1 GiB boundary (0x100000000), so the truncation that alignment
# asks for (end_trunc) is larger than the namespace.  Each mode and map
# must be refused with a kernel message and leave the media byte-identical
# (no info-block written); the next create in the same namespace, 2 MiB
# aligned, must succeed.
SCN=L15 TITLE="new pfn/dax instance whose alignment truncates more than the namespace: refused, media unchanged, the next create succeeds"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"
# Stock checks "offset >= size - end_trunc", which wraps when end_trunc
# is above the size.  Map=mem instances then write an info-block with a
# wrapped npfns and fail later (-EINVAL, "could not reserve metadata");
# map=dev ones fail only because the memmap reserve they ask to claim
# (512 MiB from the namespace start) runs past the end of the region's
# resource (-EBUSY).
stock_fails "an alignment whose end truncation exceeds the namespace passes nd_pfn_init()'s size check (the subtraction wraps): map=mem instances write an info-block with a wrapped npfns" \
	"fsdax pmem with 1 GiB alignment: no message" "fsdax ram with 1 GiB alignment: no message" \
	"devdax pmem with 1 GiB alignment: no message" "devdax ram with 1 GiB alignment: no message" \
	"fsdax ram with 1 GiB alignment: media sha256" "devdax ram with 1 GiB alignment: media sha256"

G=$((1 << 30))
region=$(region_at 0x120000000) || abort "no legacy pmem region at 0x120000000"
ns=$(ndctl list -i -r "$region" -N | json_field dev)
[ -n "$ns" ] || abort "no namespace in $region"
read -r start size <<< "$(nsrange "$ns")"
end=$((start + size))
(( end % G > size )) ||
	abort "layout: $ns [$(printf %#x "$start"), $(printf %#x "$end")) holds a 1 GiB boundary"
read -r seed < "$B/devices/$region/pfn_seed"
grep -qw "$G" "$B/devices/$seed/supported_alignments" ||
	skip "1 GiB is not among $seed's supported alignments ($(< "$B/devices/$seed/supported_alignments")): no alignment here truncates more than the namespace"

media_sum() {
	local disk
	disk=$(ns_raw "$ns") || { echo "no raw disk"; return; }
	sha256sum < "/dev/$disk" | cut -d' ' -f1
}

# A known state: the info-block area zeroed (no instance), the rest as it is.
ns_wipe_infoblock "$ns" || abort "cannot clear $ns's info-block area"
before=$(media_sum)
for c in "fsdax pmem" "fsdax ram" "devdax pmem" "devdax ram"; do
	read -r mode map <<< "$c"
	case $mode in fsdax) kind=pfn drv=nd_pmem ;; devdax) kind=dax drv=dax_pmem ;; esac
	ns_release "$ns" || abort "cannot release $ns"
	read -r seed < "$B/devices/$region/${kind}_seed"
	mark=$(kmsg_mark)
	echo "$(< /proc/sys/kernel/random/uuid)" > "$B/devices/$seed/uuid" &&
		echo "$map" > "$B/devices/$seed/mode" &&
		echo "$G" > "$B/devices/$seed/align" &&
		echo "$ns" > "$B/devices/$seed/namespace" ||
		abort "$c: cannot set up $seed"
	if echo "$seed" > "$B/drivers/$drv/bind" 2>/dev/null; then
		bad "$c with 1 GiB alignment: enabled ($seed bound to $drv)"
	fi
	dmesg_since "$mark" | grep -q "$ns unable to satisfy requested alignment" ||
		bad "$c with 1 GiB alignment: no message 'unable to satisfy requested alignment'"
	# (media_sum's ns_raw releases the instance, bound or not)
	after=$(media_sum)
	if ! expect_eq "$c with 1 GiB alignment: media sha256" "$after" "$before"; then
		dd if="/dev/$(ls "$B/devices/$ns/block")" bs=4096 skip=1 count=1 status=none |
			od -A x -t x1 | head -n 5 | sed 's/^/      /'
		# The next case starts from the same media.
		ns_wipe_infoblock "$ns"
		[ "$(media_sum)" = "$before" ] || abort "$c: the media differ beyond the info-block"
	fi
done
# The next create in the same range, 2 MiB aligned, succeeds.
for mode in fsdax devdax; do
	if ns_claim "$ns" "$region" "$mode" pmem; then
		ns_unclaim "$ns" || bad "cannot release $ns after the $mode create"
	else
		bad "the next $mode create (2 MiB aligned) failed"
	fi
done
# Leave no instance behind for the scenarios after this one.
ns_wipe_infoblock "$ns"
ns_release "$ns"
