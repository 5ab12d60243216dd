# Sub-section memory hotplug: entry points.  See README.md.
#
#   make demo     prepare, build, boot T1, run S1 and S4, print a report
#   make check    build stock and patched, run the host tests (check-fast),
#                 boot patched on T1 T2 T3 T5 T6 and stock on the scenarios
#                 that name a stock defect (STOCK_ALL=1: all), two at a time
#   make check-stable  the stable flavour (the base with patches/stable
#                 alone): T5 legacy scenarios and T3's S10
#   make check-fast  no kernel build, no guest: host tool self-tests, the
#                 oracle's tests, pfnbench --walk, checkpatch (minutes)
#   make check-oracle  the verdict code's own tests: deliberate mutations of
#                 consoles, scenario runs and the runner must fail
#                 (ORACLE_KERNEL=1: also a mutated kernel F1 must catch)
#   make bench    pfn_valid and enable latency, stock vs patched, under -icount
#   make bench-steps  the same for the never-free alternative and each mm step
#   make gdb-check  the tree's gdb helper reads the sub-section map of a live
#                 guest through QEMU's gdbstub
#   make check-arch  arm64 (4K and 64K pages), ppc64le and riscv64 guests in QEMU:
#                 cross-built stock and patched kernels, Debian userlands,
#                 the A scenarios and KUnit (ARCHES, FLAVOURS, SCENARIOS)
#   make check-field  reboots, upgrades and downgrades: stock and patched
#                 take turns on the same media (namespaces, data, a legacy
#                 padded namespace)
#   make check-kdump  crash dumps of stock and patched with namespaces
#                 active in a shared section: makedumpfile -d 31, crash,
#                 and a section walk from VMCOREINFO (Debian 12's tools)
#   make stress   debug kernels: pfn walkers vs namespace cycles (T4,
#                 NVT_STRESS_CYCLES) and nfit_test real-memory load/unload
#                 rounds (T6, NVT_NFIT_CYCLES); STRESS_RUNS="T4 T6"
#   make fuzz     debug kernel: info-block fuzz campaign (NVT_FUZZ_CASES, default 10000)
#   make cross    compile mm/ for arm64 (4K, 64K pages), ppc64le (64K) and
#                 32-bit x86 without SPARSEMEM_VMEMMAP (FLAVOUR); sizes
#                 checked against the design's layout
#   make memcost  memory cost of the sub-section map, stock vs nofree vs
#                 map (MAP_REV), compiled sizes per architecture and
#                 PAGE_EXTENSION, checked against each design's layout;
#                 table in build/memcost/table.md
#   make bisect   build every commit of the series on its own
#   make distro   mm/, drivers/nvdimm/, drivers/dax/ with Debian's amd64 config
#                 and the guest config, stock vs patched; sparse on changed files
#   make backport the stable fixes on Debian 12's 6.1 (BACKPORT_VER=6.12:
#                 Debian 13's 6.12), stock against fixed, T5 legacy scenarios
#   make build    build the kernels   (FLAVOUR=stock|patched|stable|both)
#   make boot     boot one topology   (FLAVOUR=patched TOPO=T1 SCENARIOS="S1")
#   make shell    interactive guest   (FLAVOUR=patched TOPO=T1)
#   make prepare  unpack the Debian source, apply patches/series
#   make export   write the tree's series branch back to patches/
#   make checkpatch  checkpatch.pl --strict on every patch in the series
#   make clean    remove build/ (keeps the ccache)

FLAVOUR ?= both
TOPO ?= T1
SCENARIOS ?=

.PHONY: demo check check-stable check-fast check-oracle check-arch check-field check-kdump bench bench-steps gdb-check stress fuzz cross memcost bisect backport distro checkpatch build boot shell prepare export deps clean

demo:
	@scripts/demo.sh

check:
	@scripts/check.sh

check-stable:
	@CHECK_STABLE=1 scripts/check.sh

check-fast:
	@scripts/check-fast.sh

check-oracle:
	@scripts/check-oracle.sh

check-arch:
	@scripts/check-arch.sh

check-field:
	@scripts/field.sh

check-kdump:
	@scripts/kdump.sh

bench:
	@scripts/bench.sh

bench-steps:
	@BENCH_STEPS=1 scripts/bench.sh

gdb-check:
	@scripts/gdb-check.sh

stress:
	@scripts/stress.sh

fuzz:
	@scripts/fuzz.sh

cross: prepare
	@scripts/cross-build.sh $(if $(filter both,$(FLAVOUR)),patched,$(FLAVOUR))

memcost:
	@scripts/memcost.sh $(MEMCOST_TARGETS)

build: prepare
	@scripts/build.sh $(FLAVOUR)

boot:
	@scripts/boot.sh -f $(if $(filter both,$(FLAVOUR)),patched,$(FLAVOUR)) -t $(TOPO) -s "$(SCENARIOS)"

shell:
	@scripts/boot.sh -f $(if $(filter both,$(FLAVOUR)),patched,$(FLAVOUR)) -t $(TOPO) --shell

prepare:
	@scripts/prepare-tree.sh

bisect: prepare
	@scripts/bisect-build.sh

distro: prepare
	@scripts/distro-build.sh

backport: prepare
	@scripts/backport.sh $(or $(BACKPORT_VER),6.1)

checkpatch:
	@scripts/checkpatch.sh

export:
	@scripts/export-series.sh

deps:
	@scripts/deps.sh

clean:
	rm -rf build
