# shellcheck shell=bash
# Legacy padded namespaces (topology T5; N3 on T6 sets LBASE and LSIZE to
# its region), sourced by the L scenarios after
# lib.sh.  The legacy pmem at 0x104000000 (256 MiB) shares its first and
# last 128 MiB section with System RAM, the geometry that made kernels
# v4.6-v5.2 pad namespaces.  A case writes an info-block exactly as one of
# those kernels laid it out (tests/tools/nd-infoblock), seeds the data where
# that layout puts it, lets the kernel find the block, and checks every
# path to the data and every byte of the media the kernel does not own.
source "$(dirname "${BASH_SOURCE[0]}")/nd.sh"
LBASE=${LBASE:-0x104000000} LSIZE=${LSIZE:-$((256 << 20))}
M=$((1 << 20))
W=/tmp/legacy-$SCN
rm -rf "$W" && mkdir -p "$W"

# A3 (make check-arch) names a namespace inside a labelled region itself
# (LREGION, LNS) and the architecture's page and section size (NDIB_GEOM,
# nd-infoblock's --page-size and --section).
LREGION=${LREGION:-$(region_at $LBASE)} || abort "no legacy pmem region at $LBASE"
LNS=${LNS:-$(ndctl list -i -r "$LREGION" -N | json_field dev)}
[ -n "$LNS" ] || abort "no namespace in $LREGION"
# The info-block names the namespace it belongs to (parent_uuid): a
# labelled namespace's own uuid, zeroes for a label-less one, which is
# what the kernel compares (nd_pfn_validate(), nd_dev_to_uuid()).  Read
# from sysfs: ndctl reports a claimed namespace's claimer's uuid.
LPARENT=$(cat "$B/devices/$LNS/uuid" 2>/dev/null)

# rd DISK START LEN: LEN bytes of DISK from byte START.
rd() {
	dd if="/dev/$1" bs=1M iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none
}


# legacy_seed KIND [nd-infoblock layout options...]: write an info-block
# as the option's kernel laid it out, and seed the data (a file system for
# fsdax, a pattern for devdax) and the memmap reserve (a marker pattern)
# through raw block I/O, where that layout puts them.  Sets sp et doff
# dbytes map data resv rlen raw, and $W/{img,head,tail,resv}: what the
# kernel must leave alone.
legacy_seed() {
	local kind=$1 lay seed=${seed:-31}; shift
	local args=(--base $LBASE --size $LSIZE ${NDIB_GEOM:-} "$@")
	[ "$kind" = devdax ] && args+=(--dax)
	[ -n "$LPARENT" ] && args+=(--parent-uuid "$LPARENT")
	lay=$("$NDIB" legacy "${args[@]}") || abort "nd-infoblock legacy ${args[*]}"
	lget() { sed -n "s/^$1=//p" <<< "$lay"; }
	sp=$(lget start_pad) et=$(lget end_trunc) doff=$(lget dataoff) dbytes=$(lget data_bytes)
	map=$(lget mode)
	data=$((sp + doff)) resv=$((sp + 8192)) rlen=$((doff - 8192))
	(( rlen < 0 )) && rlen=0
	info "$kind map=$([ "$map" = pmem ] && echo dev || echo mem): $(tr '\n' ' ' <<< "$lay")"

	raw=$(ns_raw "$LNS") || abort "cannot bind $LNS raw"
	if [ "$map" = pmem ] && (( rlen > 0 )); then
		"$DAXCHECK" write "$W/resv" "$rlen" 90 > /dev/null &&
		dd if="$W/resv" of="/dev/$raw" bs=1M oflag=seek_bytes seek=$resv \
			conv=notrunc,fsync status=none || abort "seed the memmap reserve"
	fi
	if [ "$kind" = fsdax ]; then
		rm -rf "$W/root" "$W/img" && mkdir "$W/root" &&
		"$DAXCHECK" write "$W/root/data" 8m $seed > /dev/null &&
		truncate -s "$dbytes" "$W/img" &&
		mkfs.ext4 -q -F -b "$(getconf PAGESIZE)" -d "$W/root" "$W/img" || abort "build the file system image"
	else
		"$DAXCHECK" write "$W/img" "$dbytes" $seed > /dev/null || abort "build the data image"
	fi
	dd if="$W/img" of="/dev/$raw" bs=1M oflag=seek_bytes seek=$data conv=notrunc,fsync \
		status=none || abort "seed the data through block I/O"
	check "write the info-block" "$NDIB" write "/dev/$raw" "${args[@]}" || exit 1
	# What the kernel must leave alone: everything but the memmap reserve
	# (and the data, which the checks below change on purpose).
	rd "$raw" 0 $resv > "$W/head"
	(( et > 0 )) && rd "$raw" $((LSIZE - et)) "$et" > "$W/tail"
	[ "$map" = pmem ] && rd "$raw" $resv $rlen > "$W/resv"
	return 0
}

