#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the kernel's pfn/dax info-block parser on a legacy pmem namespace.

Every case writes one info-block (struct nd_pfn_sb, 4 KiB at namespace
offset 4 KiB) to the raw namespace, lets the kernel probe it, looks at what
the kernel made of it, and puts the namespace back in raw mode to compare
the media with its state before the case.  Cases: every field of the block
at its boundary values, on valid base layouts (fsdax and devdax, map=mem and
map=dev, with and without sub-section padding), bad checksums, signatures
and parents, non-zero padding, overlapping offsets, npfns beyond capacity, unaligned pads,
then random combinations of several fields (seeded, reproducible).

A case passes when:
  - a block that is not an info-block for this namespace (signature,
    checksum, parent uuid) leaves the namespace raw;
  - with NVT_FUZZ_BASE_DAX=1 (F1 sets it on a non-stock kernel), each
    valid base layout as it is (case "base") is enabled with DAX: an
    fsdax block device whose queue says dax, or a device-dax instance;
  - any other block is either enabled with exactly the layout it states
    (data address and size; block I/O reads the media there), or refused
    with a kernel message, never exposed raw;
  - the kernel did not write the block, and every byte of the namespace
    outside it is unchanged, except the memmap reserve of an enabled
    map=dev layout (kernel-owned, restored before the next case).
Crashes and KASAN reports are caught by the harness's console check.

usage: fuzz.py NAMESPACE CASES [SEED]     (prints INFO/FAILCASE lines)

