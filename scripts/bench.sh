#!/bin/bash
# make bench: stock vs patched, same source and config, same run.  Boots T1
# under QEMU -icount (guest time = instructions x 8 ns) and runs the bench
# scenario on each kernel: pfn_valid() and pfn_to_online_page() over early
# and device sections, namespace enable latency (sysfs bind of the pfn
# device, CPU time of the writing task in its write(); 16 MiB, 128 MiB,
# 1 GiB; median of five, with their minimum and maximum) and the memory
# model's per-section sizes.  Prints patched/stock ratios against the
# targets; an enable latency's target has a tolerance, the larger relative
# spread ((max - min) / median) of the two kernels' five runs, and fails
# as too noisy above 0.05.  With an empty series the stock kernel is
# measured twice, which shows the method's own noise.
#
# make bench-steps (BENCH_STEPS=1) also measures, in the same run, the
# series at each mm commit that changes pfn_valid(): the bits set last
# and read with acquire (the stable fix), the map moved, the bit tested
# first, no PHYS_PFN round trip; the last step is the whole series.
# BENCH_NOFREE=1 adds the alternative design of patches/alternatives/
# (the base with usage blocks that are never freed).
# Each gets its own kernel (rev-NAME).
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/prepare-tree.sh"
if series_is_empty; then
	runs=(stock stock) labels=(stock stock-again)
	say "series is empty: measuring the stock kernel twice (noise check)"
else
	runs=(stock patched) labels=(stock patched)
fi
"$TOP/scripts/build.sh" "$(series_is_empty && echo stock || echo both)"

# rev_tree NAME REV [PATCH...]: a detached worktree of KTREE at REV, with
# PATCHes applied on top, as flavour rev-NAME.
rev_tree() {
	local name=$1 rev=$2 wt sha
	shift 2
	wt=$(flavour_src "rev-$name")
	sha=$(git -C "$KTREE" rev-parse "$rev^{commit}")
	if [ ! -e "$wt/.git" ]; then
		mkdir -p "$(dirname "$wt")"
		git -C "$KTREE" worktree add -q --detach "$wt" "$sha"
	fi
	git -C "$wt" checkout -q --detach -f "$sha"
	git -C "$wt" clean -q -fdx
	local p
	for p in "$@"; do
		git -C "$wt" -c user.name=nvt -c user.email=nvt@localhost am -q "$p" ||
			die "$p does not apply to $rev"
	done
}

