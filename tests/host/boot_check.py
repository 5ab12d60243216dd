#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The verdict of one guest boot (scripts/boot.sh): its console and results.

  boot_check.py --run DIR --flavour F --planned "S1 S2" [--oops-panic]
                [--rc N] [--timeout SEC]

DIR is boot.sh's run directory: DIR/console.log (the serial console),
DIR/share/results.txt (the guest's verdict lines, kept as
DIR/share/results.guest.txt), DIR/share/clean (what a
scenario's checks said before a step that may oops), DIR/share/status
(NVT-DONE when the guest finished).  The results file is rewritten with the
host's verdict: one line per planned scenario, the guest-health line, and
the console's expected-defect lines.  Prints the splats that failed the
boot on stderr; exits 1 when any line is a FAIL.

Console rules:
  - A kernel splat fails the boot: a line matching HEADER (a warning, a
    BUG, an oops, a panic, KASAN/UBSAN, lockdep, a hung task, an RCU
    stall, a page or vmemmap allocation failure) or a call trace (either
    case).
  - Except inside a window that a scenario opened (tests/guest/lib.sh:
    NVT-STOCK-SPLAT-BEGIN on a stock kernel, NVT-KNOWN-SPLAT-BEGIN on any)
    for a defect, or around a failure it injected itself
    (NVT-INJECTED-SPLAT-BEGIN, any kernel; listed as INFO, no verdict):
    a splat there whose first line matches the window's
    @splat expression, with its call trace, is the defect's, if the
    window's end marker says the guest confirmed the defect's symptom
    while it was open (@confirmed=yes).  Any other splat in a window
    fails, and so does any splat in a window without that confirmation.
  - An oops may end a boot with oops=panic (--oops-panic, make check-arch)
    inside a window that names @oops: it is that scenario's XFAIL only if
    the function on the oops's faulting PC line (RIP:, pc :, NIP) matches
    @oops, the kernel panicked inside the window, and the guest recorded
    the scenario's checks clean when the window opened.
  - A deliberate panic (kdump): from NVT-CRASH-BEGIN to the capture
    kernel's banner, the sysrq panic and its one call trace are expected,
    and the kernel after the banner must be a capture kernel.
"""
import argparse
import os
import re
import sys

HEADER = re.compile(
    r"BUG:|WARNING:|Kernel panic|KASAN|UBSAN|Oops|general protection fault|"
    r"Unable to handle kernel|Internal error:|"
    r"possible recursive locking|circular locking dependency|"
    r"inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|"
    r"watchdog: BUG|rcu: INFO: .*detected stall|self-detected stall|"
    r"detected stalls on CPUs|page allocation failure|vmemmap alloc failure")
TRACE = re.compile(r"[Cc]all [Tt]race:")
# How many console lines a boot that did not finish carries into its results.
TAIL_LINES = 15
# The lines of an oops (as opposed to a warning): what an @oops window may
# end in.
OOPS_LINE = re.compile(
    r"BUG: ([Uu]nable to handle|[Kk]ernel NULL pointer)|Unable to handle kernel|"
    r"Oops|Internal error:|general protection fault|Kernel panic")
# The faulting PC: x86-64, arm64, powerpc, riscv ("epc : name+0x...", and
# a register line "epc : <hex> ra : ..." that this does not match).
PC_LINE = re.compile(r"(?:RIP: [0-9a-f]{4}:|\bpc : |\bepc : |\bNIP:? +\[[0-9a-f]+\] )"
                     r"\[?<?([A-Za-z0-9_.$]+)\+0x")
BEGIN = re.compile(r"NVT-(STOCK|KNOWN|INJECTED)-SPLAT-BEGIN (\S+): (.*)$")
END = re.compile(r"NVT-(STOCK|KNOWN|INJECTED)-SPLAT-END (\S+)(?: @confirmed=(\w+))?")
VERDICT = re.compile(r"^(PASS|FAIL|XFAIL|SKIP) ([^:\s]+):")
HEALTH = re.compile(r"^(guest-health|setup-\S+|boot)$")


def is_splat(line):
    return HEADER.search(line) or TRACE.search(line)


class Window:
    def __init__(self, kind, scn, rest):
        self.kind, self.scn = kind, scn
        self.oops = None
        if " @oops=" in rest:
            rest, self.oops = rest.rsplit(" @oops=", 1)
        self.splat = None
        if " @splat=" in rest:
            rest, self.splat = rest.rsplit(" @splat=", 1)
        self.why = rest
        for r in (self.splat, self.oops):
            if r is not None:
                re.compile(r)  # a bad expression fails the verdict, not passes it
        self.accepted = []   # splat lines that are the defect's
        self.oopsed = []     # oops lines, excused only by the oops rule
        self.other = []      # splat lines that match nothing
        self.state = None    # the splat the next trace line belongs to
        self.pc = None
        self.panicked = False

    def line(self, text):
        pc = PC_LINE.search(text)
        if pc and self.oopsed and self.pc is None:
            self.pc = pc.group(1)
        if TRACE.search(text) and not HEADER.search(text):
            {"accepted": self.accepted, "oops": self.oopsed}.get(
                self.state, self.other).append(text)
            return
        if not HEADER.search(text):
            return
        if "Kernel panic" in text:
            self.panicked = True
        if self.oops and OOPS_LINE.search(text):
            self.state = "oops"
            self.oopsed.append(text)
        elif self.splat and re.search(self.splat, text):
            self.state = "accepted"
            self.accepted.append(text)
        else:
            self.state = None
            self.other.append(text)


def crash_section(lines, out):
    """kdump: drop the sysrq panic and its call trace between
    NVT-CRASH-BEGIN and the capture kernel's banner; returns the lines to
    check and the guest-health line."""
    kept, inside, panic, trace, banner, capture = [], False, False, False, False, False
    for t in lines:
        if "NVT-CRASH-BEGIN" in t:
            inside = True
            continue
        if inside and "Linux version " in t:
            inside, banner = False, True
        if banner and t.startswith("Kernel command line:"):
            banner, capture = False, " elfcorehdr=" in t
        if inside and not panic and "Kernel panic - not syncing: sysrq triggered crash" in t:
            panic = True
            continue
        if inside and panic and not trace and TRACE.search(t):
            trace = True
            continue
        kept.append(t)
    if panic and capture:
        out.append("PASS guest-health: the sysrq panic went to the capture kernel")
    elif not panic:
        out.append("FAIL guest-health: no sysrq panic after NVT-CRASH-BEGIN")
    else:
        out.append("FAIL guest-health: no capture kernel after the panic")
    return kept


def check_console(lines, stock, oops_panic, clean):
    """Returns (failing splat lines, result lines, expected_oops)."""
    bad, out, win, expected_oops = [], [], None, False
    for t in lines:
        m = BEGIN.search(t)
        if m and (m.group(1) != "STOCK" or stock):
            if win:
                bad.extend(win.accepted + win.oopsed + win.other)
            win = Window(*m.groups())
            continue
        m = END.search(t)
        if m and win and m.group(1) == win.kind:
            confirmed = m.group(3) == "yes"
            bad.extend(win.other + win.oopsed)
            if win.accepted and not confirmed:
                bad.append(f"(splats in the window of \"{win.why}\", but {win.scn} did not "
                           "confirm the defect's symptom there)")
                bad.extend(win.accepted)
            elif win.accepted and win.kind == "INJECTED":
                # The report of a failure the scenario injected: no verdict.
                out.append(f"INFO guest-health: splat of an injected failure "
                           f"({win.scn}: {win.why}): {win.accepted[0].strip()}")
            elif win.accepted:
                out.append(f"XFAIL guest-health: expected {win.kind.lower()} warning "
                           f"({win.scn}: {win.why}): {win.accepted[0].strip()}")
            win = None
            continue
        if win:
            win.line(t)
        elif is_splat(t):
            bad.append(t)
    if win:
        ok = (oops_panic and win.oops and win.oopsed and win.panicked and
              win.pc is not None and re.search(win.oops, win.pc) and
              clean.get(win.scn) == "clean" and not win.other)
        if ok:
            kind = win.kind.lower()
            out.append(f"XFAIL {win.scn}: the {kind} defect oopsed as expected "
                       f"({win.why}; faulting in {win.pc}): {win.oopsed[0].strip()}")
            out.append(f"XFAIL guest-health: expected {kind} oops, the guest panicked ({win.why})")
            expected_oops = True
        elif win.accepted or win.oopsed or win.other:
            why = []
            if win.oopsed and not win.oops:
                why.append("the window expects no oops")
            if win.oopsed and win.oops and (win.pc is None or not re.search(win.oops, win.pc)):
                why.append(f"faulting PC in {win.pc or 'no PC line'}, not /{win.oops}/")
            if win.oopsed and not oops_panic:
                why.append("not a boot with oops=panic")
            if win.oopsed and clean.get(win.scn) != "clean":
                why.append(f"checks before the window: {clean.get(win.scn, 'not recorded')}")
            if win.other:
                why.append(f"{len(win.other)} unmatched splat or trace line(s)")
            bad.append(f"(splat markers of \"{win.why}\" never closed"
                       f"{': ' + '; '.join(why) if why else ''})")
            bad.extend(win.accepted + win.oopsed + win.other)
    return bad, out, expected_oops


def console_tail(console, n=TAIL_LINES):
    """The console's last N non-empty lines, as INFO lines: a guest that
    did not finish is diagnosed from the summary alone (CI keeps no
    console)."""
    tail = [l.strip() for l in console if l.strip()][-n:]
    if not tail:
        return ["INFO guest-health: the console is empty"]
    return [f"INFO guest-health: console tail: {l[:200]}" for l in tail]


def read_lines(path):
    try:
        with open(path, errors="replace") as f:
            return [l.rstrip("\n").replace("\r", "") for l in f]
    except FileNotFoundError:
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--flavour", required=True)
    ap.add_argument("--planned", default="")
    ap.add_argument("--oops-panic", action="store_true")
    ap.add_argument("--rc", type=int, default=0)
    ap.add_argument("--timeout", type=int, default=0)
    a = ap.parse_args()
    share = os.path.join(a.run, "share")
    stock = a.flavour == "stock" or a.flavour.startswith("stock-")
    console = read_lines(os.path.join(a.run, "console.log"))
    # The guest's own lines are kept as results.guest.txt: the verdict
    # is made from them, so that it can be made again.
    guest = os.path.join(share, "results.guest.txt")
    if not os.path.exists(guest):
        with open(guest, "w") as f:
            f.write("".join(l + "\n" for l in read_lines(os.path.join(share, "results.txt"))))
    results = read_lines(guest)
    clean = {}
    for l in read_lines(os.path.join(share, "clean")):
        scn, _, what = l.partition(" ")
        clean[scn] = what
    done = any(l.startswith("NVT-DONE") for l in read_lines(os.path.join(share, "status")))

    health = []
    if any("NVT-CRASH-BEGIN" in l for l in console):
        console = crash_section(console, health)
    bad, extra, expected_oops = check_console(console, stock, a.oops_panic, clean)
    # How a boot that did not end well ended (None: it finished).
    ended = (f"guest timed out after {a.timeout}s" if a.rc in (124, 137) else
             f"guest did not finish (qemu rc={a.rc})" if not done else None)
    if bad:
        # One health line a boot: the splat, and how the boot ended.
        how = f"; and the {ended}" if ended else ""
        health.append(f"FAIL guest-health: kernel splat on console: {bad[0].strip()[:160]}{how}")
        for l in bad[:20]:
            print("    " + l, file=sys.stderr)
    elif expected_oops:
        pass  # the guest ended in the oops its scenario expected
    elif ended:
        health.append(f"FAIL guest-health: {ended}")
    elif not any("nvt: kernel " in l for l in console):
        health.append("FAIL guest-health: the console never shows the guest runner starting")
    else:
        health.append("PASS guest-health: clean console, guest finished")
    if ended and not expected_oops:
        health += console_tail(console)

    # One verdict per planned scenario.
    planned = a.planned.split()
    by, other = {}, []
    for l in results + extra:
        m = VERDICT.match(l)
        if m and not HEALTH.match(m.group(2)):
            by.setdefault(m.group(2), []).append(l)
        else:
            other.append(l)
    final = [l for l in other]
    for s in planned:
        ls = by.pop(s, [])
        fails = [l for l in ls if l.startswith("FAIL")]
        if not ls:
            final.append(f"FAIL {s}: no result (guest stopped before it finished)")
        elif fails:
            more = "".join(f" | {l.split(':', 1)[1].strip()}" for l in fails[1:])
            final.append(fails[0] + more)
        elif len(ls) > 1:
            final.append(f"FAIL {s}: {len(ls)} verdicts for one scenario: " +
                         " | ".join(ls))
        else:
            final.append(ls[0])
    for s, ls in by.items():
        final.append(f"FAIL {s}: a result for a scenario the host did not plan: {ls[0]}")
    final += health
    with open(os.path.join(share, "results.txt"), "w") as f:
        f.write("".join(l + "\n" for l in final))
    return 1 if any(l.startswith("FAIL") for l in final) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # a verdict that cannot be made is a failure
        a = sys.argv[sys.argv.index("--run") + 1] if "--run" in sys.argv else "."
        with open(os.path.join(a, "share", "results.txt"), "a") as f:
            f.write(f"FAIL guest-health: the verdict could not be made: {e!r}\n")
        raise
