#!/usr/bin/env python3
"""Read a makedumpfile -d 31 dump with crash(8) and check it against K1's facts.

    crash_check.py VMLINUX DUMP FACTS SUMMARY [SECTIONS]

Runs Debian's crash 8.0.2 in batch mode on DUMP and checks:
  - kmem -n lists the shared section as present with a memmap, ZONE_DEVICE
    tainted, at the right pfn, and lists the sections that
    vmcore_sections.py found present (SECTIONS, its output);
  - kmem -p on each namespace's first data page and on the first page of
    the kernel's code gives that physical address, PG_reserved (as
    __init_zone_device_page() and boot leave them), except where the
    memmap is on the device: the dump cannot hold it and crash shows the
    page as all zeroes;
  - the section's active sub-section map, read from the dump where the
    kernel's types put it (mem_section.usage->subsection_map on stock,
    mem_section.subsection_map with the series), equals what pfn_valid()
    answered before the crash (FACTS).
crash 8.0.2 predates 6.12: it is run with --no_modules (6.4's struct
module layout), --no_kmem_cache (it takes SLUB_TINY's kmem_cache for
SLAB's) and --kaslr auto.  What it reads is written to SUMMARY without
the addresses that differ from boot to boot (KASLR), so that two kernels'
summaries can be compared.  Prints PASS/FAIL/INFO lines; exit status 0
when nothing failed.
"""
import re
import subprocess
import sys

CRASH = ["crash", "-s", "--kaslr", "auto", "--no_modules", "--no_kmem_cache"]


def crash(vmlinux, dump, cmds, done=None):
    """Run crash on CMDS; up to 3 times until done(output) holds: on these
    dumps crash 8.0.2 now and then aborts, faults or hangs part-way."""
    for _ in range(3):
        try:
            r = subprocess.run(CRASH + [vmlinux, dump], input="\n".join(cmds + ["exit"]) + "\n",
                               capture_output=True, text=True, timeout=120)
            text = r.stdout + r.stderr
        except subprocess.TimeoutExpired as e:
            # (it also hangs at times after its gdb faults)
            text = "%s%s\ncrash: hung, killed after %d s\n" % (
                e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout or "",
                e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr or "",
                e.timeout)
        if done is None or done(text):
            break
    return text


def kmem_p(text):
    """kmem -p lines: {physical: (hex flags, flag names or "")}."""
    pages = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 6 and re.fullmatch(r"[0-9a-f]{12,16}", f[0]) and re.fullmatch(r"[0-9a-f]+", f[1]):
            named = not re.fullmatch(r"[0-9a-f]+", f[-1])
            pages[int(f[1], 16)] = (f[-2] if named else f[-1], f[-1] if named else "")
    return pages


