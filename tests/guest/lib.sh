# shellcheck shell=bash
# Helpers for guest scenarios.  A scenario script sets SCN and TITLE,
# sources this file, and calls check/expect_* as it goes; the EXIT trap
# writes exactly one PASS or FAIL line for it to /nvt/results.txt.
set -uo pipefail
# NVT_STUB_PATH: the host's oracle tests put stand-ins for ndctl and
# friends first.
export PATH=${NVT_STUB_PATH:+$NVT_STUB_PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# NVT_DIR: the results share (the host's run directory); the host's
# oracle tests (tests/host/oracle) point it and NVT_TMP elsewhere.
NVT_DIR=${NVT_DIR:-/nvt}
RES=$NVT_DIR/results.txt
NVT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Where markers for the console go (the oracle tests: a file).
KMSG_W=${NVT_KMSG_W:-/dev/kmsg}
DAXCHECK=$NVT_TOOLS/daxcheck
NDIB=$NVT_TOOLS/nd-infoblock
SCN=${SCN:?} TITLE=${TITLE:?}
FAILED=0
OWNED_REGIONS=()
# Failed checks are also written here, so a check that fails inside a
# command substitution (a subshell) still fails the scenario.
FAILFILE=${NVT_TMP:-/tmp}/nvt-$SCN.failed
rm -f "$FAILFILE"

info() { echo "INFO $SCN: $*"; }
bad()  {
	echo "  $SCN: FAILED CHECK: $*"; FAILED=1; echo "$*" >> "$FAILFILE"
	# Inside a window that may end in an oops: the record the host reads.
	[ -z "${SPLAT_OOPS:-}" ] || echo "$SCN dirty: $*" >> "$NVT_DIR/clean"
}

# check DESCRIPTION CMD...: run CMD, a failure is a failed check.
check() {
	local d=$1; shift
	local out
	if out=$("$@" 2>&1); then
		return 0
	fi
	bad "$d"
	[ -n "$out" ] && printf '%s\n' "$out" | tail -n 8 | sed 's/^/      /'
	return 1
}

# expect_eq DESCRIPTION GOT WANT
expect_eq() {
	[ "$2" = "$3" ] && return 0
	bad "$1: got '$2', want '$3'"
	return 1
}

# abort DESCRIPTION: a failed precondition, later checks make no sense.
abort() { bad "$1"; exit 1; }

# own_region REGION: the scenario creates namespaces in REGION; whatever it
# leaves there is destroyed when it ends, so one failure cannot cascade.
own_region() { OWNED_REGIONS+=("$1"); }

# skip REASON: the scenario does not apply to this kernel; it reports SKIP.
SKIPPED=
skip() { SKIPPED=$1; exit 0; }

# stock_fails DEFECT CHECK...: the stock kernel is known to fail this
# scenario because of DEFECT, which the series fixes, and each CHECK is
# the start of the text of a check that shows it (the text bad() records:
# check's description, expect_eq's "DESCRIPTION: got ...", abort's
# reason).  On stock the scenario is XFAIL only when the failed checks
# are exactly those: every CHECK failed, and nothing else did.  Any
# other failure on stock (a set-up step, a tool, the clean-up) is a FAIL
# naming it, and so is a pass: the scenario would no longer show DEFECT.
# A CHECK written "?TEXT" may fail but need not: for a symptom a kernel
# shows in some runs and not in others (the scenario says which).
STOCK_DEFECT=
STOCK_CHECKS=()
stock_fails() {
	STOCK_DEFECT=$1; shift
	STOCK_CHECKS=("$@")
	[ ${#STOCK_CHECKS[@]} -gt 0 ] || bad "stock_fails names no check that shows the defect"
}
# is_stock: this kernel is an unpatched one (stock, or stock-VER of a
# backport run).
is_stock() { case ${NVT_FLAVOUR:-} in stock|stock-*) return 0 ;; esac; return 1; }

# stock_verdict: on stock, compare the failed checks with STOCK_CHECKS;
# prints nothing when they are exactly the named ones, else what differs.
stock_verdict() {
	local line pat hit missing="" extra="" i
	local -a seen=()
	while IFS= read -r line; do
		hit=0
		for i in "${!STOCK_CHECKS[@]}"; do
			pat=${STOCK_CHECKS[$i]#\?}
			if [[ $line == "$pat"* ]]; then
				hit=1 seen[i]=1
			fi
		done
		[ $hit = 1 ] || extra+="${extra:+; }$line"
	done < <(cat "$FAILFILE" 2>/dev/null)
	for i in "${!STOCK_CHECKS[@]}"; do
		[[ ${STOCK_CHECKS[$i]} == \?* ]] && continue
		[ -n "${seen[i]:-}" ] || missing+="${missing:+; }${STOCK_CHECKS[$i]}"
	done
	[ -z "$extra" ] || echo "failed besides the named checks: $extra"
	[ -z "$missing" ] || echo "named checks that did not fail: $missing"
}

# Console windows for kernel splats that are part of a defect:
#
# stock_splat_begin WHY SPLAT [OOPS] / stock_splat_end: on the stock
# kernel, a kernel splat between the two may be part of the defect being
# shown.  SPLAT is an extended regular expression that the first line of
# every splat in the window must match (e.g. 'WARNING: .* add_pages');
# any other splat there still fails the boot.  A splat in the window
# counts as the defect only when the scenario confirmed the defect's own
# symptom while the window was open (stock_symptom, known_defect); the
# end marker says whether it did.  On other kernels the markers are not
# written: any splat there fails.
#
# OOPS (make check-arch, whose boots have oops=panic): the defect may be
# an oops that ends the boot inside the window.  OOPS is an extended
# regular expression that the function of the oops's faulting PC line
# (x86-64 "RIP:", arm64 "pc :", powerpc "NIP") must match, and the
# scenario's checks must all have held up to the window: the guest
# records that in the results share when the window opens.
#
# known_splat_begin WHY SPLAT [OOPS] / known_splat_end: the same for a
# defect of the base kernel that the series shares (known_defect, which
# confirms it): written on every flavour.
#
# splat_begin KIND WHY SPLAT [OOPS] / splat_end KIND: the markers of
# either KIND (STOCK, KNOWN, INJECTED); SPLAT_OPEN is the kind left open, which
# finish() closes.
SPLAT_OPEN= SPLAT_CONFIRMED= SPLAT_MARK= SPLAT_OOPS=
splat_begin() {
	[ -n "${3:-}" ] || bad "splat window '$2' names no splat signature"
	SPLAT_MARK=$(kmsg_mark)
	if [ -n "${4:-}" ]; then
		# What the scenario's checks said before the risky step.
		if [ -s "$FAILFILE" ]; then
			echo "$SCN dirty: $(head -n 1 "$FAILFILE")" >> "$NVT_DIR/clean"
		else
			echo "$SCN clean" >> "$NVT_DIR/clean"
		fi
		sync "$NVT_DIR/clean" 2>/dev/null
	fi
	echo "NVT-$1-SPLAT-BEGIN $SCN: $2 @splat=$3${4:+ @oops=$4}" > "$KMSG_W"
	# (a check that fails from here on marks the record dirty: bad())
	SPLAT_OPEN=$1 SPLAT_CONFIRMED=no SPLAT_OOPS=${4:-}
}
splat_end() {
	[ "$SPLAT_OPEN" = "$1" ] &&
		echo "NVT-$1-SPLAT-END $SCN @confirmed=$SPLAT_CONFIRMED" > "$KMSG_W"
	SPLAT_OPEN= SPLAT_OOPS=
	return 0
}
# splat_confirm: the scenario saw the defect's own symptom in the open
# window.
splat_confirm() { [ -z "$SPLAT_OPEN" ] || SPLAT_CONFIRMED=yes; }
stock_splat_begin() { is_stock || return 0; splat_begin STOCK "$@"; }
stock_splat_end() { splat_end STOCK; }
known_splat_begin() { splat_begin KNOWN "$@"; }
known_splat_end() { splat_end KNOWN; }
# injected_splat_begin WHY SPLAT / injected_splat_end: around a step into
# which the scenario injects a failure itself (fault injection): a splat
# matching SPLAT there is the kernel's report of that failure, not a
# defect, once the scenario confirmed (splat_confirm) that the failure
# was injected while the window was open.  Written on every flavour; the
# host lists each such splat as an INFO line, with no verdict.
injected_splat_begin() { splat_begin INJECTED "$@"; }
injected_splat_end() { splat_end INJECTED; }

# stock_symptom DESCRIPTION ERE: on stock, inside a stock splat window,
# the kernel messages since the window opened must match ERE (the
# defect's own message); that confirms the window.  Anything else is a
# failed check.  On other kernels it does nothing.
stock_symptom() {
	is_stock || return 0
	[ "$SPLAT_OPEN" = STOCK ] || { bad "stock symptom '$1' checked outside a stock window"; return 1; }
	if dmesg_since "$SPLAT_MARK" | grep -qE -- "$2"; then
		splat_confirm
		info "stock shows its defect: $1"
	else
		bad "stock symptom not seen: $1"
	fi
}

# known_defect DEFECT: the scenario saw the specific symptom of DEFECT, a
# defect of the base kernel that the series does not fix and so shares
# (stock shows it too).  With no failed check besides, the scenario
# reports XFAIL naming it, on every flavour; any failed check still
# makes it a FAIL.  Call it only on the symptom itself; inside a known
# splat window it confirms the window.
KNOWN_DEFECT=
known_defect() { KNOWN_DEFECT=$1; [ "$SPLAT_OPEN" = KNOWN ] && splat_confirm; return 0; }

finish() {
	local rc=$? r
	# A scenario that stopped between splat markers closes them, so
	# that later splats count again.
	[ -z "$SPLAT_OPEN" ] || splat_end "$SPLAT_OPEN"
	if [ -n "$SKIPPED" ] && [ $FAILED = 0 ] && [ ! -s "$FAILFILE" ]; then
		echo "SKIP $SCN: $TITLE ($SKIPPED)" | tee -a "$RES"
		return
	fi
	# A scenario that left a task in D state on its mount sets NO_CLEANUP
	# to why: another umount or disable there would hang the same way.
	if [ -n "${NO_CLEANUP:-}" ]; then
		echo "INFO $SCN: no clean-up: $NO_CLEANUP" | tee -a "$RES"
	else
		cleanup_mounts
		for r in "${OWNED_REGIONS[@]}"; do
			[ -n "$(ns_list_digest "$r")" ] || continue
			destroy_region_namespaces "$r" || bad "could not clean up $r"
		done
	fi
	[ $rc -ne 0 ] && [ $FAILED = 0 ] && bad "scenario script exited with $rc"
	[ -s "$FAILFILE" ] && FAILED=1
	if [ -n "$KNOWN_DEFECT" ] && [ $FAILED = 0 ]; then
		echo "XFAIL $SCN: $TITLE (known defect of the base kernel, not fixed by the series: $KNOWN_DEFECT)" |
			tee -a "$RES"
	elif [ -n "$STOCK_DEFECT" ] && is_stock; then
		local why
		why=$(stock_verdict)
		if [ $FAILED = 0 ]; then
			echo "FAIL $SCN: $TITLE (stock passed, but should show: $STOCK_DEFECT)" |
				tee -a "$RES"
		elif [ -z "$why" ]; then
			echo "XFAIL $SCN: $TITLE (stock: $STOCK_DEFECT; failed as named: $(paste -sd '|' "$FAILFILE"))" |
				tee -a "$RES"
		else
			echo "FAIL $SCN: $TITLE (stock: $(tr '\n' ' ' <<< "$why"))" | tee -a "$RES"
		fi
	elif [ $FAILED = 0 ]; then
		echo "PASS $SCN: $TITLE" | tee -a "$RES"
	else
		echo "FAIL $SCN: $TITLE" | tee -a "$RES"
	fi
}
trap finish EXIT

# kmsg_mark: the sequence number the next kernel message will carry.
# dmesg_since MARK: the text of the kernel messages from sequence number
# MARK on, one line each.  If the ring buffer no longer holds MARK (it
# wrapped), the answer would be short: a failed check (what is left is
# still printed).  Records user space wrote (markers) are left out.
# Both read /dev/kmsg, whose records carry their sequence numbers.
kmsg_mark() {
	python3 "$NVT_LIB_DIR/kmsg.py" mark ||
		{ bad "cannot read /dev/kmsg for a mark" >&2; echo 0; }
}
dmesg_since() {
	python3 "$NVT_LIB_DIR/kmsg.py" since "$1" ||
		bad "kernel messages since #$1 not all in the ring buffer (or /dev/kmsg unreadable)" >&2
}

# --- ndctl / sysfs ----------------------------------------------------------

# json_field KEY: read JSON on stdin (object or list of one), print KEY.
json_field() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
if isinstance(d, list):
    d = d[0]
v = d.get(sys.argv[1], "")
print(v)' "$1"
}

# region_at ADDR: the region whose physical base is ADDR (e.g. 0x108000000).
region_at() {
	local r want=$(( $1 ))
	for r in /sys/bus/nd/devices/region*; do
		[ -e "$r/resource" ] || continue
		[ $(( $(cat "$r/resource") )) -eq $want ] && { basename "$r"; return 0; }
	done
	return 1
}

# region_of_bus BUS: first pmem region on bus BUS (provider name).
region_of_bus() {
	ndctl list -b "$1" -R 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
d = d if isinstance(d, list) else [d]
rs = sorted((r for r in d if r.get("type") == "pmem"), key=lambda r: -r.get("size", 0))
print(rs[0]["dev"] if rs else "")'
}

# ns_create ARGS...: create a namespace, print its JSON (one line).
ns_create() {
	local out
	out=$(ndctl create-namespace "$@" 2>/tmp/ndctl.err) || {
		cat /tmp/ndctl.err >&2
		return 1
	}
	printf '%s\n' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))'
}

