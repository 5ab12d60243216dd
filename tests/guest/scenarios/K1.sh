#!/bin/bash
# K1 (topology T1, make check-kdump, kernels with config/kdump.config):
# the first kernel of a crash dump.  Both 64 MiB regions of the shared
# section 0x100000000 get an fsdax and a devdax namespace, one region with
# the memmap on the device (map=dev), the other with it in RAM (map=mem),
# sized so that the section's active sub-sections are not all of it:
#   region A  [0, 32M) fsdax map=dev  [32M, 48M) devdax map=dev  [48M, 64M) free
#   region B  [64M, 80M) fsdax map=mem  [80M, 112M) devdax map=mem  [112M, 128M) free
# and the 1 GiB region gets a 256 MiB fsdax map=dev namespace of whole
# sections.  (For map=dev, x86-64's vmemmap_populate() takes the memmap
# from the device only for whole sections; for less than a section it
# uses base pages from RAM.)
# The fsdax ones are mounted with DAX (under /k1, which the scenario's
# cleanup leaves alone) and both devdax devices are mapped by a process
# when the kernel crashes.  K1 loads the capture kernel (the same
# bzImage) with kexec -p and writes what the dump must show to
# /nvt/kdump/facts: every namespace's range and first data page, and the
# section's active sub-sections as pfn_valid() sees them (pfnwalk).  The
# runner then panics the kernel (tests/guest/run); K2 runs in the capture
# kernel.
SCN=K1 TITLE="kdump: fsdax + devdax (map=dev and map=mem) active in one shared section, capture kernel loaded"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../nd.sh"

KD=/nvt/kdump
mkdir -p "$KD"
# K1 ends in a panic with its namespaces still active: it runs last.
[ "${NVT_SCENARIOS##*,}" = K1 ] || abort "K1 must be the last scenario (NVT_SCENARIOS=$NVT_SCENARIOS)"
[ "$(cat /sys/kernel/kexec_crash_size 2>/dev/null)" -gt 0 ] 2>/dev/null ||
	abort "no crash kernel memory reserved (crashkernel= on the command line)"
check "load pfnwalk" modprobe pfnwalk || abort "no pfnwalk module"
rA=$(region_at 0x100000000) && rB=$(region_at 0x104000000) &&
	rBig=$(region_at 0x108000000) || abort "T1 regions missing"
shared=0x100000000 S=$(( 128 << 20 ))
expect_eq "shared section invalid before" "$(pfn_hits valid $shared $S)" 0

# data_start NS MODE: the physical address of the first data page: the
# pfn device's resource for fsdax, the dax device's for devdax.
data_start() {
	local c
	if [ "$2" = fsdax ]; then
		for c in $(claimers "$1"); do
			[[ $c == pfn* ]] && { echo $(( $(< "$B/devices/$c/resource") )); return; }
		done
	else
		c=$(dax_chardev "$1")
		echo $(( $(< "/sys/bus/dax/devices/$c/resource") ))
	fi
}

: > "$KD/facts"
create() { # REGION MODE MAP SIZE SEED
	local js ns dev start size
	js=$(ns_create -r "$1" -m "$2" -M "$3" -s "$4") || abort "$2 map=$3 $4 in $1 failed"
	ns=$(json_field dev <<< "$js")
	if [ "$2" = fsdax ]; then
		dev=$(json_field blockdev <<< "$js")
		fsdax_use "/dev/$dev" "/k1/$ns" "$5" || abort "fsdax $ns unusable"
	else
		dev=$(dax_chardev "$ns")
		check "devdax $dev: mmap stores" "$DAXCHECK" mmap-write "/dev/$dev" 0 "$5" ||
			abort "devdax $dev unusable"
	fi
	read -r start size <<< "$(nsrange "$ns")"
	local d; d=$(data_start "$ns" "$2")
	[ -n "$d" ] || abort "no data start for $ns"
	# ns NAME MODE MAP START SIZE DATA_START DEVICE
	printf 'ns %s %s %s %#x %#x %#x %s\n' "$ns" "$2" "$3" "$start" "$size" "$d" "$dev" >> "$KD/facts"
	info "$ns: $2 map=$3 [$(printf %#x "$start"), +$((size >> 20))M), data at $(printf %#x "$d"), /dev/$dev"
}
create "$rA" fsdax dev 32m 601
create "$rA" devdax dev 16m 602
create "$rB" fsdax mem 16m 603
create "$rB" devdax mem 32m 604
create "$rBig" fsdax dev 256m 605

