#!/usr/bin/env python3
"""Walk the sparsemem sections of an x86-64 ELF vmcore from VMCOREINFO alone.

    vmcore_sections.py VMCORE FACTS [SECTIONS]

This reads a dump the way makedumpfile does, with no debuginfo: the
addresses, sizes and offsets come from the VMCOREINFO note of the crashed
kernel (SYMBOL(mem_section), LENGTH(mem_section), SIZE(mem_section),
OFFSET(mem_section.section_mem_map), SIZE(page), SECTION_SIZE_BITS), and
virtual addresses are translated through the crashed kernel's page tables
(SYMBOL(init_top_pgt), NUMBER(phys_base)).  It is a second reader beside
Debian's makedumpfile 1.7.2 and crash 8.0.2, which predate 6.12.

Environment: NVT_EXPECT_L5 and NVT_EXPECT_SIZE, when set, are asserted
against NUMBER(pgtable_l5_enabled) and SIZE(mem_section).

FACTS is what the crashed kernel wrote before the panic (guest scenario
K1): "ns NAME MODE MAP START SIZE DATA_START DEV" lines, "section NR map
HEX" and "ram PADDR".  For each namespace's first data page and the RAM
page, print the section's state bits, where its struct page is and whether
the dump holds it; for the shared section, its state.  One line per finding:
    PASS|FAIL <what>: <detail>
and "INFO" lines.  Exit status 0 when nothing failed.  SECTIONS, if given,
gets the numbers of the present sections, one per line.
"""
import struct
import sys

START_KERNEL_MAP = 0xFFFFFFFF80000000
PT_LOAD, PT_NOTE = 1, 4
# include/linux/mmzone.h, 6.12 with CONFIG_ZONE_DEVICE: the low bits of
# section_mem_map.  Not in VMCOREINFO; makedumpfile also knows them by
# kernel version.
SECTION_BITS = ["present", "has_mem_map", "online", "early", "zone_device"]
SECTION_MAP_LAST_BIT = len(SECTION_BITS)


class Vmcore:
    def __init__(self, path):
        self.f = open(path, "rb")
        eh = self.f.read(64)
        if eh[:4] != b"\x7fELF" or eh[4] != 2:
            raise SystemExit("%s: not an ELF64 core" % path)
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        self.loads = []
        self.info = {}
        for i in range(phnum):
            self.f.seek(phoff + i * phentsize)
            p_type, _, off, _, paddr, filesz, _, _ = struct.unpack("<IIQQQQQQ", self.f.read(56))
            if p_type == PT_LOAD:
                self.loads.append((paddr, paddr + filesz, off))
            elif p_type == PT_NOTE:
                self._notes(off, filesz)
        if "OSRELEASE" not in self.info:
            raise SystemExit("%s: no VMCOREINFO note" % path)

    def _notes(self, off, size):
        self.f.seek(off)
        buf = self.f.read(size)
        i = 0
        while i + 12 <= len(buf):
            namesz, descsz, _ = struct.unpack_from("<III", buf, i)
            i += 12
            name = buf[i:i + namesz].rstrip(b"\0")
            i += (namesz + 3) & ~3
            desc = buf[i:i + descsz]
            i += (descsz + 3) & ~3
            if name == b"VMCOREINFO":
                for line in desc.decode(errors="replace").splitlines():
                    k, _, v = line.partition("=")
                    if k:
                        self.info[k] = v

    def num(self, key, base=10):
        return int(self.info[key], base)

    def sym(self, name):
        return int(self.info["SYMBOL(%s)" % name], 16)

    def in_dump(self, pa):
        return any(s <= pa < e for s, e, _ in self.loads)

    def phys(self, pa, n):
        for s, e, off in self.loads:
            if s <= pa and pa + n <= e:
                self.f.seek(off + pa - s)
                return self.f.read(n)
        return None

    def u64p(self, pa):
        b = self.phys(pa, 8)
        return None if b is None else struct.unpack("<Q", b)[0]

    def vtop(self, va):
        """x86-64 4- or 5-level walk from init_top_pgt; None if unmapped."""
        levels = ((4, 39), (3, 30), (2, 21), (1, 12))
        if self.info.get("NUMBER(pgtable_l5_enabled)", "0") != "0":
            levels = ((5, 48),) + levels
        image = self.num("NUMBER(KERNEL_IMAGE_SIZE)")
        if START_KERNEL_MAP <= va < START_KERNEL_MAP + image:
            return va - START_KERNEL_MAP + self.num("NUMBER(phys_base)")
        mask = 0x000FFFFFFFFFF000
        table = self.sym("init_top_pgt") - START_KERNEL_MAP + self.num("NUMBER(phys_base)")
        for level, shift in levels:
            e = self.u64p(table + ((va >> shift) & 511) * 8)
            if e is None or not e & 1:
                return None
            if level in (3, 2) and e & 0x80:  # a 1 GiB or 2 MiB page
                size = 1 << shift
                return (e & mask & ~(size - 1)) | (va & (size - 1))
            table = e & mask
        return table | (va & 0xFFF)

    def u64v(self, va):
        pa = self.vtop(va)
        return None if pa is None else self.u64p(pa)