# ns_create_any ARGS...: like ns_create, for a namespace that may start off
# a 16 MiB boundary.  ndctl refuses those for fsdax/devdax as a cross-arch
# (ppc64) policy unless forced; x86 maps 2 MiB sub-sections, so on that
# one refusal retry with --force and say so.
ns_create_any() {
	local js
	if js=$(ns_create "$@" 2>/tmp/ndctl.any); then
		printf '%s\n' "$js"
		return 0
	fi
	grep -q 'misaligned to 16M' /tmp/ndctl.any || { cat /tmp/ndctl.any >&2; return 1; }
	info "ndctl refused a namespace off 16 MiB (its ppc64-compat policy); retrying with --force" >&2
	ns_create -f "$@"
}

# dax_chardev NAMESPACE: the device-dax character device of a devdax namespace.
dax_chardev() {
	ndctl list -n "$1" -X | python3 -c '
import json, sys
d = json.load(sys.stdin); d = d[0] if isinstance(d, list) else d
print(d["daxregion"]["devices"][0]["chardev"])'
}

# ns_list_digest REGION: the namespaces of REGION, sorted, as one string
# ("" when it has none).  A region that is not there, or an ndctl that
# fails, is a failed check and the answer "?unanswered", never "".
ns_list_digest() {
	local js
	if [ ! -e "/sys/bus/nd/devices/$1" ] || ! js=$(ndctl list -r "$1" -N 2>/dev/null); then
		bad "cannot list the namespaces of region $1" >&2
		echo "?unanswered"
		return 1
	fi
	python3 -c '
import json, sys
t = sys.stdin.read().strip()
d = json.loads(t) if t else []
d = d if isinstance(d, list) else [d]
print(";".join(sorted("%s,%s,%s,%s" % (n["dev"], n.get("mode"), n.get("size"), n.get("uuid"))
                      for n in d)))' <<< "$js" && return 0
	bad "cannot read ndctl's namespace list of region $1" >&2
	echo "?unanswered"
	return 1
}