# legacy_check_media RESERVE DATA: bind the namespace raw again and compare
# it with what legacy_seed recorded.  The start of the namespace (info-block,
# start_pad) and the end_trunc area must be unchanged.  RESERVE: "written"
# (an on-media memmap must have changed the reserve, or the data checks
# would prove nothing) or "kept" (nothing written to media).  DATA: "kept"
# compares all the data with the seed image, "changed" skips it (the
# scenario wrote to it on purpose).  Sets raw.
legacy_check_media() {
	local reserve=$1 data_kept=$2
	raw=$(ns_raw "$LNS") || abort "cannot bind $LNS raw again"
	check "start of the namespace, info-block and start_pad unchanged" \
		cmp "$W/head" <(rd "$raw" 0 $resv)
	(( et > 0 )) && check "end_trunc area unchanged" cmp "$W/tail" <(rd "$raw" $((LSIZE - et)) "$et")
	if [ "$map" = pmem ] && (( rlen > 0 )); then
		if [ "$reserve" = written ]; then
			if cmp -s "$W/resv" <(rd "$raw" $resv $rlen); then
				# A backport kernel (make backport, flavour
				# stock-VER/stable-VER) is only held to the data
				# checks: 6.1 keeps this memmap out of the
				# reserve, stock and fixed alike.
				case ${NVT_FLAVOUR:-} in
				*-[0-9]*.[0-9]*) info "memmap reserve unchanged on $(uname -r): memmap not on the device (not required of a backport kernel)" ;;
				*) bad "the memmap reserve is unchanged: was the memmap on the device?" ;;
				esac
			fi
		else
			check "memmap reserve unchanged (nothing written to media)" \
				cmp "$W/resv" <(rd "$raw" $resv $rlen)
		fi
	fi
	[ "$data_kept" = kept ] && check "data unchanged" cmp "$W/img" <(rd "$raw" $data "$dbytes")
	return 0
}

# legacy_seed_padded_dev KIND: legacy_seed with the v5.2 (+stable, 1.3)
# map=dev layout, start_pad and end_trunc 64 MiB, whose memmap reserve
# lies past start_pad (L12, L14).
legacy_seed_padded_dev() {
	legacy_seed "$1" --era v5.2 --version 1.3 --map dev --start-pad 64M --end-trunc 64M
	(( doff > 8192 && sp > 0 )) || abort "layout has no memmap reserve past start_pad ($sp, $doff)"
}