# The section's active sub-sections, as pfn_valid() answers for each
# 2 MiB of it, must be exactly the four namespaces.
map=0 want=0
for i in $(seq 0 63); do
	h=$(pfn_hits valid $(( shared + (i << 21) )) $(( 1 << 21 )))
	case $h in
	512) map=$(( map | (1 << i) )) ;;
	0) ;;
	*) bad "sub-section $i: $h of 512 pfns valid" ;;
	esac
done
while read -r _ _ _ _ start size _; do
	(( start < shared + S )) || continue
	for (( a = start; a < start + size; a += 1 << 21 )); do
		want=$(( want | (1 << ((a - shared) >> 21)) ))
	done
done < "$KD/facts"
expect_eq "active sub-sections of section 0x100000000 (pfnwalk)" \
	"$(printf %#018x $map)" "$(printf %#018x $want)"
printf 'section %d map %#018x\n' $(( shared >> 27 )) "$map" >> "$KD/facts"
# One System RAM page the dump must hold, with flags known in advance:
# the first page of the kernel's code, PG_reserved since boot.
kcode=$(awk -F'[- :]+' '/Kernel code/ {print $2; exit}' /proc/iomem)
[ -n "$kcode" ] && [ $(( 0x$kcode )) -gt 0 ] || abort "no Kernel code in /proc/iomem"
printf 'ram %#x\n' $(( 0x$kcode )) >> "$KD/facts"

# Both devdax devices stay mapped by a process at the time of the crash
# (one 2 MiB page of each, touched).
while read -r _ _ mode _ _ _ _ dev; do
	[ "$mode" = devdax ] || continue
	python3 -c 'import mmap, os, signal, sys
fd = os.open(sys.argv[1], os.O_RDWR)
m = mmap.mmap(fd, 2 << 20)
m[0]
print("held", flush=True)
signal.pause()' "/dev/$dev" > "/tmp/k1-hold-$dev" 2>&1 &
	echo $! >> /tmp/nvt-kdump-holders
	for _ in $(seq 30); do grep -q held "/tmp/k1-hold-$dev" && break; sleep 1; done
	expect_eq "/dev/$dev mapped by a process" "$(cat "/tmp/k1-hold-$dev")" held
done < <(grep '^ns ' "$KD/facts")

# What a dump of this system would hold, as makedumpfile estimates it
# on the live kernel.
# makedumpfile finds free pages by walking mem_section and reading every
# memmap: its count must agree with the kernel's own MemFree (within 3%:
# the two are read a few seconds apart).
memfree=$(awk '$1 == "MemFree:" {print $2}' /proc/meminfo)
check "makedumpfile --mem-usage /proc/kcore" \
	sh -c "makedumpfile -f --mem-usage /proc/kcore > $KD/mem-usage.txt 2>&1"
sed -n '/^TYPE/,/^$/p' "$KD/mem-usage.txt" | sed "s/^/INFO $SCN: /"
free=$(awk '$1 == "FREE" {print $2 * 4}' "$KD/mem-usage.txt")
# (for K2: what -d 31 must exclude as free and keep as kernel data)
awk '$1 == "FREE" {f = $2} $1 == "KERN_DATA" {k = $2} END {print "memusage", f, k}' \
	"$KD/mem-usage.txt" >> "$KD/facts"
info "free memory: makedumpfile ${free:-?} KiB, /proc/meminfo MemFree $memfree KiB"
[ -n "$free" ] && (( free * 100 >= memfree * 97 && free * 100 <= memfree * 103 )) ||
	bad "makedumpfile's free pages (${free:-none} KiB) are not MemFree ($memfree KiB) within 3%"

# The capture kernel: this bzImage, this command line with the crash
# reservation dropped, one CPU, devices reset, and K2 to run.
kernel=${NVT_MODS%/mods*/lib/modules}/arch/x86/boot/bzImage
[ -f "$kernel" ] || abort "no kernel image at $kernel"
args=$(sed -e 's/crashkernel=[^ ]*//' -e 's/NVT_SCENARIOS=[^ ]*/NVT_SCENARIOS=K2/' /proc/cmdline)
args+=" nr_cpus=1 reset_devices irqpoll NVT_KDUMP=capture"
check "kexec -p (load the capture kernel)" kexec -p "$kernel" --append="$args" ||
	abort "capture kernel not loaded"
expect_eq "capture kernel loaded" "$(cat /sys/kernel/kexec_crash_loaded)" 1
# (failed checks inside command substitutions are only in FAILFILE)
[ "$FAILED" = 0 ] && [ ! -s "$FAILFILE" ] && : > /tmp/nvt-kdump-armed
