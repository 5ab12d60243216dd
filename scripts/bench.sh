#!/bin/bash
# make bench: stock vs patched, same source and config, same run.  Boots T1
# under QEMU -icount (guest time = instructions x 8 ns) and runs the bench
# scenario on each kernel: pfn_valid() and pfn_to_online_page() over early
# and device sections, namespace enable latency (sysfs bind of the pfn
# device, run time of the enabling task; 16 MiB, 128 MiB, 1 GiB; median
# of five),
# and the memory model's per-section sizes.  Prints patched/stock ratios
# against the targets.  With an empty series the stock kernel is measured
# twice, which shows the method's own noise.
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/prepare-tree.sh"
if series_is_empty; then
	runs=(stock stock) labels=(stock stock-again)
	say "series is empty: measuring the stock kernel twice (noise check)"
else
	runs=(stock patched) labels=(stock patched)
fi
"$TOP/scripts/build.sh" "$(series_is_empty && echo stock || echo both)"

files=()
for i in 0 1; do
	"$TOP/scripts/boot.sh" -f "${runs[$i]}" -t T1 -s bench --icount \
		-n "bench-${labels[$i]}" --timeout 3000 ||
		die "bench run on ${labels[$i]} failed; logs in $(cat "$RESULTS/last")"
	files+=("$(cat "$RESULTS/last")/share/bench.txt")
done

python3 - "${labels[@]}" "${files[@]}" <<'PY'
import sys
la, lb, fa, fb = sys.argv[1:5]
def load(f):
    d = {}
    for l in open(f):
        k, v = l.split()
        d[k] = int(v)
    return d
a, b = load(fa), load(fb)
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
print("\nmake bench: QEMU -icount shift=3 (guest ns = instructions x 8), T1, one vCPU")
print("%-48s %12s %12s %7s  %s" % ("measure", la, lb, "ratio", "target"))
for name, key, target in rows:
    va, vb = a.get(key), b.get(key)
    if not va or vb is None:
        print("%-48s %12s %12s %7s" % (name, va, vb, "n/a"))
        continue
    r = vb / va
    t = "" if target is None else ("<= %.1f %s" % (target, "ok" if r <= target + 1e-9 else "MISSED"))
    print("%-48s %12d %12d %7.3f  %s" % (name, va, vb, r, t))
print("\nper-section memory (bytes):")
for k in ("info.sizeof_mem_section", "info.sizeof_mem_section_usage",
          "info.pageblock_flags_bytes", "info.subsections_per_section"):
    print("  %-36s %8s %8s" % (k[5:], a.get(k), b.get(k)))
PY