# ns_state NS: "enabled" or "disabled", as ndctl lists NS (with -i, so a
# disabled one too).  A namespace that ndctl does not list is a failed
# check and the answer "absent", never "".
ns_state() {
	local js
	js=$(ndctl list -i -n "$1" 2>/dev/null)
	python3 -c '
import json, sys
t = sys.stdin.read().strip()
d = json.loads(t) if t else []
d = [n for n in (d if isinstance(d, list) else [d]) if n.get("dev") == sys.argv[1]]
if len(d) != 1:
    sys.exit(1)
print(d[0].get("state", "enabled"))' "$1" <<< "$js" && return 0
	bad "ndctl does not list namespace $1" >&2
	echo absent
	return 1
}

destroy_region_namespaces() { # REGION
	cleanup_mounts
	ndctl destroy-namespace -f -r "$1" all >/dev/null 2>&1
	[ -z "$(ns_list_digest "$1")" ]
}

# pfn_hits OP START_ADDR BYTES: how many pfns of [START_ADDR, +BYTES) the
# pfnwalk module (loaded by the caller) finds OP (valid: pfn_valid();
# online: pfn_to_online_page()) for.
pfn_hits() {
	local run=/sys/kernel/debug/pfnwalk/run
	local pg; pg=$(getconf PAGESIZE)
	echo "$1 $(( $2 / pg )) $(( $3 / pg )) 1" > "$run" || { bad "pfnwalk run $*"; return 1; }
	sed -n 's/.*hits=\([0-9]*\).*/\1/p' "$run"
}

