#!/bin/bash
# L10 (topology T5): a legacy padded fsdax namespace with its memmap on the
# device (v5.2 layout, start_pad and end_trunc 64 MiB, map=dev) is enabled
# and disabled 100 times (NVT_LEGACY_CYCLES), through the sysfs ABI from
# shell builtins.  Every enable writes a fresh memmap into the reserve.
# Afterwards every byte of the namespace outside that reserve -- the
# info-block, the start_pad and end_trunc areas and all of the data -- must
# be what it was.
SCN=L10 TITLE="legacy fsdax map=dev: 100 enable/disable cycles, media byte-identical outside the memmap"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"

cycles=${NVT_LEGACY_CYCLES:-100}
sp='' et='' doff='' dbytes='' map='' data='' resv='' rlen='' raw=''
legacy_seed fsdax --era v5.2 --version 1.3 --map dev --start-pad 64M --end-trunc 64M
t0=$(date +%s) n=0
for i in $(seq 1 "$cycles"); do
	ns_probe "$LNS"
	c=$(claimers "$LNS")
	if [ -z "$c" ] || [ ! -e "$B/devices/$c/driver" ]; then
		bad "cycle $i: $LNS did not come back as fsdax (claimers: '$c')"
		info "devices: $(cd "$B/devices" && for d in pfn* dax* namespace*; do
			echo "$d:$(cat "$d/namespace" 2>/dev/null):$(basename "$(readlink "$d/driver" 2>/dev/null)")"; done | tr '\n' ' ')"
		info "dmesg: $(dmesg | tail -n 5 | tr '\n' ' ')"
		break
	fi
	size=$(< "$B/devices/$c/size")
	[ "$size" = "$dbytes" ] || { bad "cycle $i: capacity $size, want $dbytes"; break; }
	if (( i % 25 == 0 )); then
		dev=$(ls "$B/devices/$c/block")
		check "cycle $i: block I/O reads the seeded data" cmp -n "$dbytes" "/dev/$dev" "$W/img" ||
			break
		info "cycle $i/$cycles, $(( $(date +%s) - t0 ))s"
	fi
	n=$i
done
expect_eq "cycles completed" "$n" "$cycles"
legacy_check_media written kept
rm -rf "$W"
