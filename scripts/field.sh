#!/bin/bash
# make check-field: the media outlive the boot.  Stock and patched kernels
# take turns on the same NVDIMM backing files (boot.sh --media), as after a
# reboot, a kernel upgrade or a downgrade.
#
#   chain P  patched creates the seeds' layouts (R1), then patched, stock
#            and patched again each find them by themselves, check every
#            namespace's data and store new data for the next (R2)
#   chain S  the same, stock first: stock, stock, patched, stock
#   chain L  a legacy padded namespace on T5 (guest RAM kept in a file):
#            patched seeds it and serves it with DAX (U1), stock reads it
#            with block I/O only (U2: stock maps its DAX pfns wrongly),
#            patched serves it again (U1); the info-block and every byte
#            outside the memmap reserve stay as seeded
#   chain X  failed probes and re-probes (X1), patched then stock: kmem
#            refused on a device without a whole memory block, a
#            system-ram round trip, a busy disable; pfnwalk checks
#            pfn_valid() after each step
#
# Environment: FIELD_CHAINS="P S L X" (default all); FIELD_DEBUG=1 boots
# the debug kernels (KASAN, lockdep, DEBUG_VM: config/debug.config), where
# any report fails the boot.  Ends with "N passed, N failed".
source "$(dirname "$0")/lib.sh"

t0=$SECONDS
"$TOP/scripts/prepare-tree.sh"
series_is_empty && die "the series is empty: nothing to compare"
[ -z "${FIELD_DEBUG:-}" ] || export DEBUG=1
for f in stock patched; do "$TOP/scripts/build.sh" "$f"; done

summary=$(mktemp)
root=$BUILD_DIR/field/$(date +%Y%m%d-%H%M%S)
mkdir -p "$root"
# The backing files are sparse but large (T5's RAM file is 6 GiB): the
# state and logs are kept, the images go, also when the run is stopped.
trap 'rm -f "$root"/*/*.img' EXIT
# hop CHAIN N FLAVOUR TOPO SCENARIO [GUEST_ENV [MEDIA]]: boot N of CHAIN on
# the media of MEDIA (default: the chain's own).  Its results are
# labelled "chain-CHAIN-bootN" (a boot, never to be read as a scenario name:
# chain S's boots are not scenarios S1-S4).
hop() {
	local chain=$1 n=$2 f=$3 t=$4 scn=$5 genv=${6:-} media=${7:-$1}
	NVT_GUEST_ENV=$genv boot_results "$f" "$t" "$scn" "chain-$chain-boot$n $f${DEBUG:+ debug}" \
		"$summary" --media "$root/$media" ${DEBUG:+--timeout 3000}
}
for chain in ${FIELD_CHAINS:-P S L X}; do
	case $chain in
	P) hop P 1 patched T1 R1; hop P 2 patched T1 R2; hop P 3 stock T1 R2; hop P 4 patched T1 R2 ;;
	S) hop S 1 stock T1 R1; hop S 2 stock T1 R2; hop S 3 patched T1 R2; hop S 4 stock T1 R2 ;;
	L) hop L 1 patched T5 U1; hop L 2 stock T5 U2 NVT_RAW_FIRST=1; hop L 3 patched T5 U1 ;;
	# (each on fresh media: X1 needs T1's fresh set-up, not a kept one)
	X) hop X 1 patched T1 X1 "" X-boot1; hop X 2 stock T1 X1 "" X-boot2 ;;
	*) die "unknown chain '$chain' (P, S, L, X)" ;;
	esac
	rm -f "$root"/*/*.img
done
report "make check-field ($((SECONDS - t0))s)" "$summary"
