#!/bin/bash
# U2 (topology T5 with kept RAM, make check-field; any kernel, booted with
# NVT_RAW_FIRST so that the namespace is bound raw before nd_pmem can
# probe its info-block): block I/O only, for a kernel known to map the
# layout's DAX pfns wrongly (stock: start_pad off).  After the patched
# kernel served the namespace, this kernel reads the same info-block,
# start_pad, data and end_trunc bytes as were seeded, and finds the seeded
# file in the file system at the layout's data offset.
SCN=U2 TITLE="legacy padded namespace, another kernel, block I/O only: the bytes as seeded"
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../legacy.sh"
source "$(dirname "$0")/../field.sh"

[ "${NVT_MEDIA:-}" = kept ] || abort "U2 needs the media of an earlier boot"
legacy_state_load
info "after $(cat "$ST/legacy-last" 2>/dev/null)"
expect_eq "nothing claims $LNS (bound raw before nd_pmem loaded)" "$(claimers "$LNS")" ""
raw=$(ls "$B/devices/$LNS/block" 2>/dev/null) || abort "$LNS is not bound raw"
check "the info-block decodes as valid (nd-infoblock show)" "$NDIB" show "/dev/$raw"
legacy_digests
expect_eq "info-block and start_pad byte-identical to the seed" "$head_sum" "$head_seed"
expect_eq "data and end_trunc byte-identical to the seed" "$rest_sum" "$rest_seed"
legacy_read_fs_raw
echo "$(uname -r)" > "$ST/legacy-last"