def main():
    core, facts = Vmcore(sys.argv[1]), open(sys.argv[2]).read().split("\n")
    failed = 0

    def out(ok, what, detail):
        nonlocal failed
        failed += not ok
        print("%s %s: %s" % ("PASS" if ok else "FAIL", what, detail))

    page_size = core.num("PAGESIZE")
    size_ms = core.num("SIZE(mem_section)")
    off_map = core.num("OFFSET(mem_section.section_mem_map)")
    size_page = core.num("SIZE(page)")
    section_bits = core.num("NUMBER(SECTION_SIZE_BITS)")
    pfn_shift = section_bits - 12
    per_root = page_size // size_ms
    nr_roots = core.num("LENGTH(mem_section)")
    # What the caller knows of the kernel it booted (make check-kdump):
    # NVT_EXPECT_L5 (5-level paging 1 or 0), NVT_EXPECT_SIZE (bytes).
    import os
    for key, env in (("NUMBER(pgtable_l5_enabled)", "NVT_EXPECT_L5"),
                     ("SIZE(mem_section)", "NVT_EXPECT_SIZE")):
        if env in os.environ:
            out(core.info.get(key) == os.environ[env], key,
                "%s (want %s)" % (core.info.get(key), os.environ[env]))
    phys_bits = core.num("NUMBER(MAX_PHYSMEM_BITS)")
    print("INFO %s: SIZE(mem_section)=%d, %d sections per root, %d roots, SIZE(page)=%d, "
          "MAX_PHYSMEM_BITS=%d" % (core.info["OSRELEASE"], size_ms, per_root, nr_roots,
                                   size_page, phys_bits))
    # makedumpfile's test for SPARSEMEM_EXTREME: the roots are
    # NR_MEM_SECTIONS / (PAGE_SIZE / SIZE(mem_section)).
    nr_sections = 1 << (phys_bits - section_bits)
    out(nr_roots == -(-nr_sections // per_root), "LENGTH(mem_section) against SIZE(mem_section)",
        "%d roots of %d sections for 2^%d sections" % (nr_roots, per_root, phys_bits - section_bits))
    # SPARSEMEM_EXTREME: SYMBOL(mem_section) is VMCOREINFO_SYMBOL_ARRAY's,
    # the pointer's value: the array of roots itself.
    roots = core.sym("mem_section")

    def section(nr):
        root = core.u64v(roots + (nr // per_root) * 8)
        if not root:
            return None, None
        va = root + (nr % per_root) * size_ms
        return va, core.u64v(va + off_map)

    def state(smm):
        return ",".join(b for i, b in enumerate(SECTION_BITS) if smm >> i & 1) or "-"

    present = []
    for r in range(nr_roots):
        if not core.u64v(roots + r * 8):
            continue
        for nr in range(r * per_root, (r + 1) * per_root):
            _, smm = section(nr)
            if smm and smm & 1:
                present.append(nr)
    print("INFO present sections: %d" % len(present))
    if len(sys.argv) > 3:
        open(sys.argv[3], "w").write("".join("%d\n" % nr for nr in present))

    def page_of(pfn, what):
        nr = pfn >> pfn_shift
        va, smm = section(nr)
        if smm is None:
            out(False, what, "section %d not readable in the dump" % nr)
            return
        coded = smm & ~((1 << SECTION_MAP_LAST_BIT) - 1)
        mem_map = (coded + (nr << pfn_shift) * size_page) & (2**64 - 1)
        page = mem_map + (pfn - (nr << pfn_shift)) * size_page
        pa = core.vtop(page)
        held = pa is not None and core.in_dump(pa)
        flags = core.u64p(pa) if held else None
        print("INFO %s: pfn %#x section %d [%s] mem_map %#x struct page %#x -> %s%s"
              % (what, pfn, nr, state(smm), mem_map, page,
                 "unmapped" if pa is None else "%#x" % pa,
                 " flags %#x" % flags if held else " (not in the dump)"))
        return smm, page, pa, held

    checked = 0
    for line in facts:
        f = line.split()
        if not f:
            continue
        if f[0] == "section":
            nr, want = int(f[1]), int(f[3], 16)
            _, smm = section(nr)
            # zone_device: the namespaces end inside the section
            # (section_taint_zone_device())
            ok = smm is not None and (smm & 0b10011) == 0b10011 and not smm & 0b1100
            out(ok, "section %d state" % nr,
                "%s (want present,has_mem_map,zone_device; neither online nor early)"
                % state(smm or 0))
            print("INFO section %d: active sub-sections at the crash (pfnwalk) %#018x" % (nr, want))
        elif f[0] == "ram":
            r = page_of(int(f[1], 16) >> 12, "System RAM page %s" % f[1])
            if r:
                smm, page, pa, held = r
                out(held and (smm & 0b1111) == 0b1111, "System RAM page %s" % f[1],
                    "struct page %#x in the dump, section %s" % (page, state(smm)))
        elif f[0] == "ns":
            checked += 1
            name, mode, mapping, data = f[1], f[2], f[3], int(f[6], 16)
            what = "%s (%s map=%s) first data page" % (name, mode, mapping)
            r = page_of(data >> 12, what)
            if not r:
                continue
            smm, page, pa, held = r
            if pa is None:
                out(False, what, "struct page %#x is not mapped" % page)
            elif mapping == "mem":
                # The memmap is in RAM: the dump holds it (kernel memory,
                # which -d 31 keeps).
                out(held, what, "struct page %#x at %#x %s" % (page, pa,
                    "in the dump" if held else "NOT in the dump"))
            else:
                # map=dev: x86-64's vmemmap_populate() takes the memmap of
                # a whole section from the device (the altmap), which the
                # dump (System RAM only) does not hold; for less than a
                # section it uses base pages from RAM, altmap or not.
                lo, hi = int(f[4], 16), int(f[4], 16) + int(f[5], 16)
                sec = (data >> section_bits) << section_bits
                whole = lo <= sec and sec + (1 << section_bits) <= hi
                inside = lo <= pa < hi
                if whole:
                    out(inside and not held, what,
                        "whole section: struct page %#x at %#x, %s the namespace "
                        "[%#x, %#x), %s" % (page, pa, "inside" if inside else "OUTSIDE",
                                            lo, hi, "in the dump" if held else "not in the dump"))
                else:
                    out(held and not inside, what,
                        "part of a section: struct page %#x at %#x in RAM, %s"
                        % (page, pa, "in the dump" if held else "NOT in the dump"))
    nns = sum(1 for l in facts if l.startswith("ns "))
    out(nns > 0 and checked == nns, "every namespace of the facts looked up",
        "%d of %d" % (checked, nns))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
