# Run inside gdb (make gdb-check): evaluate the kernel tree's own gdb
# helper, scripts/gdb/linux/mm.py, for pfn_valid() on a live x86-64 guest
# through QEMU's gdbstub, and compare with the guest's layout.
#
# mm.py's page_ops support only aarch64, so the x86-64 constants are set
# here (aarch64_page_ops is subclassed with them); pfn_valid(),
# pfn_section_valid(), valid_section() and early_section() are mm.py's own.
# The guest kernel has no DWARF: the types come from an object compiled
# with -g against the same tree and config (NVT_GDB_TYPES), and the
# mem_section root array is read through a cast.
#
# Environment: NVT_GDB_LAYOUT (the guest's /nvt/gdb-layout.txt),
# NVT_GDB_OUT (result file), NVT_GDB_PY (a directory holding the tree's
# linux/ package with a constants.py stub).
import os
import sys

import gdb

sys.path.insert(0, os.environ["NVT_GDB_PY"])
from linux import mm  # noqa: E402  (the tree's helper)

out = open(os.environ["NVT_GDB_OUT"], "w")
results = []


def report(ok, what):
    results.append(ok)
    line = "%s %s" % ("PASS" if ok else "FAIL", what)
    out.write(line + "\n")
    gdb.write(line + "\n")


class X86Ops(mm.aarch64_page_ops):
    """mm.py's sparsemem arithmetic with x86-64's constants."""

    def __init__(self):
        l5 = int(gdb.parse_and_eval("*(unsigned int *)&__pgtable_l5_enabled"))
        self.PAGE_SHIFT = 12
        self.SECTION_SIZE_BITS = 27
        self.SUBSECTION_SHIFT = 21
        self.MAX_PHYSMEM_BITS = 52 if l5 else 46
        self.SECTIONS_SHIFT = self.MAX_PHYSMEM_BITS - self.SECTION_SIZE_BITS
        self.PFN_SECTION_SHIFT = self.SECTION_SIZE_BITS - self.PAGE_SHIFT
        self.NR_MEM_SECTIONS = 1 << self.SECTIONS_SHIFT
        self.PAGES_PER_SECTION = 1 << self.PFN_SECTION_SHIFT
        self.PAGE_SECTION_MASK = (~(self.PAGES_PER_SECTION - 1)) & ((1 << 64) - 1)
        self.SECTIONS_PER_ROOT = 4096 // gdb.lookup_type("struct mem_section").sizeof
        self.SECTION_ROOT_MASK = self.SECTIONS_PER_ROOT - 1
        self.PFN_SUBSECTION_SHIFT = self.SUBSECTION_SHIFT - self.PAGE_SHIFT
        self.PAGES_PER_SUBSECTION = 1 << self.PFN_SUBSECTION_SHIFT
        self.SECTION_HAS_MEM_MAP = 1 << int(gdb.parse_and_eval("SECTION_HAS_MEM_MAP_BIT"))
        self.SECTION_IS_EARLY = 1 << int(gdb.parse_and_eval("SECTION_IS_EARLY_BIT"))
        self.l5 = l5

    # mm.py reads "mem_section" by name, which needs DWARF for the symbol.
    def _aarch64_page_ops__nr_to_section(self, nr):
        root = self.SECTION_NR_TO_ROOT(nr)
        roots = gdb.parse_and_eval("*(struct mem_section ***)&mem_section")
        return roots[root][nr & self.SECTION_ROOT_MASK]


ops = X86Ops()
gdb.write("sizeof(struct mem_section) = %d, %d sections per root, %d-level paging\n"
          % (gdb.lookup_type("struct mem_section").sizeof, ops.SECTIONS_PER_ROOT,
             5 if ops.l5 else 4))

layout = [l.split() for l in open(os.environ["NVT_GDB_LAYOUT"]) if l.strip()]
ns = [(int(a, 16) >> 12, int(b, 16) >> 12) for k, _n, a, b in
      (x for x in layout if x[0] == "namespace")]
ram = [(int(a, 16) >> 12, int(b, 16) >> 12) for k, a, b in
       (x for x in layout if x[0] == "ram")]
sub = ops.PAGES_PER_SUBSECTION

# The field path: the map is in struct mem_section, not in its usage block.
ms = ops.pfn_to_section(ns[0][0])
try:
    ms["usage"]["subsection_map"]
    report(False, "ms->usage->subsection_map still exists on this kernel")
except gdb.error:
    report(True, "ms->usage has no subsection_map; mm.py reads ms->subsection_map")

# Every sub-section of each namespace: first and last pfn valid.
for start, size in ns:
    bad = [p for s in range(start, start + size, sub) for p in (s, s + sub - 1)
           if not ops.pfn_valid(p)]
    report(not bad, "pfn_valid() for every sub-section of [%#x, %#x)%s"
           % (start, start + size, (": not for %s" % [hex(p) for p in bad[:4]]) if bad else ""))
# Past the last namespace, in the same section: inactive sub-sections.
end = max(s + n for s, n in ns)
if end % ops.PAGES_PER_SECTION:
    report(not ops.pfn_valid(end), "pfn_valid(%#x), the sub-section after the last namespace, is false" % end)
    report(not ops.pfn_valid(end | (ops.PAGES_PER_SECTION - 1)),
           "pfn_valid() of the section's last pfn (%#x) is false" % (end | (ops.PAGES_PER_SECTION - 1)))
    bit = ops.subsection_map_index(end - 1)
    report(mm.test_bit(bit, ops.pfn_to_section(end - 1)["subsection_map"]),
           "bit %d of the last namespace's final section is set" % bit)
# Boot memory: an early section.
for start, last in ram:
    report(ops.pfn_valid(start) and ops.early_section(ops.pfn_to_section(start)),
           "pfn_valid(%#x) in an early section (System RAM)" % start)
# Out of range.
top = ops.NR_MEM_SECTIONS << ops.PFN_SECTION_SHIFT
report(not ops.pfn_valid(top), "pfn_valid(%#x), NR_MEM_SECTIONS' first pfn, is false" % top)
report(not ops.pfn_valid(ns[0][0] | (1 << 63)), "pfn_valid() of a pfn with bit 63 set is false")

out.write("RESULT %s\n" % ("ok" if all(results) else "failed"))
out.close()