if [ -n "${BENCH_STEPS:-}" ]; then
	series_is_empty && die "make bench-steps needs a series"
	# name, subject of the series commit it stops at
	steps=("order|mm/sparse: set a range's sub-section bits only after its memmap is populated"
	       "map|mm/sparse: keep the active sub-section map in struct mem_section"
	       "bitfirst|mm/sparse: test the sub-section bit first in pfn_valid()"
	       "nophys|mm/sparse: drop the PHYS_PFN(PFN_PHYS()) round trip")
	runs=(stock) labels=(stock)
	# The alternative's own kernel only on request (BENCH_NOFREE=1): the
	# comparison of designs is made on the real CPU (tests/tools/pfnbench).
	if [ -n "${BENCH_NOFREE:-}" ]; then
		rev_tree nofree base "$TOP"/patches/alternatives/*.patch
		runs+=(rev-nofree) labels+=(nofree)
	fi
	for st in "${steps[@]}"; do
		name=${st%%|*} subj=${st#*|}
		sha=$(git -C "$KTREE" log --format=%H -F --grep="$subj" base..series | head -n 1)
		[ -n "$sha" ] || die "no commit '$subj' in the series"
		rev_tree "$name" "$sha"
		runs+=("rev-$name") labels+=("$name")
	done
	runs+=(patched) labels+=(series)
	for r in "${runs[@]}"; do
		case $r in rev-*) "$TOP/scripts/build.sh" "$r" ;; esac
	done
fi

files=()
for i in "${!runs[@]}"; do
	"$TOP/scripts/boot.sh" -f "${runs[$i]}" -t T1 -s bench --icount \
		-n "bench-${labels[$i]}" --timeout 3000 ||
		die "bench run on ${labels[$i]} failed; logs in $RESULTS/*-bench-${labels[$i]}"
	# This run's directory by its name: "last" may be another job's.
	files+=("$(ls -d "$RESULTS"/*-bench-"${labels[$i]}" | tail -n 1)/share/bench.txt")
done

python3 - "${#runs[@]}" "${labels[@]}" "${files[@]}" <<'PY'
import sys
n = int(sys.argv[1])
labels, files = sys.argv[2:2 + n], sys.argv[2 + n:2 + 2 * n]
def load(f):
    d = {}
    for l in open(f):
        k, v = l.split()
        d[k] = int(v)
    return d
data = [load(f) for f in files]
rows = [("pfn_valid, early sections (ps/call)", "early.valid.ps_per_call", 1.0),
        ("pfn_to_online_page, early sections (ps/call)", "early.online.ps_per_call", None),
        ("pfn_valid, device sections (ps/call)", "device.valid.ps_per_call", 0.8),
        ("pfn_to_online_page, device sections (ps/call)", "device.online.ps_per_call", None),
        ("enable 16 MiB namespace, enabling task (us)", "enable.16m.task_us", 1.0),
        ("enable 128 MiB namespace, enabling task (us)", "enable.128m.task_us", 1.0),
        ("enable 1 GiB namespace, enabling task (us)", "enable.1g.task_us", 1.0),
        ("enable 16 MiB namespace, vCPU busy (us)", "enable.16m.busy_us", None),
        ("enable 128 MiB namespace, vCPU busy (us)", "enable.128m.busy_us", None),
        ("enable 1 GiB namespace, vCPU busy (us)", "enable.1g.busy_us", None),
        ("enable 16 MiB namespace, elapsed (us)", "enable.16m.elapsed_us", None),
        ("enable 128 MiB namespace, elapsed (us)", "enable.128m.elapsed_us", None),
        ("enable 1 GiB namespace, elapsed (us)", "enable.1g.elapsed_us", None)]
def spread(d, key):
    lo, hi, med = d.get(key + ".min"), d.get(key + ".max"), d.get(key)
    if lo is None or hi is None or not med:
        return None
    return (hi - lo) / med
# The tolerance of an enable latency's target: the larger spread of the
# first kernel (stock) and the last (the series); None without min/max.
def tolerance(key):
    sa, sb = spread(data[0], key), spread(data[-1], key)
    return None if sa is None or sb is None else max(sa, sb)
print("\nmake bench: QEMU -icount shift=3 (guest ns = instructions x 8), T1, one vCPU")
if n == 2:
    la, lb = labels
    a, b = data
    print("%-48s %12s %12s %7s  %s" % ("measure", la, lb, "ratio", "target"))
    for name, key, target in rows:
        va, vb = a.get(key), b.get(key)
        if not va or vb is None:
            print("%-48s %12s %12s %7s" % (name, va, vb, "n/a"))
            continue
        r = vb / va
        t = "" if target is None else "<= %.1f" % target
        if target is not None and key.startswith("enable."):
            tol = tolerance(key)
            t += " + %s (spread)" % ("?" if tol is None else "%.3f" % tol)
        # (the verdicts, with the tolerance, are the PASS/FAIL lines below)
        print("%-48s %12d %12d %7.3f  %s" % (name, va, vb, r, t))
else:
    # Every kernel against stock; each step of the series against the
    # step before it (the alternative design against stock only).
    print("%-48s" % "measure" + "".join(" %9s" % l for l in labels))
    for name, key, target in rows[:4]:
        vals = [d.get(key) for d in data]
        print("%-48s" % name + "".join(" %9s" % v for v in vals))
        base = vals[0]
        print("%-48s" % "  ratio to stock" + "".join(
            " %9s" % ("%.3f" % (v / base) if v and base else "n/a") for v in vals))
        steps = [k for k in range(n) if labels[k] != "nofree"]
        prev = [""] * n
        for a, b in zip(steps, steps[1:]):
            prev[b] = "%.3f" % (vals[b] / vals[a]) if vals[a] and vals[b] else "n/a"
        print("%-48s" % "  ratio to the step before" + "".join(" %9s" % p for p in prev))
    for name, key, target in rows[4:7]:
        vals = [d.get(key) for d in data]
        print("%-48s" % name + "".join(" %9s" % v for v in vals))
print("\nper-section memory (bytes):")
for k in ("info.sizeof_mem_section", "info.sizeof_mem_section_usage",
          "info.pageblock_flags_bytes", "info.subsections_per_section"):
    print("  %-36s" % k[5:] + "".join(" %8s" % d.get(k) for d in data))
# What passes is a checked number: each measure with a target, the full
# series (the last kernel) against stock (the first), in both make bench
# and make bench-steps.  A measure that did not come back from a kernel
# is a failure; coming back is not a pass.
passed = failed = 0
for lab, d in zip(labels, data):
    missing = [key for _, key, _ in rows[:7] if not d.get(key)]
    if missing:
        print("FAIL %s: no %s" % (lab, ", ".join(missing)))
        failed += 1
# The tolerance of a target is derived from the measure's own spread:
# the enable latencies are five runs each, and a kernel's spread is
# (max - min) / median of its runs; the tolerance is the larger spread of
# the two kernels compared.  A spread above TOL_CAP makes the measure too
# noisy to judge: that is a failure, not a wider target.  (Seen on
# 2026-12-07 under -icount: spreads of 0.001-0.024, the largest at
# 16 MiB, where a few hundred instructions of interrupt work counted to
# the task are 2% of the enable; the cap was 0.02 for that first run.)
# The pfnwalk per-call figures are one deterministic loop under -icount
# (two boots of one kernel agreed within 0.1%), so their targets have no
# tolerance.
TOL_CAP = 0.05
for name, key, target in rows:
    va, vb = data[0].get(key), data[-1].get(key)
    if target is None or not va or vb is None:
        continue
    tol = 0.0
    if key.startswith("enable."):
        tol = tolerance(key)
        if tol is None:
            print("FAIL %s: no min/max of the runs to derive a tolerance from" % name)
            failed += 1
            continue
        if tol > TOL_CAP:
            print("FAIL %s: five runs spread %.3f, above %.2f: too noisy to judge" %
                  (name, tol, TOL_CAP))
            failed += 1
            continue
    ok = vb / va <= target + tol + 1e-9
    print("%s %s: %s/%s = %.3f, target <= %.1f%s" % ("PASS" if ok else "FAIL", name,
          labels[-1], labels[0], vb / va, target,
          " + %.3f (spread of five runs)" % tol if key.startswith("enable.") else ""))
    passed, failed = passed + ok, failed + (not ok)
print("\n%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
