#!/bin/bash
# F1 (topology T5): fuzz the info-block parser.  tests/guest/fuzz.py writes
# NVT_FUZZ_CASES info-blocks (default: the 510 deterministic boundary
# cases; "make fuzz" runs thousands under the debug kernel, cases
# NVT_FUZZ_FIRST to NVT_FUZZ_CASES in each guest) to the 32 MiB
# legacy pmem at 0x120000000, which shares its section with System RAM.
# Each must be enabled exactly as it states, or refused with a message, or
# (not an info-block) left raw; the media must stay byte-identical.  On a
# non-stock kernel each of the six valid base layouts (fsdax and devdax,
# map=mem and map=dev, with and without sub-section padding) must be
# enabled with DAX.  On the patched kernel the default run (510 cases,
# seed 1) must answer every case as tests/guest/expected/F1-patched.txt
# records it (outcome, address and size, kernel messages): a case whose
# answer changed fails, and the scenario prints the difference.
SCN=F1 TITLE="info-block fuzz: every field at its boundaries, corrupt blocks, random combinations"
source "$(dirname "$0")/../lib.sh"
stock_fails "an info-block with a valid checksum and an unknown mode falls back to a raw namespace; an empty map=dev reserve makes badblocks_check() warn" \
	"fuzz cases with an unknown mode exposed raw"

region=$(region_at 0x120000000) || abort "no legacy pmem region at 0x120000000"
ns=$(ndctl list -i -r "$region" -N | json_field dev)
[ -n "$ns" ] || abort "no namespace in $region"
trace=${NVT_DIR:-/nvt}/f1-cases.txt out=${NVT_TMP:-/tmp}/f1.out
base_dax=1
is_stock && base_dax=0
# Stock warns in badblocks_check() on a map=dev block with an empty memmap
# reserve (dataoff 8K), one of the defects it fails here: cases 84, 252
# and 420 of the default run.  fuzz.py makes each case's probe a stock
# splat window of its own (NVT_FUZZ_STOCK_WINDOW), confirmed by that
# case's own messages; stock must confirm at least one.
window=
is_stock && window=$(printf '%s\t%s' "badblocks_check() warns on an empty memmap reserve" \
	'WARNING: .*badblocks_check')
# Progress (every 100 cases) goes to the console as it comes.
NVT_FUZZ_BASE_DAX=$base_dax NVT_FUZZ_TRACE=$trace NVT_FUZZ_STOCK_WINDOW=$window \
	python3 "$(dirname "$0")/../fuzz.py" "$ns" "${NVT_FUZZ_CASES:-0}" "${NVT_FUZZ_SEED:-1}" \
	"${NVT_FUZZ_FIRST:-1}" 2>&1 |
	tee "$out" | grep --line-buffered '^INFO'
rc=${PIPESTATUS[0]}
# (the default run has three such cases: 84, 252, 420)
want=1
[ "${NVT_FUZZ_CASES:-0}" = 0 ] && [ "${NVT_FUZZ_SEED:-1}" = 1 ] && want=3
if is_stock && ! grep -qE "^INFO F1: stock windows confirmed .*: $want\$" "$out"; then
	bad "stock symptom not seen: not $want cases' probes warned in badblocks_check() ($(grep -m1 '^INFO F1: stock windows' "$out"))"
fi
grep '^FAILCASE' "$out" | head -n 20
# Stock's defect is one kind of failed case: a block whose mode is none
# the kernel knows (0, 3, 0xffffffff), exposed raw.  Any other kind of
# failed case is a failure of its own.
unknown='^FAILCASE F1 #[0-9]+ mode=(0x0|0x3|0xffffffff) \[NVDIMM_(PFN|DAX)_INFO\]: raw: a valid info-block for this namespace was exposed raw$'
nu=$(grep -cE "$unknown" "$out")
n=$(grep '^FAILCASE' "$out" | grep -cvE "$unknown")
[ "$nu" = 0 ] || bad "fuzz cases with an unknown mode exposed raw: $nu"
if [ "$n" != 0 ]; then
	bad "fuzz cases failed: $n (rc $rc): $(grep '^FAILCASE' "$out" | grep -m1 -vE "$unknown")"
elif [ "$rc" != 0 ] && [ "$nu" = 0 ]; then
	bad "fuzz.py failed (rc $rc): $(tail -n 3 "$out" | tr "\n" " ")"
fi
nb=$(grep -c '^FAILCASE .*valid base layout not enabled with DAX' "$out")
[ "$nb" = 0 ] ||
	bad "valid base layouts not enabled with DAX: $nb: $(grep -m1 '^FAILCASE .*valid base layout not enabled' "$out")"

# The patched kernel's answers to the default cases, line by line.
expected=$(dirname "$0")/../expected/F1-patched.txt
if [ "${NVT_FLAVOUR:-}" = patched ] && [ "${NVT_FUZZ_CASES:-0}" = 0 ] &&
	[ "${NVT_FUZZ_SEED:-1}" = 1 ]; then
	if [ ! -s "$expected" ]; then
		bad "trace differs from expected/F1-patched.txt: there is no $expected"
	elif [ ! -s "$trace" ]; then
		bad "trace differs from expected/F1-patched.txt: fuzz.py wrote no trace"
	elif ! diff -u --label expected/F1-patched.txt --label f1-cases.txt \
		"$expected" "$trace" > "$out.diff"; then
		changed=$(sed -n 's/^[-+]\([0-9][0-9]*\)\t.*/\1/p' "$out.diff" | sort -un)
		info "trace lines that changed (- expected, + this kernel):"
		head -n 40 "$out.diff" | sed 's/^/      /'
		bad "trace differs from expected/F1-patched.txt: $(wc -w <<< "$changed") case(s) changed, first #$(head -n 1 <<< "$changed")"
	fi
fi