# --- file systems and data --------------------------------------------------

# Scenarios mount only below /mnt; unmount all of it, deepest first.
# watched SEC CMD...: CMD in the background, its output to a file (so
# that check's command substitution does not wait for it).  If it has
# not returned after SEC seconds, print the tasks in uninterruptible
# sleep with their wait channels, write them to a file of the scenario
# (check runs this in a subshell) and return 124; CMD stays where it is.
watched() {
	local sec=$1 pid i rc hung=${NVT_TMP:-/tmp}/hung-$SCN log
	shift
	log=$hung.out
	"$@" > "$log" 2>&1 < /dev/null &
	pid=$!
	for ((i = 0; i < sec; i++)); do
		if ! kill -0 "$pid" 2> /dev/null; then
			wait "$pid" && rc=0 || rc=$?
			cat "$log"
			return $rc
		fi
		sleep 1
	done
	echo "still running after ${sec}s; tasks in D state:"
	ps -eo pid,stat,wchan:40,args | awk 'NR == 1 || $2 ~ /^D/' | tee "$hung"
	return 124
}

# hung_exit: after a watched check failed.  If the command hangs, nothing
# more can be checked and finish() must not unmount or disable behind it
# (another umount or disable there would hang the same way): the scenario
# ends.  The one hang stock is excused for is an fsdax unmount waiting in
# dax_break_layout_final() (DAX pfns start_pad low on 7.3: see L12);
# any other wait channel is a failure of its own.  Without a hang it
# returns and the scenario goes on.
hung_exit() {
	local hung=${NVT_TMP:-/tmp}/hung-$SCN
	[ -e "$hung" ] || return 0
	NO_CLEANUP="a task did not finish: $(awk 'NR > 1 {print $3 " " $4}' "$hung" | paste -sd ';')"
	grep -q ' dax_break_layout_final ' "$hung" ||
		bad "the task in D state waits in dax_break_layout_final()"
	exit 0
}