NVT_FUZZ_TRACE=FILE: write one line per case to FILE (trace_line()): only
what the kernel decided, so that two runs of the same cases on the same
kernel write the same file (F1 compares it with an expected one).
"""
import glob
import os
import random
import re
import struct
import subprocess
import sys
import time

B = "/sys/bus/nd"
SB_OFF = SB_SIZE = 4096
K4, M = 4096, 1 << 20
PFN_SIG = b"NVDIMM_PFN_INFO\0"
DAX_SIG = b"NVDIMM_DAX_INFO\0"
FIELDS = {  # name: (offset, struct format), drivers/nvdimm/pfn.h
    "flags": (48, "<I"), "version_major": (52, "<H"),
    "version_minor": (54, "<H"), "dataoff": (56, "<Q"), "npfns": (64, "<Q"),
    "mode": (72, "<I"), "start_pad": (76, "<I"), "end_trunc": (80, "<I"),
    "align": (84, "<I"), "page_size": (88, "<I"),
    "page_struct_size": (92, "<H"),
}


def fletcher64(buf):
    """nd_fletcher64(): 32-bit words, the high sum kept to 32 bits."""
    lo = hi = 0
    for (w,) in struct.iter_unpack("<I", buf):
        lo = (lo + w) & 0xFFFFFFFF
        hi = (hi + lo) & 0xFFFFFFFF
    return hi << 32 | lo


def build(sig, fields, parent=bytes(16), corrupt_checksum=False, padding=0):
    b = bytearray(SB_SIZE)
    b[0:16] = sig
    b[16:32] = os.urandom(16)
    b[32:48] = parent
    b[94:4088] = bytes([padding]) * (4088 - 94)
    for name, v in fields.items():
        off, fmt = FIELDS[name]
        struct.pack_into(fmt, b, off, v & ((1 << (8 * struct.calcsize(fmt))) - 1))
    struct.pack_into("<Q", b, 4088, fletcher64(b))
    if corrupt_checksum:
        b[4088] ^= 0xFF
    return bytes(b)


def sysfs_write(path, val):
    try:
        with open(path, "w") as f:
            f.write(val)
        return 0
    except OSError as e:
        return e.errno


def sysfs_read(path):
    with open(path) as f:
        return f.read().strip()


class Namespace:
    """The sysfs writes of tests/guest/nd.sh's ns_release, ns_raw and
    ns_probe, in the same order.  They are kept in Python rather than
    called from nd.sh: a campaign runs thousands of cases in this one
    process, and a shell per step would cost an exec each (about 0.1 s
    under TCG, a minute per 300 cases).  Unlike nd.sh, release() and
    probe() carry on past a failed write: a probe the kernel refuses is
    an outcome the campaign records, not an error; raw() raises when its
    bind fails.  A change to the sequence is made to both."""

    def __init__(self, name):
        self.name = name
        self.dev = f"{B}/devices/{name}"
        self.start = int(sysfs_read(f"{self.dev}/resource"), 0)
        self.size = int(sysfs_read(f"{self.dev}/size"))

    def claimers(self):
        out = []
        for d in glob.glob(f"{B}/devices/pfn*.*") + glob.glob(f"{B}/devices/dax*.*"):
            try:
                if sysfs_read(f"{d}/namespace") == self.name:
                    out.append(d)
            except OSError:
                pass
        return out

    def release(self):
        claimers = self.claimers()
        for c in claimers:
            if os.path.exists(f"{c}/driver"):
                sysfs_write(f"{c}/driver/unbind", os.path.basename(c))
            sysfs_write(f"{c}/namespace", "\n")
        if os.path.exists(f"{self.dev}/driver"):
            sysfs_write(f"{self.dev}/driver/unbind", self.name)
        for c in claimers:
            self.wait_gone(c)

    @staticmethod
    def wait_gone(path):
        # A released pfn/dax device is unregistered asynchronously, unless
        # it is its region's seed, which stays.
        dev = os.path.basename(path)
        kind = dev[:len(dev) - len(dev.lstrip("abcdefghijklmnopqrstuvwxyz"))]
        region = dev[len(kind):].split(".")[0]
        try:
            if sysfs_read(f"{B}/devices/region{region}/{kind}_seed") == dev:
                return
        except OSError:
            pass
        for _ in range(100):
            if not os.path.exists(path):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{dev} still exists after 10 s")

    def wait_probes(self):
        for b in glob.glob(f"{B}/devices/ndbus*"):
            sysfs_read(f"{b}/wait_probe")

    def raw(self):
        self.release()
        sysfs_write(f"{self.dev}/force_raw", "1")
        err = sysfs_write(f"{B}/drivers/nd_pmem/bind", self.name)
        if err:
            raise RuntimeError(f"cannot bind {self.name} raw: errno {err}")
        return "/dev/" + os.listdir(f"{self.dev}/block")[0]

    def probe(self):
        self.release()
        sysfs_write(f"{self.dev}/force_raw", "0")
        sysfs_write(f"{B}/drivers/nd_pmem/bind", self.name)  # ENXIO if claimed
        self.wait_probes()


def read_media(disk, size):
    with open(disk, "rb", buffering=0) as f:
        return f.read(size)


class Kmsg:
    """New kernel messages (priority, text) since the last call; records
    that user space wrote to /dev/kmsg (facility other than 0) are not
    kernel messages and are left out."""

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def new(self):
        out = []
        while True:
            try:
                rec = os.read(self.fd, 8192).decode(errors="replace")
            except BlockingIOError:
                return out
            except OSError:  # EPIPE: overwritten records, go on
                continue
            head, _, text = rec.partition(";")
            pri = int(head.split(",")[0])
            if pri >> 3 == 0:
                out.append((pri & 7, text.strip()))


# Instance numbers of nd devices say nothing about a case: pfn1.1 is
# whichever pfn id was free (a released instance holds its id until its
# last reference goes), and the bus, region and namespace numbers follow
# the order of probes.
INSTANCE = re.compile(r"\b(ndbus|region|namespace|pfn|dax|btt|nmem)\d+(\.\d+)?\b")
# The first line of a kernel splat: the console check's business, F1 only
# says which case caused it, on a line that does not repeat the splat's
# words (the console check would count it as one more).
SPLAT = re.compile(r"(WARNING: CPU: \d+ PID: \d+ |BUG: |kernel BUG at |Oops|"
                   r"general protection fault|Unable to handle kernel|UBSAN: )")


# Messages about the machine's timing, not the case: TCG makes them come
# and go from run to run.
TIMING = re.compile(r"(hrtimer: interrupt took |sched: RT throttling|clocksource: |"
                    r"perf: interrupt took too long)")


def splats(msgs):
    return sum(1 for _, t in msgs if SPLAT.match(t))


def trace_line(i, what, outcome, where, msgs):
    """Case I's line: number, case, outcome, where the kernel put the data
    (sysfs resource+size, or "-"), and the first line of each kernel
    message at warning level or above, "|"-separated, but those about
    the machine's timing (TIMING).  Nothing in it
    varies between runs of a kernel: nd device instance numbers read N,
    and a splat is its first line without CPU, PID and code offsets (the
    rest of it, registers and stack, is left out)."""
    said, in_splat = [], False
    for p, t in msgs:
        t = t.split("\n")[0]
        if p > 4 or TIMING.match(t):
            continue
        if t.startswith("------------[ cut here ]"):
            in_splat = True
        elif t.startswith("---[ end trace"):
            in_splat = False
        elif SPLAT.match(t):
            t = re.sub(r"CPU: \d+ PID: \d+ ", "", t)
            said.append(re.sub(r"\+0x[0-9a-f]+/0x[0-9a-f]+", "", t))
        elif not in_splat:
            said.append(INSTANCE.sub(lambda m: m.group(1) + ("N.N" if m.group(2) else "N"), t))
    return f"{i}\t{what}\t{outcome}\t{where}\t{' | '.join(said)}"


def base_layouts(size):
    """Valid layouts for a namespace of SIZE bytes at a 128 MiB boundary."""
    def lay(sig, mode, sp, et, minor=4):
        start = sp
        npfns = (size - sp - et - 8192) // K4
        if mode == 2:
            off = -(-(start + 8192 + 64 * npfns) // (2 * M)) * 2 * M - start
        else:
            off = -(-(start + 8192) // (2 * M)) * 2 * M - start
        f = dict(version_major=1, version_minor=minor, dataoff=off,
                 npfns=(size - sp - et - off) // K4, mode=mode,
                 start_pad=sp, end_trunc=et, align=2 * M)
        if minor >= 4:
            f.update(page_size=K4, page_struct_size=64)
        return (sig, f)
    return [lay(PFN_SIG, 2, 0, 0), lay(PFN_SIG, 1, 0, 0, 3),
            lay(DAX_SIG, 2, 0, 0, 2), lay(DAX_SIG, 1, 0, 0, 2),
            lay(PFN_SIG, 2, 2 * M, 2 * M, 3), lay(PFN_SIG, 1, 4 * M, 0, 1)]


def boundary_values(size):
    big = [1 << 31, (1 << 32) - 1]
    return {
        "dataoff": [0, K4, 8191, 8192, 2 * M - K4, 2 * M + 1, 2 * M + K4,
                    size - K4, size, size + K4, 1 << 32, 1 << 63, (1 << 64) - 1],
        "npfns": [0, 1, (size >> 12) + 1, 1 << 32, (1 << 64) - 1],
        "mode": [0, 1, 2, 3, (1 << 32) - 1],
        "start_pad": [1, 512, K4, M, 2 * M, size - 4 * M, size - 2 * M, size] + big,
        "end_trunc": [1, 512, K4, M, 2 * M, size - 4 * M, size - 2 * M, size] + big,
        "align": [0, 1, 3, K4, 2 * M, 4 * M, 1 << 30] + big,
        "page_size": [0, K4, 8192, 64 * 1024, (1 << 32) - 1],
        "page_struct_size": [0, 63, 64, 65, 128, 65535],
        "version_major": [0, 2, 65535],
        "version_minor": [0, 1, 2, 3, 4, 5, 65535],
        "flags": [1, (1 << 32) - 1],
    }


def cases(size, n, seed):
    bases = base_layouts(size)
    bv = boundary_values(size)
    out = []
    for sig, f in bases:
        out.append(("base", sig, dict(f), {}))
        for name, values in bv.items():
            for v in values:
                g = dict(f)
                g[name] = v
                out.append((f"{name}={v:#x}", sig, g, {}))
        out.append(("checksum", sig, dict(f), {"corrupt_checksum": True}))
        out.append(("parent_uuid", sig, dict(f), {"parent": bytes(range(1, 17))}))
        out.append(("signature", b"NVDIMM_BTT_INFO\0", dict(f), {}))
        out.append(("padding 0xa5 (zero from 1.3 on)", sig, dict(f), {"padding": 0xA5}))
        g = dict(f, start_pad=size // 2, end_trunc=size // 2)
        out.append(("overlap start_pad+end_trunc=size", sig, g, {}))
        g = dict(f, start_pad=8 * M, dataoff=size - 8 * M)
        out.append(("overlap start_pad+dataoff=size", sig, g, {}))
        g = dict(f, start_pad=K4, end_trunc=K4 + 512)
        out.append(("unaligned pads", sig, g, {}))
        g = dict(f, dataoff=8192, align=K4)
        out.append(("empty memmap reserve (dataoff 8K, align 4K)", sig, g, {}))
        # No align to infer from a zero dataoff (ilog2(0)).
        g = dict(f, dataoff=0, align=0)
        out.append(("no align and dataoff 0", sig, g, {}))
    rng = random.Random(seed)
    names = list(bv)
    while len(out) < n:
        sig, f = rng.choice(bases)
        g = dict(f)
        picked = rng.sample(names, rng.randint(2, 4))
        for name in picked:
            g[name] = rng.choice(bv[name] + [rng.getrandbits(32) & ~0xFFF])
        out.append(("random " + ",".join(f"{k}={g[k]:#x}" for k in picked), sig, g, {}))
    return out[:n] if n else out


def field(f, name):
    """Field NAME of case F at its on-media width (what the kernel reads)."""
    return f.get(name, 0) & ((1 << (8 * struct.calcsize(FIELDS[name][1]))) - 1)


def interpret(f):
    """The layout a block states, with the kernel's version defaults."""
    minor = field(f, "version_minor")
    sp = field(f, "start_pad") if minor >= 1 else 0
    et = field(f, "end_trunc") if minor >= 1 else 0
    return sp, et, field(f, "dataoff")


