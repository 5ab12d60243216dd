#!/bin/bash
# F1 (topology T5): fuzz the info-block parser.  tests/guest/fuzz.py writes
# NVT_FUZZ_CASES info-blocks (default: the 504 deterministic boundary
# cases; "make fuzz" runs thousands under the debug kernel) to the 32 MiB
# legacy pmem at 0x120000000, which shares its section with System RAM.
# Each must be enabled exactly as it states, or refused with a message, or
# (not an info-block) left raw; the media must stay byte-identical.
SCN=F1 TITLE="info-block fuzz: every field at its boundaries, corrupt blocks, random combinations"
source "$(dirname "$0")/../lib.sh"
stock_fails "an info-block with a valid checksum and an unknown mode falls back to a raw namespace; an empty map=dev reserve makes badblocks_check() warn"

region=$(region_at 0x120000000) || abort "no legacy pmem region at 0x120000000"
ns=$(ndctl list -i -r "$region" -N | json_field dev)
[ -n "$ns" ] || abort "no namespace in $region"
# Stock warns in badblocks_check() on a map=dev block with an empty memmap
# reserve (dataoff 8K), one of the defects it fails here.
stock_splat_begin "badblocks_check() warns on an empty memmap reserve"
# Progress (every 100 cases) goes to the console as it comes.
NVT_FUZZ_TRACE=/nvt/f1-cases.txt python3 "$(dirname "$0")/../fuzz.py" "$ns" "${NVT_FUZZ_CASES:-0}" "${NVT_FUZZ_SEED:-1}" 2>&1 |
	tee /tmp/f1.out | grep --line-buffered '^INFO'
rc=${PIPESTATUS[0]}
stock_splat_end
grep '^FAILCASE' /tmp/f1.out | head -n 20
n=$(grep -c '^FAILCASE' /tmp/f1.out)
[ "$rc" = 0 ] || bad "$n fuzz cases failed (rc $rc): $(grep -m1 '^FAILCASE' /tmp/f1.out || tail -n 3 /tmp/f1.out)"
