#!/bin/bash
# kunit: the series' KUnit suite for the active sub-section map
# (CONFIG_SPARSEMEM_KUNIT_TEST, mm/sparse_kunit.c), loaded as a module.
# Passes when the suite reports every case and parameter "ok" and none
# "not ok"; skipped on a kernel without the suite (stock).
SCN=kunit TITLE="KUnit suite sparse_subsection (sub-section bookkeeping)"
source "$(dirname "$0")/../lib.sh"

suite=sparse_subsection
modinfo sparse_kunit > /dev/null 2>&1 || skip "this kernel has no sparse_kunit module"
[ -r /sys/kernel/debug/pfnwalk/info ] &&
	info "$(grep -h '^subsections_per_section=' /sys/kernel/debug/pfnwalk/info)"
# (a marker, not a line count: a long run's log may have wrapped)
echo "NVT-KUNIT-LOAD" > /dev/kmsg
check "load sparse_kunit" modprobe sparse_kunit || abort "cannot load sparse_kunit"
R=/sys/kernel/debug/kunit/$suite/results
[ -r "$R" ] || abort "no $R"
# KTAP: cases at one indent, their parameters at two, the suite at none.
# A skipped case reports "ok ... # SKIP": on these guests (x86-64's T2,
# make check-arch's arm64 and ppc64le) none may skip (the hot-add cases
# need a section above present memory and an altmap that
# vmemmap_populate() does not fall back from; both hold here), but one
# on ppc64le, whose vmemmap_populate() does not fail for want of altmap
# room: radix__vmemmap_pte_populate() drops an altmap that the vmemmap
# page overreaches (altmap_cross_boundary(): a page describes 64 MiB,
# the case's altmap one 16 MiB section) and takes RAM when the altmap
# is empty (so does __vmemmap_populate() for the hash MMU).  So the
# unwind case cannot make it fail there.  The suite sizes
# its cases by SUBSECTIONS_PER_SECTION: 64 on x86-64 and arm64-4k, 256
# on arm64-64k, 8 on ppc64le.
allowed=
[ "${NVT_ARCH:-}" = ppc64le ] &&
	allowed="hotplug_activate_unwind # SKIP vmemmap_populate() did not fail on an empty altmap"
python3 - "$R" "$allowed" <<'PY' || bad "KUnit suite $suite did not pass"
import re, sys
ok = bad = skipped = 0
suite = None
for line in open(sys.argv[1]):
    m = re.match(r"^(\s*)(not ok|ok) \d+ (.*)$", line.rstrip())
    if not m:
        continue
    depth, res, name = len(m.group(1)) // 4, m.group(2), m.group(3)
    if depth == 0:
        suite = res
    elif res == "ok" and name == sys.argv[2]:
        print("  skipped (expected here):", "  " * depth + name)
    elif "# SKIP" in name:
        skipped += 1
        print("  skipped:", "  " * depth + name)
    elif res == "ok":
        ok += 1
    else:
        bad += 1
        print("  not ok:", "  " * depth + name)
    if depth == 1:
        print("  %-6s %s" % (res, name))
print("  %d results ok, %d not ok, %d skipped, suite: %s" % (ok, bad, skipped, suite))
sys.exit(0 if suite == "ok" and bad == 0 and skipped == 0 and ok >= 12 else 1)
PY
dmesg | sed -n '/NVT-KUNIT-LOAD/,$p' | grep -q "BUG\|WARNING" && bad "kernel warnings while the suite ran"
check "unload sparse_kunit" rmmod sparse_kunit
