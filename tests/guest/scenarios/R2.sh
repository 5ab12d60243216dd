#!/bin/bash
# R2 (topology T1, make check-field, any later boot, any kernel): the
# namespaces of the manifest came up by themselves from their labels, with
# the same uuid, mode and size, and nothing else did; each one's data from
# the earlier boot is intact through a DAX mount (fsdax) or device-dax
# mmap; then each gets new data, stored through mmap, for the next boot.
SCN=R2 TITLE="persistence, later boot: the same namespaces, every byte intact, DAX works"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../field.sh"

[ "${NVT_MEDIA:-}" = kept ] || abort "R2 needs the media of an earlier boot"
[ -s "$ST/manifest" ] || abort "no manifest from an earlier boot"
boot=$(( $(cat "$ST/boots") + 1 ))
info "boot $boot of this media, on $(uname -r)"
ns_table > /tmp/r2.table
expect_eq "uuid, mode and size of every namespace, as the earlier boot left them" \
	"$(cut -d' ' -f1,3,4 /tmp/r2.table | tr '\n' ';')" \
	"$(cut -d' ' -f1-3 "$ST/manifest" | sort | tr '\n' ';')"
: > "$ST/manifest.new"
declare -A seen=()
while read -r uuid mode size seed; do
	row=$(grep "^$uuid " /tmp/r2.table) || { bad "namespace $uuid ($mode) did not come back"; continue; }
	read -r _ ns _ _ bdev chr <<< "$row"
	expect_eq "$ns state" "$(ns_state "$ns")" enabled
	[ "$mode" = fsdax ] && dev=$bdev || dev=$chr
	[ -e "/dev/$dev" ] || { bad "$ns: no /dev/$dev"; continue; }
	field_verify "$dev" "$mode" "$ns" "$seed" && seen[$mode]=$(( ${seen[$mode]:-0} + 1 ))
	new=$((seed + 100))
	field_store "$dev" "$mode" "$ns" $new
	echo "$uuid $mode $size $new" >> "$ST/manifest.new"
done < "$ST/manifest"
info "data of the earlier boot read back on ${seen[fsdax]:-0} fsdax (DAX mount, mmap loads," \
	"read()) and ${seen[devdax]:-0} devdax (mmap loads) namespaces"
expect_eq "namespaces whose data was checked" $(( ${seen[fsdax]:-0} + ${seen[devdax]:-0} )) \
	"$(wc -l < "$ST/manifest")"
mv "$ST/manifest.new" "$ST/manifest"
echo "$boot" > "$ST/boots"
