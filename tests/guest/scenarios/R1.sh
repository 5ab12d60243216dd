#!/bin/bash
# R1 (topology T1, make check-field, first boot on fresh media): the seeds'
# layouts, left in place for the next boot.  S1's two 132m fsdax namespaces
# (the second starting mid-section) and S3's ten 16 MiB ones in the 1 GiB
# region; S4's fsdax + devdax pair in each 64 MiB region, the two regions
# sharing one section.  Each namespace gets data stored through DAX mmap;
# the manifest in /nvt-state names each by uuid with its mode, size and
# the data's seed.
SCN=R1 TITLE="persistence, boot 1: the seeds' layouts with data stored through DAX mmap"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../field.sh"

[ "${NVT_MEDIA:-}" = fresh ] || abort "R1 needs fresh media (NVT_MEDIA=${NVT_MEDIA:-})"
rA=$(region_at 0x100000000) && rB=$(region_at 0x104000000) &&
	rBig=$(region_at 0x108000000) || abort "T1 regions missing"
created=()
mk() { # ARGS...: create a namespace, remember it
	local js
	js=$(ns_create_any "$@") || { bad "create-namespace $*"; return 1; }
	created+=("$(json_field dev <<< "$js")")
}
mk -r "$rBig" -m fsdax -s 132m && mk -r "$rBig" -m fsdax -s 132m &&
	{ (( $(< "/sys/bus/nd/devices/${created[1]}/resource") % (128 << 20) )) ||
		bad "${created[1]} starts section-aligned: the layout proves nothing"; }
for i in $(seq 10); do mk -r "$rBig" -m fsdax -s 16m || break; done
for r in "$rA" "$rB"; do
	mk -r "$r" -m fsdax -s 32m && mk -r "$r" -m devdax -s 32m
done
expect_eq "namespaces created" "${#created[@]}" 16
: > "$ST/manifest.new"
seed=1000
while read -r uuid ns mode size bdev chr; do
	case $mode in fsdax) dev=$bdev; check "mkfs.ext4 on $ns" mkfs.ext4 -q -F -b 4096 "/dev/$dev" ;;
	              *) dev=$chr ;; esac
	field_store "$dev" "$mode" "$ns" $seed
	echo "$uuid $mode $size $seed" >> "$ST/manifest.new"
	seed=$((seed + 1))
done < <(ns_table)
expect_eq "namespaces in the manifest" "$(wc -l < "$ST/manifest.new")" 16
mv "$ST/manifest.new" "$ST/manifest"
echo 1 > "$ST/boots"
info "manifest: $(cut -d' ' -f2,3 "$ST/manifest" | sort | uniq -c | tr -s ' \n' ' ')"
