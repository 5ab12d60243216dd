#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - extract pfn_valid() from kernel revisions, build the benchmark,
# run it, print the tables.  See README.md.
#
# usage: run.sh [options] [label=REV ...]
#   default designs: stock=base nofree=nofree map=series (nofree: the base
#   with patches/alternatives/ applied, made as a branch if missing)
#   (the first is the reference the ratios are taken against)
# options:
#   --quick            64G,1T only, 3 repetitions of 10 ms, 256K verification pfns
#   --sizes LIST       memory maps, default 64G,1T,64T
#   --reps N           repetitions (median), default 7
#   --ms N             target milliseconds per repetition, default 50
#   --verify N         random verification pfns per map, default 1048576
#   --patterns LIST    patterns (rand-all,rand-early,rand-dev,rand-space,
#                      seq-early,seq-dev,online-rand), "all" or "none"
#   --cfgs LIST        pe,nope (CONFIG_PAGE_EXTENSION=y / unset), default both
#   --plain-test-bit   test_bit() as a C load and shift instead of x86 `bt`
#   --no-thp           no transparent huge pages for the structures
#   --walk RANGE       instead of benchmarking: extract every revision of
#                      RANGE (e.g. base..series), build each distinct
#                      extraction, verify all against the reference
#   --repo DIR         kernel git tree (7.3), default build/patched/linux (make prepare)
#   --kconfig FILE     the .config shim.h must agree with, default Debian's
#                      /usr/src/linux-config-7.3/config.amd64_none_amd64.xz
#                      (package linux-config-7.3, which `make distro`
#                      installs; if that default is missing, run.sh says so
#                      and does not compare; "none": do not compare)
#   --out DIR          build directory, default build/pfnbench/out
# Linux 7.3 has no CONFIG_X86_5LEVEL: MAX_PHYSMEM_BITS is always chosen at
# boot (pgtable_l5_enabled()), so there is no --const-5level any more.
# The benchmark runs under `nice -n 10`.  The last line is
# "N passed, N failed" (extraction, build and the program's own checks).
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
REPO=$TOP/build/patched/linux
OUT=$TOP/build/pfnbench/out
SIZES=64G,1T,64T REPS=7 MS=50 VERIFY=1048576 PATTERNS=all CFGS=pe,nope
PLAIN=0 THP="" WALK="" KCONFIG=default
DEBIAN_KCONFIG=/usr/src/linux-config-7.3/config.amd64_none_amd64.xz
DESIGNS=()

while [ $# -gt 0 ]; do
	case $1 in
	--quick) SIZES=64G,1T REPS=3 MS=10 VERIFY=262144 ;;
	--sizes) SIZES=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--ms) MS=$2; shift ;;
	--verify) VERIFY=$2; shift ;;
	--patterns) PATTERNS=$2; shift ;;
	--cfgs) CFGS=$2; shift ;;
	--const-5level)
		echo "run.sh: --const-5level: Linux 7.3 has no CONFIG_X86_5LEVEL; every x86-64" \
			"kernel chooses 4- or 5-level paging at boot (see README.md)" >&2
		exit 2 ;;
	--kconfig) KCONFIG=$2; shift ;;
	--plain-test-bit) PLAIN=1 ;;
	--no-thp) THP=--no-thp ;;
	--walk) WALK=$2; shift ;;
	--repo) REPO=$2; shift ;;
	--out) OUT=$2; shift ;;
	-h|--help) sed -n '3,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*=*) DESIGNS+=("$1") ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ ${#DESIGNS[@]} -gt 0 ] || DESIGNS=(stock=base nofree=nofree map=series)