def kmsg_write(text):
    """One record to /dev/kmsg (a user-space record: Kmsg leaves it out)."""
    with open("/dev/kmsg", "w") as k:
        k.write(text + "\n")


def main():
    ns = Namespace(sys.argv[1])
    n = int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    # A slice of the list, so that guests can share a campaign: cases
    # FIRST to n keep their numbers (and their blocks) from the whole list.
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    kmsg = Kmsg()
    window = os.environ.get("NVT_FUZZ_STOCK_WINDOW")
    window = window.split("\t", 1) if window else None
    windows_confirmed = 0
    disk = ns.raw()
    todo = cases(ns.size, n, seed)
    # This file's checksum must agree with the C tool's (which the host
    # self-test checks against ndctl's).
    tool = os.path.join(os.environ["NVT_TOOLS"], "nd-infoblock")
    for _, sig, f, kw in todo[:3]:
        with open("/tmp/f1.img", "wb") as t:
            t.write(bytes(SB_OFF) + build(sig, f, **kw))
        r = subprocess.run([tool, "show", "/tmp/f1.img"], capture_output=True, text=True)
        if "valid=yes" not in r.stdout.split():
            print(f"FAILCASE F1: nd-infoblock does not accept this script's block:\n{r.stdout}")
            return 1
    # Random data everywhere (fixed seed), so a misplaced read shows.
    with open(disk, "r+b", buffering=0) as d:
        d.write(random.Random(seed).randbytes(ns.size))
        os.fsync(d.fileno())
    base = read_media(disk, ns.size)
    print(f"INFO F1: {ns.name} at {ns.start:#x}, {ns.size >> 20} MiB; cases {first} to "
          f"{len(todo)}, seed {seed}", flush=True)
    stats, failures, t0 = {}, 0, time.time()
    base_dax = os.environ.get("NVT_FUZZ_BASE_DAX") == "1"
    bases = bases_dax = 0
    # One line per case (number, case, outcome, where, kernel messages) to
    # compare kernels: F1 passes NVT_FUZZ_TRACE, a file in the result share.
    trace = open(os.environ["NVT_FUZZ_TRACE"], "w") \
        if os.environ.get("NVT_FUZZ_TRACE") else None
    for i, (what, sig, f, kw) in enumerate(todo[first - 1:], first):
        sb = build(sig, f, **kw)
        with open(disk, "r+b", buffering=0) as d:
            d.seek(SB_OFF)
            d.write(sb)
            os.fsync(d.fileno())
        media = base[:SB_OFF] + sb + base[SB_OFF + SB_SIZE:]
        if splats(kmsg.new()):
            print(f"INFO F1: kernel splat after case #{i - 1} (on the console above)", flush=True)
        # On stock the probe of each case that is the defect's step is a
        # stock splat window of its own (F1.sh passes
        # NVT_FUZZ_STOCK_WINDOW, "WHY<tab>SPLAT"; the markers of
        # tests/guest/lib.sh's stock_splat_begin): a splat there that
        # matches SPLAT is stock's defect when this case's own kernel
        # messages show it, which the end marker confirms.
        # The defect's step: a map=dev block (mode 2) whose memmap
        # reserve is empty (dataoff 8K, the info-block's own reserve).
        step = window and field(f, "mode") == 2 and interpret(f)[2] == 8192
        if step:
            kmsg_write(f"NVT-STOCK-SPLAT-BEGIN F1: {window[0]} (case #{i}) @splat={window[1]}")
        ns.probe()
        msgs = kmsg.new()
        if step:
            seen = any(re.search(window[1], t) for _, t in msgs)
            windows_confirmed += seen
            kmsg_write(f"NVT-STOCK-SPLAT-END F1 @confirmed={'yes' if seen else 'no'}")
        if splats(msgs):
            print(f"INFO F1: kernel splat in case #{i} {what} (on the console above)", flush=True)
        problems = []
        ours = sig in (PFN_SIG, DAX_SIG) and not kw.get("parent") and \
            not kw.get("corrupt_checksum")
        claim = [c for c in ns.claimers() if os.path.exists(f"{c}/driver")]
        raw_bound = os.path.exists(f"{ns.dev}/driver")
        sp, et, doff = interpret(f)
        reserve = None
        if claim:
            c = claim[0]
            kind = os.path.basename(c)[:3]
            addr = int(sysfs_read(f"{c}/resource"), 0)
            size = int(sysfs_read(f"{c}/size"))
            want_addr = ns.start + sp + doff
            want_size = ns.size - sp - et - doff
            if (addr, size) != (want_addr, want_size):
                problems.append(f"enabled at {addr:#x}+{size:#x}, block says {want_addr:#x}+{want_size:#x}")
            if field(f, "mode") == 2:
                reserve = (sp + 8192, sp + doff)
            if kind == "pfn":
                bdev = "/dev/" + os.listdir(f"{c}/block")[0]
                dax = sysfs_read(f"/sys/block/{os.path.basename(bdev)}/queue/dax")
                outcome = "fsdax" + ("" if dax == "1" else "-blockonly")
                with open(bdev, "rb", buffering=0) as d:
                    head = d.read(K4)
                    d.seek(size - K4)
                    tail = d.read(K4)
                data = sp + doff
                if head != media[data:data + K4] or tail != media[data + size - K4:data + size]:
                    problems.append("block I/O does not read the data where the block puts it")
            else:
                outcome = "devdax"
        elif raw_bound:
            outcome = "raw"
            if ours:
                problems.append("a valid info-block for this namespace was exposed raw")
        else:
            outcome = "refused"
            if not ours:
                problems.append("refused a block that is not an info-block (want raw)")
            if not any(p <= 4 for p, _ in msgs):
                problems.append("refused without a kernel message")
        if claim and not ours:
            problems.append("enabled a block that is not an info-block")
        if what == "base":
            want = "fsdax" if sig == PFN_SIG else "devdax"
            bases += 1
            bases_dax += outcome == want
            if base_dax and outcome != want:
                problems.append(f"valid base layout not enabled with DAX (want {want})")
        stats[outcome] = stats.get(outcome, 0) + 1
        if trace:
            where = f"{addr:#x}+{size:#x}" if claim else "-"
            print(trace_line(i, what, outcome, where, msgs), file=trace, flush=True)
        disk = ns.raw()
        now = read_media(disk, ns.size)
        if now[SB_OFF:SB_OFF + SB_SIZE] != sb:
            problems.append("the kernel rewrote the info-block")
        if reserve and reserve[0] < reserve[1] <= ns.size:
            a, b = reserve
            outside = now[:a] + now[b:] == media[:a] + media[b:]
            if now[a:b] != media[a:b]:
                with open(disk, "r+b", buffering=0) as d:
                    d.seek(a)
                    d.write(media[a:b])
        else:
            outside = now == media
        if not outside:
            first = next(j for j in range(ns.size) if now[j] != media[j])
            problems.append(f"media changed, first at namespace offset {first:#x}")
            base = now[:SB_OFF] + base[SB_OFF:SB_OFF + SB_SIZE] + now[SB_OFF + SB_SIZE:]
        if problems:
            failures += 1
            print(f"FAILCASE F1 #{i} {what} [{sig[:15].decode()}]: {outcome}: " +
                  "; ".join(problems), flush=True)
        if (i - first + 1) % 100 == 0 or i == len(todo):
            print(f"INFO F1: case {i} of {first}-{len(todo)}, {time.time() - t0:.0f}s, "
                  f"{failures} failed; outcomes {stats}", flush=True)
    ns.release()
    if splats(kmsg.new()):
        print(f"INFO F1: kernel splat after case #{len(todo)} (on the console above)", flush=True)
    print(f"INFO F1: valid base layouts enabled with DAX: {bases_dax} of {bases}", flush=True)
    if window:
        print(f"INFO F1: stock windows confirmed (the splat in the case's own messages): "
              f"{windows_confirmed}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