def main():
    vmlinux, dump, facts_file, summary_file = sys.argv[1:5]
    failed = 0
    summary = []

    def out(ok, what, detail):
        nonlocal failed
        failed += not ok
        print("%s %s: %s" % ("PASS" if ok else "FAIL", what, detail))

    facts = [l.split() for l in open(facts_file) if l.strip()]
    nss = [f for f in facts if f[0] == "ns"]
    if not nss:
        out(False, "facts", "no namespace in %s" % facts_file)
        return 1
    sec = next(f for f in facts if f[0] == "section")
    nr, want_map = int(sec[1]), int(sec[3], 16)
    ram = next(int(f[1], 16) for f in facts if f[0] == "ram")

    # Offsets from the vmlinux's DWARF, by the host's gdb: crash 8.0.2's
    # own gdb (10.2) often faults or aborts printing a type of this kernel
    # ("p", "struct"), so crash's raw reads ("rd") do the rest.
    types = subprocess.run(["gdb", "-batch", "-ex", "ptype/o struct mem_section",
                            "-ex", "ptype/o struct mem_section_usage", vmlinux],
                           capture_output=True, text=True, timeout=600).stdout
    layout = {}
    for part in types.split("type = struct ")[1:]:
        name = part.split()[0]
        for m in re.finditer(r"/\*\s+(\d+)\s+\|\s+\d+ \*/\s+unsigned long (\w+)\[", part):
            layout[name, m.group(2)] = int(m.group(1))
    if ("mem_section", "subsection_map") in layout:
        where = "mem_section.subsection_map"
        path = [layout["mem_section", "subsection_map"]]
    elif ("mem_section_usage", "subsection_map") in layout:
        where = "mem_section.usage->subsection_map"
        m = re.search(r"/\*\s+(\d+)\s+\|\s+\d+ \*/\s+struct mem_section_usage \*usage;", types)
        if not m:
            out(False, "mem_section.usage in the vmlinux's types", "not found")
            return 1
        path = [int(m.group(1)), layout["mem_section_usage", "subsection_map"]]
    else:
        out(False, "subsection_map in the vmlinux's types", "not found")
        return 1
    print("INFO vmlinux: the sub-section map is %s" % where)

    # Debian 12's crash on this 6.12 dump, with fewer workarounds than it
    # needs: where each attempt stops (why, crash prints only with -d).
    # The wording of a stop ("page excluded", "seek error") depends on
    # where an unrelocated address falls; what it reads does not.
    for flags in ([], ["--kaslr", "auto"], ["--kaslr", "auto", "--no_kmem_cache"]):
        bare = subprocess.run(["crash", "-d", "1"] + flags + [vmlinux, dump], input="exit\n",
                              capture_output=True, text=True, timeout=120)
        # (the last "crash:" line: the fatal one; -d also prints notes)
        stop = [l.strip() for l in (bare.stdout + bare.stderr).splitlines()
                if l.startswith("crash:")][-1:] or ["(started, exit status %d)" % bare.returncode]
        stop = re.sub(r"ffffffff[0-9a-f]{8}", "ADDR", stop[0])
        print("INFO crash 8.0.2 with %s: %s" % (" ".join(flags) or "no options", stop))
        m = re.search(r'type: "(\w+)"|offset: (\w+)', stop)
        summary.append("crash with %s stops at: %s" % (" ".join(flags) or "no options",
                       (m.group(1) or m.group(2)) if m else stop))

    addrs = [int(f[6], 16) for f in nss] + [ram]
    text = crash(vmlinux, dump, ["kmem -n", "kmem -p " + " ".join("%#x" % a for a in addrs)],
                 done=lambda t: all(a in kmem_p(t) for a in addrs))
    if "PHYSICAL" not in text:
        out(False, "crash reads the dump", (text.strip().splitlines() or ["no output"])[-1])
        return 1
    open(summary_file + ".raw", "w").write(text)
    # (crash's gdb answers this at times and faults or aborts at others,
    # on the same dump: reported, not compared)
    t = crash(vmlinux, dump, ["p sizeof(struct mem_section)"])
    gdb_ok = re.search(r"^\$\d+ = \d+", t, re.M)
    print("INFO crash's gdb on 'p sizeof(struct mem_section)': %s"
          % (gdb_ok.group(0) if gdb_ok else "segmentation violation" if "segmentation violation"
             in t else "hung" if "crash: hung" in t else "no answer"))

    # kmem -n: "NR SECTION CODED_MEM_MAP MEM_MAP STATE PFN"
    rows, rows_addr = {}, {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 6 and f[0].isdigit() and re.fullmatch(r"[0-9a-f]{16}", f[1]) \
                and re.fullmatch(r"[A-Z]+", f[4]) and f[5].isdigit():
            rows[int(f[0])] = (f[4], int(f[5]))
            rows_addr[int(f[0])] = int(f[1], 16)
    summary += ["kmem -n section %d %s pfn %d" % (k, v[0], v[1]) for k, v in sorted(rows.items())]
    st = rows.get(nr)
    out(st is not None and "P" in st[0] and "M" in st[0] and "D" in st[0] and "O" not in st[0]
        and st[1] == nr << 15, "crash kmem -n, section %d" % nr,
        "state %s pfn %s (want P, M and D, not O; pfn %d)" % ((st or ("absent", "-")) + (nr << 15,)))
    out(len(rows) > 1 and all("O" in v[0] for k, v in rows.items() if k < 16),
        "crash kmem -n, System RAM sections", "%d sections listed" % len(rows))

    # The present sections as the VMCOREINFO walk found them (SECTIONS).
    if len(sys.argv) > 5:
        walked = [int(l) for l in open(sys.argv[5]) if l.strip()]
        out(walked == sorted(rows), "crash kmem -n against the VMCOREINFO walk",
            "%d and %d present sections%s" % (len(rows), len(walked),
                                             "" if walked == sorted(rows) else ", they differ"))

    # kmem -p: "PAGE PHYSICAL MAPPING INDEX CNT FLAGS"
    pages = kmem_p(text)
    for f in nss + [["ram", "RAM", "", "", "0", "0", "%#x" % ram]]:
        name, mode, mapping, data = f[1], f[2], f[3], int(f[6], 16)
        what = "crash kmem -p %s %#x" % ("%s (%s map=%s)" % (name, mode, mapping)
                                        if f[0] == "ns" else "System RAM", data)
        p = pages.get(data)
        hexflags, names = p or ("", "")
        # (the kernel code page's raw flags carry its zone and node bits
        # as they happen to be: only the names count)
        summary.append("kmem -p %s %s %s: %s" % (name, mode, mapping,
                       "not shown" if not p else names if f[0] == "ram"
                       else "flags %s %s" % (hexflags, names)))
        on_device = mapping == "dev" and int(f[5], 16) >= 1 << 27 and \
            int(f[4], 16) <= (data >> 27 << 27) and \
            (data >> 27 << 27) + (1 << 27) <= int(f[4], 16) + int(f[5], 16)
        if on_device:
            # The dump holds System RAM only; crash then shows the page
            # as all zeroes, never as a page in use.
            out(p is not None and hexflags == "0" and not names, what,
                "memmap on the device, not in the dump: %s"
                % ("not shown" if p is None else "flags %s %s" % (hexflags, names)))
        elif f[0] == "ram":
            # the first page of the kernel's code: PG_reserved since boot
            out(p is not None and "reserved" in names.split(","), what,
                "kernel code, flags %s (want reserved)"
                % ("not shown" if p is None else "%s %s" % (hexflags, names)))
        else:
            out(p is not None and "reserved" in names, what,
                "flags %s (want reserved)" % (names or "not shown"))

    got = None
    if st is not None:
        addr = rows_addr[nr]
        for i, off in enumerate(path):
            want = r"^[0-9a-f]+:\s+([0-9a-f]+)"
            r = crash(vmlinux, dump, ["rd -64 %#x 1" % (addr + off)],
                      done=lambda t: re.search(want, t, re.M))
            m = re.search(want, r, re.M)
            if not m:
                break
            addr = int(m.group(1), 16)
            if i == len(path) - 1:
                got = addr
    out(got == want_map, "sub-section map of section %d read from the dump (%s)" % (nr, where),
        "%s (pfn_valid() before the crash: %#018x)"
        % ("not read" if got is None else "%#018x" % got, want_map))
    summary.append("subsection map of section %d: %s" % (nr, "not read" if got is None else "%#x" % got))
    open(summary_file, "w").write("\n".join(summary) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