# The never-free alternative as a branch of REPO: the base with
# patches/alternatives/ applied, built in a scratch index (no checkout).
if [[ " ${DESIGNS[*]} " == *"=nofree "* ]] &&
   ! git -C "$REPO" rev-parse -q --verify nofree^{commit} > /dev/null; then
	idx=$(mktemp)
	GIT_INDEX_FILE=$idx git -C "$REPO" read-tree base &&
	for p in "$TOP"/patches/alternatives/*.patch; do
		GIT_INDEX_FILE=$idx git -C "$REPO" apply --cached "$p" || exit 1
	done &&
	tree=$(GIT_INDEX_FILE=$idx git -C "$REPO" write-tree) &&
	c=$(git -C "$REPO" -c user.name=nvt -c user.email=nvt@localhost commit-tree "$tree" -p base \
		-m "never-free usage blocks (patches/alternatives/)") &&
	git -C "$REPO" branch -f nofree "$c" || { rm -f "$idx"; echo "run.sh: cannot make branch nofree" >&2; exit 1; }
	rm -f "$idx"
fi

case $OUT in
$TOP/tests/*) echo "run.sh: --out must not be inside tests/" >&2; exit 2 ;;
esac

PASS=0 FAIL=0
pass() { PASS=$((PASS + 1)); echo "PASS $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
finish() { echo; echo "$PASS passed, $FAIL failed"; exit $(( FAIL ? 1 : 0 )); }

KCONFIG_NOTE=""
case $KCONFIG in
none) KCONFIG_ARG=() KCONFIG_NOTE="none (--kconfig none)" ;;
default)
	if [ -f "$DEBIAN_KCONFIG" ]; then
		KCONFIG_ARG=(--kconfig "$DEBIAN_KCONFIG") KCONFIG_NOTE=$DEBIAN_KCONFIG
	else
		KCONFIG_ARG=()
		KCONFIG_NOTE="NONE: $DEBIAN_KCONFIG is missing (package linux-config-7.3; \`make distro\` installs it), shim.h's Kconfig values are not compared"
	fi ;;
*) KCONFIG_ARG=(--kconfig "$KCONFIG") KCONFIG_NOTE=$KCONFIG ;;
esac

CC=${CC:-gcc}
# Kernel-like code generation for the objects holding kernel text and the
# timing loops: the code-generation flags that the 7.3 top-level Makefile,
# arch/x86/Makefile and scripts/Makefile.ubsan give mm/memory_hotplug.o
# with Debian's 7.3 amd64 config and gcc 12 (read from its .cmd file):
# ORC unwinder (no frame pointer: gcc's default at -O2), IBT
# (-fcf-protection=branch), SLS hardening, CONFIG_INIT_STACK_ALL_ZERO,
# CONFIG_UBSAN_BOUNDS (-fsanitize=bounds-strict) and CONFIG_UBSAN_SHIFT
# (-fsanitize=shift; the handlers are stubs in main.c that must never be
# called), dynamic ftrace (`call __fentry__`, which ftrace turns into a
# 5-byte NOP at boot: -pg -mfentry -mnop-mcount emits that NOP here, where
# the kernel has -mrecord-mcount).  Not modelled: -mcmodel=kernel (a
# non-PIE executable also addresses globals with 32-bit displacements),
# return thunks (-mfunction-return=thunk-extern: what `ret` costs depends
# on the CPU's mitigation), retpolines (-mindirect-branch=thunk-extern
# -mindirect-branch-register -mindirect-branch-cs-prefix: no indirect call
# on the timed paths), the stack protector (-fstack-protector-strong with
# the %gs guard: no canary in these functions), CONFIG_CALL_PADDING's
# -fpatchable-function-entry=16,16 (padding before the entry, not
# executed), -g and -nostdinc.
KFLAGS="-std=gnu11 -O2 -m64 -funsigned-char -fshort-wchar -fms-extensions
 -fno-common -fno-strict-aliasing -fno-delete-null-pointer-checks
 -fno-strict-overflow -fno-allow-store-data-races -fconserve-stack
 -fno-stack-check -fno-stack-clash-protection -ftrivial-auto-var-init=zero
 -fno-builtin-wcslen -fno-asynchronous-unwind-tables -fno-pie -mno-red-zone
 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-sse4a -mno-80387
 -mno-fp-ret-in-387 -mpreferred-stack-boundary=3 -mskip-rax-setup
 -march=x86-64 -mtune=generic -falign-jumps=1 -falign-loops=1
 -falign-functions=16 -fcf-protection=branch -mharden-sls=all -fno-jump-tables
 -fsanitize=bounds-strict -fsanitize=shift -fno-stack-protector
 -pg -mfentry -mnop-mcount -fvisibility=hidden"
WFLAGS="-Wall -Wno-unused-function"
MFLAGS="-O2 -Wall -fno-pie"

rm -rf "$OUT" && mkdir -p "$OUT" || { echo "run.sh: cannot create $OUT" >&2; exit 2; }
echo "pfnbench: out $OUT; $($CC --version | head -1)"
echo "pfnbench: kernel-text flags: $(echo $KFLAGS)"
echo "pfnbench: knobs: test_bit=$([ $PLAIN = 1 ] && echo plain || echo bt)" \
	"${THP:-THP requested}; Kconfig checked against: $KCONFIG_NOTE"

# extract LABEL REV: writes $OUT/x-LABEL.h
extract() {
	if python3 "$HERE/extract.py" --repo "$REPO" "${KCONFIG_ARG[@]}" "$2" "$OUT/x-$1.h" \
		> "$OUT/x-$1.log" 2>&1; then
		pass "extract $1=$2: $(sed 's/^extract.py: //' "$OUT/x-$1.log")"
		return 0
	fi
	fail "extract $1=$2: $(cat "$OUT/x-$1.log")"
	return 1
}

# compile LABEL CFG: writes $OUT/d-LABEL-CFG.o
compile() {
	local pe=1
	[ "$2" = nope ] && pe=0
	if $CC $KFLAGS $WFLAGS -I"$HERE" -I"$OUT" \
		-DPB_EXTRACTED="\"x-$1.h\"" -DPB_LABEL="\"$1\"" -DPB_CFG="\"$2\"" \
		-DPFNBENCH_PAGE_EXTENSION=$pe -DPFNBENCH_TEST_BIT_PLAIN=$PLAIN \
		-c "$HERE/design.c" -o "$OUT/d-$1-$2.o" > "$OUT/d-$1-$2.log" 2>&1 &&
	   objcopy --localize-hidden "$OUT/d-$1-$2.o" >> "$OUT/d-$1-$2.log" 2>&1; then
		pass "build $1 ($2)"
		return 0
	fi
	fail "build $1 ($2): $(head -20 "$OUT/d-$1-$2.log")"
	return 1
}

link() {
	$CC $KFLAGS $WFLAGS -I"$HERE" -c "$HERE/baseline.c" -o "$OUT/baseline.o" &&
	$CC $MFLAGS -I"$HERE" -c "$HERE/main.c" -o "$OUT/main.o" &&
	$CC -no-pie -o "$OUT/pfnbench" "$OUT/main.o" "$OUT/baseline.o" "$@"
}

run() {
	echo "pfnbench: load average: $(cut -d' ' -f1-3 /proc/loadavg)"
	nice -n 10 "$OUT/pfnbench" "$@" 2> >(cat >&2) | tee "$OUT/result.txt"
	local rc=${PIPESTATUS[0]} line
	echo "pfnbench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	line=$(grep -E '^pfnbench: [0-9]+ passed, [0-9]+ failed$' "$OUT/result.txt" | tail -1)
	if [ -z "$line" ]; then
		fail "pfnbench exited with status $rc and no summary"
		return
	fi
	set -- $line
	PASS=$((PASS + $2)) FAIL=$((FAIL + $4))
}

if [ -n "$WALK" ]; then
	REF=${DESIGNS[0]#*=}
	declare -A seen=()
	objs=() labels=()
	for rev in "$REF" $(git -C "$REPO" rev-list --reverse "$WALK"); do
		label=$(git -C "$REPO" rev-parse --short=9 "$rev") || { fail "rev $rev"; continue; }
		[ -n "${seen[$label]:-}" ] && continue
		seen[$label]=1
		extract "$label" "$rev" || continue
		# one build per distinct extracted text
		sum=$(grep -v '^/\*\|^#line\|^#define PFNBENCH_REV\|^#define PFNBENCH_COMMIT' \
			"$OUT/x-$label.h" | sha256sum | cut -c1-16)
		if [ -n "${seen[$sum]:-}" ]; then
			echo "     (same text as ${seen[$sum]})"
			continue
		fi
		seen[$sum]=$label
		labels+=("$label")
	done
	for cfg in ${CFGS//,/ }; do
		for label in "${labels[@]}"; do
			compile "$label" "$cfg" && objs+=("$OUT/d-$label-$cfg.o")
		done
	done
	[ ${#objs[@]} -gt 0 ] || finish
	if link "${objs[@]}" > "$OUT/link.log" 2>&1; then
		pass "link (${#objs[@]} designs)"
		run -s "${SIZES/64T/}" -p none -V "$VERIFY" $THP
	else
		fail "link: $(cat "$OUT/link.log")"
	fi
	finish
fi

labels=()
for d in "${DESIGNS[@]}"; do
	label=${d%%=*} rev=${d#*=}
	if ! [[ $label =~ ^[A-Za-z0-9_]+$ ]]; then
		fail "label $label: letters, digits and _ only"
		continue
	fi
	extract "$label" "$rev" && labels+=("$label")
done
ref=${DESIGNS[0]%%=*}
if [ "${labels[0]:-}" != "$ref" ]; then
	fail "the reference design $ref could not be extracted: no benchmark"
	finish
fi
objs=()
for cfg in ${CFGS//,/ }; do
	for label in "${labels[@]}"; do
		compile "$label" "$cfg" && objs+=("$OUT/d-$label-$cfg.o")
	done
done
if ! link "${objs[@]}" > "$OUT/link.log" 2>&1; then
	fail "link: $(cat "$OUT/link.log")"
	finish
fi
pass "link (${#objs[@]} designs)"
echo "pfnbench: command: nice -n 10 $OUT/pfnbench -s $SIZES -r $REPS -t $MS -V $VERIFY -p $PATTERNS $THP"
run -s "$SIZES" -r "$REPS" -t "$MS" -V "$VERIFY" -p "$PATTERNS" $THP
finish