cleanup_mounts() {
	local m
	for m in $(awk '$2 ~ "^/mnt/" {print $2}' /proc/mounts | sort -r); do
		umount "$m" || bad "umount $m"
	done
}

# dax_mount DEV MNT: mount ext4 on DEV with -o dax; the mount must be DAX.
dax_mount() {
	mkdir -p "$2"
	mount -o dax "$1" "$2" || return 1
	grep -qE "^$1 $2 ext4 .*dax" /proc/mounts || { echo "no dax in mount options"; return 1; }
}

# fs_roundtrip FILE SIZE SEED: write(), read back via read() and mmap,
# store via mmap, read back via read(); the file must be DAX.
fs_roundtrip() {
	local f=$1 size=$2 seed=$3
	"$DAXCHECK" write "$f" "$size" "$seed" &&
	"$DAXCHECK" is-dax "$f" &&
	"$DAXCHECK" read "$f" "$size" "$seed" &&
	"$DAXCHECK" mmap-read "$f" "$size" "$seed" &&
	"$DAXCHECK" mmap-write "$f" "$size" $((seed + 1)) &&
	"$DAXCHECK" read "$f" "$size" $((seed + 1))
}

# fsdax_use DEV MNT SEED: mkfs.ext4, DAX mount, data round trip.
fsdax_use() {
	local dev=$1 mnt=$2 seed=$3
	# DAX needs the file system block size to be the page size (64 KiB
	# on arm64-64k and ppc64le); mke2fs would pick 1 KiB blocks for
	# these small devices.
	check "mkfs.ext4 $dev" mkfs.ext4 -q -F -b "$(getconf PAGESIZE)" "$dev" || return 1
	check "mount -o dax $dev" dax_mount "$dev" "$mnt" || return 1
	check "data round trip on $dev (write/read/mmap)" \
		fs_roundtrip "$mnt/data" 4m "$seed"
}