# legacy_case EXPECT KIND [nd-infoblock layout options...]
#   EXPECT  dax    DAX serves the layout, memmap where the layout puts it
#           ram    DAX serves it with the memmap in RAM: nothing written
#           block  fsdax refuses DAX and keeps block I/O
#           refuse the kernel refuses the info-block; media untouched
#   KIND    fsdax or devdax
legacy_case() {
	local expect=$1 kind=$2 dev c seed=31 mark; shift 2
	local sp et doff dbytes map data resv rlen raw
	legacy_seed "$kind" "$@"

	# 2. The kernel finds the info-block.
	mark=$(kmsg_mark)
	# STOCK_SPLAT WHY, STOCK_SPLAT_RE, STOCK_SYMPTOM: the probe is where
	# stock shows a splat that is part of its defect (stock_splat_begin
	# in lib.sh), STOCK_SPLAT_RE its first line, STOCK_SYMPTOM the
	# kernel message of the defect itself, which confirms the window.
	if [ -n "${STOCK_SPLAT:-}" ]; then
		stock_splat_begin "$STOCK_SPLAT" "$STOCK_SPLAT_RE"
		ns_probe "$LNS"
		stock_symptom "$STOCK_SPLAT" "$STOCK_SYMPTOM"
		stock_splat_end
	else
		ns_probe "$LNS"
	fi
	c=$(claimers "$LNS")
	# STOCK_MSG: the kernel message with which stock shows its defect
	# here; stock must print it.
	if [ -n "${STOCK_MSG:-}" ] && is_stock; then
		dmesg_since "$mark" | grep -qE -- "$STOCK_MSG" ||
			bad "stock did not print its defect's message: $STOCK_MSG"
	fi
	local log; log=$(dmesg_since "$mark" | grep -E 'pfn|dax|pmem' | grep -v persistence | tr '\n' ' ')
	[ -n "$log" ] && info "kernel: $log"
	if [ "$expect" = refuse ]; then
		[ -z "$c" ] || [ -z "$(ls "$B/devices/$c/driver" 2>/dev/null)" ] ||
			bad "$c was enabled on a layout that must be refused"
		grep -q 'info-block' <<< "$log" || bad "no kernel message names the refused info-block"
	else
		[ -n "$c" ] && [ -e "$B/devices/$c/driver" ] || abort "no enabled pfn/dax device on $LNS"
		expect_eq "capacity" "$(< "$B/devices/$c/size")" "$dbytes"
		expect_eq "data address" "$(( $(< "$B/devices/$c/resource") ))" $((LBASE + data))
		# Where the series says the memmap is (other kernels lack the file)
		if [ "${NVT_FLAVOUR:-}" = patched ]; then
			local where=ram
			[ "$expect/$map" = dax/pmem ] && where=device
			[ "$expect" = block ] && where=none
			expect_eq "memmap_location" "$(< "$B/devices/$c/memmap_location")" $where
		fi
	fi
	case $expect/$kind in
	dax/fsdax|ram/fsdax|block/fsdax)
		dev=$(ls "$B/devices/$c/block")
		check "block I/O reads the seeded data, all $dbytes bytes" \
			cmp -n "$dbytes" "/dev/$dev" "$W/img"
		mkdir -p /mnt/legacy
		if [ "$expect" = block ]; then
			grep -q 'dax disabled' <<< "$log" || bad "no 'dax disabled' kernel message"
			! mount -o dax "/dev/$dev" /mnt/legacy 2>/dev/null || bad "mount -o dax succeeded"
			cleanup_mounts
			# read-only: a read-write mount would change the superblock
			check "mount without dax, read-only" mount -o ro,dax=never "/dev/$dev" /mnt/legacy &&
			check "read() the seeded file" "$DAXCHECK" read /mnt/legacy/data 8m $seed
			cleanup_mounts
		else
			# STOCK_DAX_WINDOW=(WHY SPLAT OOPS): on stock, the DAX
			# accesses are the step that may oops (A3): a window of
			# their own (stock_splat_begin in lib.sh).
			[ -n "${STOCK_DAX_WINDOW:-}" ] && stock_splat_begin "${STOCK_DAX_WINDOW[@]}"
			check "mount -o dax" dax_mount "/dev/$dev" /mnt/legacy || exit 1
			check "the file is DAX" "$DAXCHECK" is-dax /mnt/legacy/data
			check "read() on the DAX mount" "$DAXCHECK" read /mnt/legacy/data 8m $seed
			check "mmap loads on the DAX mount" "$DAXCHECK" mmap-read /mnt/legacy/data 8m $seed
			check "mmap stores on the DAX mount (within 120 s)" \
				watched 120 "$DAXCHECK" mmap-write /mnt/legacy/data 8m $((seed + 1)) ||
				hung_exit
			check "unmount after the DAX accesses (within 120 s)" \
				watched 120 cleanup_mounts || hung_exit
			[ -n "${STOCK_DAX_WINDOW:-}" ] && stock_splat_end
			# The stores must be where block I/O (the legacy layout) has the file.
			check "block I/O (debugfs -D) sees the mmap stores" \
				debugfs -D -R "dump /data $W/out" "/dev/$dev" &&
			check "the stored data" "$DAXCHECK" read "$W/out" 8m $((seed + 1))
		fi
		;;
	dax/devdax|ram/devdax)
		local chr; chr=$(dax_chardev "$LNS") || abort "no device-dax for $LNS"
		check "mmap loads of /dev/$chr" "$DAXCHECK" mmap-read "/dev/$chr" "$dbytes" $seed
		check "mmap stores to /dev/$chr" "$DAXCHECK" mmap-write "/dev/$chr" "$dbytes" $((seed + 1))
		;;
	esac
	[ "$expect" = ram ] && ! grep -q 'memmap in RAM' <<< "$log" &&
		bad "no 'memmap in RAM' kernel message"

	# 3. Back to raw: the media, byte by byte.
	legacy_check_media "$([ "$expect" = dax ] && echo written || echo kept)" \
		"$(case $expect in refuse|block) echo kept ;; *) echo changed ;; esac)"
	if [ "$kind" = devdax ] && [ "$expect" != refuse ]; then
		rd "$raw" $data "$dbytes" > "$W/out"
		check "the device-dax stores are where the legacy layout has the data" \
			"$DAXCHECK" read "$W/out" "$dbytes" $((seed + 1))
	fi
	rm -rf "$W"
}
