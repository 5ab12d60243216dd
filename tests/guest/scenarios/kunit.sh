#!/bin/bash
# kunit: the series' KUnit suite for the active sub-section map
# (CONFIG_SPARSEMEM_KUNIT_TEST, mm/tests/sparse_kunit.c), loaded as a module.
# Passes when the suite's debugfs results hold every case its plan
# announces, each parameterised case as many parameters as its summary
# line counts, every result "ok" and none skipped (but one on ppc64le,
# below), and the suite "ok"; skipped on a kernel without the suite
# (stock).
SCN=kunit TITLE="KUnit suite sparse_subsection (sub-section bookkeeping)"
source "$(dirname "$0")/../lib.sh"

suite=sparse_subsection
if ! modinfo sparse_kunit > /dev/null 2>&1; then
	is_stock && skip "this kernel has no sparse_kunit module"
	# The stable flavour is the base with the stable fixes only: the
	# suite is not among them.
	case ${NVT_FLAVOUR:-} in
	stable|stable-*) skip "the stable fixes carry no KUnit suite" ;;
	esac
	abort "no sparse_kunit module on a kernel with the series"
fi
[ -r /sys/kernel/debug/pfnwalk/info ] &&
	info "$(grep -h '^subsections_per_section=' /sys/kernel/debug/pfnwalk/info)"
# (a sequence number, not a line count: a long run's log may have wrapped)
mark=$(kmsg_mark)
check "load sparse_kunit" modprobe sparse_kunit || abort "cannot load sparse_kunit"
R=/sys/kernel/debug/kunit/$suite/results
[ -r "$R" ] || abort "no $R"
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
# The verdict is a function of the results text alone, so it can be run
# on the host against sample KTAP: python3 FILE RESULTS [ALLOWED] with
# FILE this heredoc.
verdict=${NVT_TMP:-/tmp}/kunit.verdict
python3 - "$R" "$allowed" <<'PY' > "$verdict"
import re
import sys

RESULT = re.compile(r"(not ok|ok) (\d+) (.*)")
SUMMARY = re.compile(r"# (\S+): pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)")


def verdict(text, allowed=""):
    """Check one suite's debugfs results (lib/kunit/debugfs.c, test.c).

    KTAP as debugfs prints it: "KTAP version 1" and "1..1" at indent 0;
    the suite's header at indent 4 ("KTAP version 1", "# Subtest: SUITE",
    the case plan "1..N"); then each case's log: for a parameterised case
    "KTAP version 1", "# Subtest: CASE" and one "ok|not ok I DESC" per
    parameter at indent 8, then at indent 4 the summary
    "# CASE: pass:P fail:F skip:S total:T" (only when T > 1, by default)
    and the case's own "ok|not ok I CASE[ # SKIP REASON]"; last the
    suite's statistics ("# SUITE: ...", "# Totals: ...") at indent 0 and
    "ok|not ok 1 SUITE".  Lines of any other form (test messages,
    diagnostics, those statistics) are not results.

    Returns (problems, report): an empty problems list is a pass.  ALLOWED
    is the one case result text ("CASE # SKIP REASON") that may skip."""
    problems, report = [], []
    name = plan = suite = None
    cases = []          # (result, text) at indent 4
    params = []         # (result, text) of the case being read, indent 8
    subtest = summary = None
    nparams = 0
    for raw in text.splitlines():
        line = raw.rstrip()
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        m = RESULT.fullmatch(body)
        if m:
            res, num, what = m.group(1), int(m.group(2)), m.group(3)
            if indent == 8:
                if num != len(params) + 1:
                    problems.append(f"parameter {len(params) + 1} of case {len(cases) + 1} is numbered {num}")
                params.append((res, what))
                nparams += 1
                continue
            if indent == 0:
                if suite is not None:
                    problems.append(f"a second suite result: {body}")
                suite = (res, what)
                continue
            if indent != 4:
                problems.append(f"a result at indent {indent}: {body}")
                continue
            case = what.split(" # ")[0]
            cases.append((res, what))
            if num != len(cases):
                problems.append(f"case {len(cases)} ({case}) is numbered {num}")
            if res != "ok":
                problems.append(f"not ok: {case}")
            elif "# SKIP" in what:
                if not allowed or what != allowed:
                    problems.append(f"skipped: {what}")
            # its parameters, against the summary line before it
            counted = (sum(r == "ok" and "# SKIP" not in d for r, d in params),
                       sum(r != "ok" for r, d in params),
                       sum(r == "ok" and "# SKIP" in d for r, d in params))
            for r, d in params:
                if r != "ok":
                    problems.append(f"not ok: {case}: {d}")
                elif "# SKIP" in d:
                    problems.append(f"skipped: {case}: {d}")
            if params and subtest != case:
                problems.append(f"parameters of case {case} under '# Subtest: {subtest}'")
            if summary:
                sname, sp, sf, ss, st = summary
                if sname != case:
                    problems.append(f"summary line of {sname} before case {case}")
                if st != max(len(params), 1) or (params and (sp, sf, ss) != counted):
                    problems.append(f"{case}: summary says pass:{sp} fail:{sf} skip:{ss} total:{st}, "
                                    f"the results are {len(params)} parameters "
                                    f"(pass:{counted[0]} fail:{counted[1]} skip:{counted[2]})")
            elif len(params) > 1:
                problems.append(f"{case}: {len(params)} parameters and no summary line")
            report.append("  %-6s %s%s%s" % (res, what, f" ({len(params)} parameters)" if params else "",
                                             " (expected here)" if allowed and what == allowed else ""))
            params, subtest, summary = [], None, None
            continue
        if indent == 4 and re.fullmatch(r"1\.\.\d+", body):
            if plan is not None:
                problems.append(f"a second case plan: {body}")
            plan = int(body[3:])
        elif body.startswith("# Subtest: "):
            if indent == 4:
                name = body[len("# Subtest: "):]
            elif indent == 8:
                if params:
                    problems.append(f"parameters of {subtest} without a case result")
                    params = []
                subtest = body[len("# Subtest: "):]
        elif indent == 4 and SUMMARY.fullmatch(body):
            m = SUMMARY.fullmatch(body)
            summary = (m.group(1),) + tuple(int(g) for g in m.group(2, 3, 4, 5))
    if params:
        problems.append(f"{len(params)} parameters after the last case result")
    if plan is None:
        problems.append("no case plan (1..N at indent 4)")
    elif len(cases) != plan:
        problems.append(f"the plan announces {plan} cases, the results hold {len(cases)}")
    if suite is None:
        problems.append("no suite result")
    elif suite[0] != "ok" or suite[1] != name:
        problems.append(f"suite result '{suite[0]} 1 {suite[1]}' (suite {name})")
    report.append(f"  {len(cases)} cases of plan 1..{plan}, {len(cases) + nparams} results "
                  f"with the parameters; suite: {' '.join(suite) if suite else None}")
    return problems, report


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        problems, report = verdict(f.read(), sys.argv[2] if len(sys.argv) > 2 else "")
    print("\n".join(report))
    for p in problems:
        print("  problem:", p)
    sys.exit(1 if problems else 0)
PY
rc=$?
cat "$verdict"
[ $rc = 0 ] ||
	bad "KUnit suite $suite did not pass: $(sed -n 's/^  problem: //p' "$verdict" | head -n 1)"
msgs=$(dmesg_since "$mark")
grep -qE 'BUG:|WARNING:' <<< "$msgs" && bad "kernel warnings while the suite ran"
check "unload sparse_kunit" rmmod sparse_kunit