# --- report for "make demo" -------------------------------------------------

report_snapshot() { # TITLE
	[ "${NVT_REPORT:-0}" = 1 ] || return 0
	{
		echo "== $1"
		ndctl list -R -N 2>/dev/null | python3 -c '
import json, sys
t = sys.stdin.read().strip()
d = json.loads(t) if t else {}
regions = d if isinstance(d, list) else d.get("regions", [])
mounts = {}
for l in open("/proc/mounts"):
    f = l.split()
    mounts[f[0]] = (f[1], f[2], "dax" if "dax" in f[3] else "no-dax")
res = lambda r: int(open("/sys/bus/nd/devices/%s/resource" % r).read(), 0)
mib = lambda b: "%8.2f MiB" % (b / 1048576)
for r in sorted(regions, key=lambda r: res(r["dev"])):
    base = res(r["dev"])
    print("  %-8s base %#x  section %#x  %s  available %s" % (r["dev"], base,
          base >> 27 << 27, mib(r["size"]), mib(r.get("available_size", 0))))
    for n in r.get("namespaces", []):
        if not n.get("size"):
            continue
        dev = n.get("blockdev") or n.get("chardev") or ""
        if not dev:
            for dd in n.get("daxregion", {}).get("devices", []):
                dev = dd.get("chardev", "")
        m = mounts.get("/dev/" + dev)
        where = "mounted %s (%s, %s)" % m if m else ""
        start = res(n["dev"])
        mid = "mid-section" if start % (128 << 20) else "section-aligned"
        print("    %-14s %-7s %s  at %#x (%s)  %-8s %s" % (n["dev"], n.get("mode"),
              mib(n["size"]), start, mid, dev, where))
' 2>&1
		echo
	} >> "$NVT_DIR/report.txt"
}
