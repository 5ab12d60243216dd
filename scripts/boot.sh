#!/bin/bash
# Boot a built kernel in QEMU (TCG) on one of the named topologies and run
# guest tests in it.
#
#   scripts/boot.sh -f stock|patched|stable|stock-VER|stable-VER -t T1|T2|T3|T4|T5|T6 [-s "S1 S4"] [-n NAME]
#                   [--shell] [--timeout SEC] [--report] [--icount] [--gdb PORT]
#                   [--media DIR] [--append "KERNEL ARGS"]
#   scripts/boot.sh -a arm64-4k|arm64-64k|ppc64le|riscv64 -f stock|patched -t TA [...]
#
# The guest mounts the host root read-only over virtio-9p with a tmpfs
# overlay, takes its modules from the build output and writes its results
# to a writable 9p share (run directory under build/results/).
# --icount runs one vCPU with QEMU -icount: the guest clock then counts
# instructions (2^3 ns each), so guest-side timings compare kernels by work
# done, not by host load.  Exit status 0 only when the guest finished,
# every scenario passed and the console shows no BUG/WARNING/KASAN/lockdep/
# panic.  Logs are kept either way.
# --gdb PORT opens QEMU's gdbstub on 127.0.0.1:PORT (make gdb-check).
# --media DIR keeps the media across boots (make check-field): the NVDIMM
# backing files live in DIR and are created only when missing; on T5 the
# guest RAM is DIR/ram.img (shared), so the memmap= pmem keeps its bytes
# from one boot to the next.  DIR/state is the guest's /nvt-state, where a
# boot leaves what the next one checks.  The guest sees NVT_MEDIA=fresh on
# the boot that created the files, NVT_MEDIA=kept after.
# NVT_GUEST_ENV="K=V ..." passes more variables to the guest's scenarios.
# -a ARCH (or NVT_ARCH=ARCH; make check-arch) boots that architecture's
# cross-built kernel (scripts/build.sh) in qemu-system-aarch64 (virt,
# UEFI, ACPI) or qemu-system-ppc64 (pseries).  Its 9p root is that
# architecture's Debian userland (scripts/arch-rootfs.sh); the host root
# is mounted beside it for the checkout and the build output, and the
# project's tools are built with the cross compiler.
# --append adds kernel parameters (make check-kdump: crashkernel=).  A
# guest that panics on purpose (kdump's K1) writes NVT-CRASH-BEGIN first;
# from there to the capture kernel's banner the console must show that
# panic and no other splat.
#
# Topologies:
#   T1  two 64 MiB NVDIMMs sharing one 128 MiB section (0x100000000 and
#       0x104000000) and a 1 GiB labelled NVDIMM at 0x108000000
#   T2  System RAM and legacy pmem in one section: memmap=64M!0x46000000
#       (RAM on both sides, two shared sections)
#   T3  nfit_test loaded (the tools/testing/nvdimm module set)
#   T4  both collisions, label-less (cheap namespace cycles for make stress):
#       two 64 MiB NVDIMMs without labels sharing the section at
#       0x100000000, and memmap=64M!0x46000000 inside System RAM
#   T5  legacy pmem memmap=256M!0x104000000 inside 6 GiB of RAM: 64 MiB of
#       RAM on either side in its first and last section (a padded layout)
#       (L scenarios), memmap=32M!0x120000000 sharing its section with
#       RAM (F1, the info-block fuzz, and L15), and memmap=512M!0x144000000,
#       64 MiB into a section shared with RAM at either end and three
#       whole sections between (H1)
#   T6  nfit_test on real memory: 4 GiB of RAM with memmap=448M$0x104000000
#       reserved inside it, handed to nfit_test as real_mem=448M@0x104000000
#       (nfit_test.1's 224 MiB region from 0x104000000, sharing its first
#       section with RAM; nfit_test.0's regions in the section at
#       0x118000000, the second 64 MiB in)
#   TA  (-a ARCH only) collisions sized by the architecture's section
#       (arm64-4k 128 MiB, arm64-64k 512 MiB, ppc64le 16 MiB):
#       arm64: two labelled NVDIMMs of half a section each sharing one
#       section, a labelled NVDIMM of 1 GiB (4k) or 2 GiB (64k) from the
#       next section, and a label-less NVDIMM of two sections that starts
#       and ends half a section off a section boundary (legacy layouts);
#       ppc64le: labelled NVDIMMs of 256 MiB and 1 GiB, placed by QEMU
#       (PAPR wants 256 MiB multiples), namespaces make the collisions;
#       riscv64 (no NVDIMM in QEMU 7.2's virt): label-less device-tree
#       pmem regions of 64 MiB at 0xe0000000 and 0xe4000000 (one
#       section) and of 256 MiB at 0xec000000 (half a section off at
#       both ends: A3's legacy layout).
source "$(dirname "$0")/lib.sh"

flavour=patched topo=T1 scenarios="" name="" shell=0 timeout="" report=0 icount=0 gdb="" media=""
kargs=""
while [ $# -gt 0 ]; do
	case $1 in
	-f) flavour=$2; shift ;;
	-t) topo=$2; shift ;;
	-s) scenarios=$2; shift ;;
	-n) name=$2; shift ;;
	--shell) shell=1 ;;
	--timeout) timeout=$2; shift ;;
	--report) report=1 ;;
	--icount) icount=1 ;;
	--gdb) gdb=$2; shift ;;
	--media) media=$2; shift ;;
	--append) kargs=$2; shift ;;
	-a) export NVT_ARCH=$2; shift ;;
	*) die "unknown argument '$1' (see the header of $0)" ;;
	esac
	shift
done

# T5 runs the legacy layouts and the fuzz: about 6 minutes alone, 11 with
# other guests and builds sharing the two cores.
# The architectures of make check-arch run under TCG at a fraction of
# x86-64's speed.
NVT_ARCH=${NVT_ARCH:-}
[ -n "$timeout" ] || { if [ "$topo" = T5 ] || [ -n "$NVT_ARCH" ]; then timeout=2400; else timeout=1200; fi; }
out=$(flavour_out "$flavour")
tools=$BUILD_DIR/tools tcc=cc
if [ -n "$NVT_ARCH" ]; then
	read -r _ kcross image _ _ debarch <<< "$(arch_target "$NVT_ARCH")"
	kernel=$out/$image
	tools=$BUILD_DIR/tools-$debarch tcc=${kcross}gcc
	"$TOP/scripts/deps.sh" "gcc-${kcross%-}" "libc6-dev-$debarch-cross"
	rootfs=$("$TOP/scripts/arch-rootfs.sh" "$debarch")
	case $topo in TA) ;; *) die "-a $NVT_ARCH boots topology TA only" ;; esac
else
	kernel=$out/arch/x86/boot/bzImage
	case $topo in TA) die "topology $topo needs -a ARCH" ;; esac
fi
[ -f "$kernel" ] || die "no kernel for '$flavour' at $kernel; run 'make build' first"
kver=$(cat "$out/include/config/kernel.release")
mkdir -p "$tools"
make -s -C "$TOP/tests/tools" OUT="$tools" CC="$tcc" >/dev/null ||
	die "building tests/tools failed"

run=$RESULTS/$(date +%Y%m%d-%H%M%S)-${name:-$flavour-$topo}
mkdir -p "$run/share"
echo "$run" > "$RESULTS/last"
mods=$out/mods
args=()
imgdir=$run media_state=fresh
if [ -n "$media" ]; then
	mkdir -p "$media/state"
	imgdir=$(cd "$media" && pwd)
	[ -e "$imgdir/.created" ] && media_state=kept
	args+=(-fsdev "local,id=state,path=$imgdir/state,security_model=none"
	       -device virtio-9p-pci,fsdev=state,mount_tag=state)
fi
# riscv_dtb OUT "QEMU SIZING" ADDR:MIB...: QEMU's riscv virt device tree
# (dumped with the same -smp and -m), RAM cut to end at the first ADDR,
# with a pmem-region node for each ADDR:MIB, compiled to OUT.
riscv_dtb() {
	local out=$1 sizing=$2 dts; shift 2
	"$TOP/scripts/deps.sh" device-tree-compiler qemu-system-misc
	dts=$(mktemp)
	# shellcheck disable=SC2086
	qemu-system-riscv64 -machine "virt,dumpdtb=$out.raw" $sizing -bios default \
		-display none > /dev/null 2>&1 || die "qemu-system-riscv64 could not dump its device tree"
	dtc -q -I dtb -O dts -o "$dts" "$out.raw" || die "dtc could not read $out.raw"
	python3 - "$dts" "$@" <<'PY' || die "editing the riscv device tree failed"
import re, sys
p, regions = sys.argv[1], [(int(a, 0), int(m) << 20) for a, m in (r.split(':') for r in sys.argv[2:])]
s = open(p).read()
first = regions[0][0]
s, n = re.subn(r'(memory@80000000 \{[^}]*reg = <0x00 0x80000000 )0x00 0x[0-9a-f]+>',
               lambda m: m.group(1) + '0x00 %#x>' % (first - 0x80000000), s)
assert n == 1, 'no memory@80000000 node'
nodes = ''.join('\n\tpmem@%x {\n\t\tcompatible = "pmem-region";\n\t\treg = <0x00 %#x 0x00 %#x>;\n\t};\n' % (a, a, sz)
                for a, sz in regions)
i = s.rindex('};')
open(p, 'w').write(s[:i] + nodes + s[i:])
PY
	dtc -q -I dts -O dtb -o "$out" "$dts" || die "dtc could not compile the edited tree"
	rm -f "$dts" "$out.raw"
}
# nv ID SIZE_MIB ADDR [LABEL_KIB]: an NVDIMM; the backing file is N x 2 MiB
# of capacity plus the label area (none: a label-less region).  An empty
# ADDR lets QEMU place it.  NV_UUID=1: give it a uuid (pseries wants one),
# the same on every boot.
nv() {
	local bytes=$(( $2 * 1024 * 1024 + ${4:-0} * 1024 ))
	[ -e "$imgdir/$1.img" ] || truncate -s "$bytes" "$imgdir/$1.img"
	[ "$(stat -c %s "$imgdir/$1.img")" = "$bytes" ] || die "$imgdir/$1.img is not $bytes bytes"
	args+=(-object "memory-backend-file,id=mem-$1,share=on,mem-path=$imgdir/$1.img,size=$bytes")
	local uuid=""
	[ -n "${NV_UUID:-}" ] &&
		uuid=$(sha256sum <<< "nvt-$1" | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')
	args+=(-device "nvdimm,id=$1,memdev=mem-$1${4:+,label-size=${4}K}${3:+,addr=$3}${uuid:+,uuid=$uuid}")
}
case $topo in
T1)
	mem="-m 2G,slots=4,maxmem=8G"
	machine="pc,nvdimm=on"
	# Each backing file is N x 2 MiB of capacity plus a 128 KiB label area.
	nv nvA 64 0x100000000 128
	nv nvB 64 0x104000000 128
	nv nvBig 1024 0x108000000 128
	extra=""
	;;
T4)
	mem="-m 2G,slots=4,maxmem=8G"
	machine="pc,nvdimm=on"
	nv nvA 64 0x100000000
	nv nvB 64 0x104000000
	extra="memmap=64M!0x46000000"
	;;
T2)
	mem="-m 2G"
	machine="pc"
	extra="memmap=64M!0x46000000"
	;;
T3)
	mem="-m 2G"
	machine="pc"
	extra=""
	mods=$out/mods-nfit
	;;
T6)
	mem="-m 4G"
	machine="pc"
	extra="memmap=448M\$0x104000000 NVT_REAL_MEM=448M@0x104000000"
	mods=$out/mods-nfit
	;;
T5)
	mem="-m 6G"
	machine="pc"
	extra="memmap=256M!0x104000000 memmap=32M!0x120000000 memmap=512M!0x144000000"
	if [ -n "$media" ]; then
		[ -e "$imgdir/ram.img" ] || truncate -s 6G "$imgdir/ram.img"
		args+=(-object "memory-backend-file,id=ram,share=on,mem-path=$imgdir/ram.img,size=6G")
		machine+=",memory-backend=ram"
	fi
	;;
TA)
	mem="-m 2G,slots=8,maxmem=10G"
	machine="" extra=""
	case $NVT_ARCH in
	arm64-4k)
		# virt's device memory starts at 3 GiB (2 GiB of RAM from 1 GiB).
		nv nvA 64 0xc0000000 128
		nv nvB 64 0xc4000000 128
		nv nvBig 1024 0xc8000000 128
		nv nvL 256 0x10c000000
		;;
	arm64-64k)
		nv nvA 256 0xc0000000 128
		nv nvB 256 0xd0000000 128
		nv nvBig 2048 0xe0000000 128
		# (a section of room after nvBig: KUnit's hot-add cases take
		# the section above the highest one ever present)
		nv nvL 1024 0x1b0000000
		;;
	ppc64le)
		NV_UUID=1
		nv nvA 256 "" 128
		nv nvBig 1024 "" 128
		;;
	riscv64)
		# QEMU 7.2's riscv virt has no NVDIMM and no virtio-pmem:
		# device-tree pmem-region nodes (of_pmem) in a tree QEMU
		# dumped, with RAM cut to end at 0xe0000000 and the regions
		# in the guest RAM above it: 64 MiB at 0xe0000000 and
		# 0xe4000000 (one section), 256 MiB at 0xec000000 (half a
		# section off at both ends).  Label-less: one namespace
		# fills each region.
		mem="-m 2G"
		riscv_dtb "$run/nvt.dtb" "-smp 2 -m 2G" \
			0xe0000000:64 0xe4000000:64 0xec000000:256
		args+=(-dtb "$run/nvt.dtb")
		;;
	esac
	;;
*) die "unknown topology '$topo' (T1 to T6, TA)" ;;
esac

cpus=(-smp 2)
[ $icount = 1 ] && cpus=(-smp 1 -icount shift=3,align=off,sleep=off)
console=console=ttyS0,115200 root=hostroot init=$TOP/tests/guest/init
qemu=(qemu-system-x86_64 -machine "$machine" -cpu max)
if [ -n "$NVT_ARCH" ]; then
	# The guest's root is its own userland; init binds the checkout and
	# the build output from the host root (tests/guest/arch-init).
	bind=$TOP
	case $BUILD_DIR/ in "$TOP"/*) ;; *) bind+=",$BUILD_DIR" ;; esac
	root=rootfs init=/nvt-init
	# An oops ends the boot at once (panic=-1, -no-reboot) instead of
	# leaving tasks stuck on what the dead one held until the timeout.
	kargs+=" oops=panic NVT_BIND=$bind NVT_ARCH=$NVT_ARCH"
	case $NVT_ARCH in
	arm64-*)
		# UEFI (edk2) boots the kernel from fw_cfg and installs
		# QEMU's ACPI tables, the NFIT among them.  pauth-impdef:
		# QEMU's cheap pointer authentication, much faster in TCG.
		"$TOP/scripts/deps.sh" qemu-system-arm qemu-efi-aarch64
		qemu=(qemu-system-aarch64 -machine virt,nvdimm=on,gic-version=3
		      -cpu max,pauth-impdef=on -bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd)
		console="console=ttyAMA0 acpi=force"
		;;
	riscv64)
		# OpenSBI from QEMU's own firmware (-bios default); the
		# 16550 of the device tree is the console (earlycon for the
		# first messages: OpenSBI 1.1 has no SBI debug console).
		"$TOP/scripts/deps.sh" qemu-system-misc
		qemu=(qemu-system-riscv64 -machine virt -bios default)
		console="console=ttyS0 earlycon=uart8250,mmio,0x10000000"
		;;
	ppc64le)
		# The kernel was built with tests/guest/ppc64le-tcg.patch:
		# TCG takes its pmem flush instructions for illegal ones.
		# The caps turn off spectre mitigations that TCG does not
		# implement.
		"$TOP/scripts/deps.sh" qemu-system-ppc
		qemu=(qemu-system-ppc64 -machine pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off
		      -cpu power10)
		console=console=hvc0
		;;
	esac
	args+=(-fsdev "local,id=rootfs,path=$rootfs,security_model=none,readonly=on,multidevs=remap"
	       -device virtio-9p-pci,fsdev=rootfs,mount_tag=rootfs)
fi
cmdline="$console root=$root rootfstype=9p"
cmdline+=" rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose ro"
cmdline+=" init=$init panic=-1 loglevel=6 $extra${kargs:+ $kargs}"
# Words without dots are handed to init as environment variables.
cmdline+=" NVT_TOP=$TOP NVT_TOPO=$topo NVT_FLAVOUR=$flavour NVT_MODS=$mods/lib/modules"
cmdline+=" NVT_TOOLS=$tools NVT_SCENARIOS=${scenarios// /,} NVT_SHELL=$shell"
cmdline+=" NVT_REPORT=$report NVT_STRESS_CYCLES=${NVT_STRESS_CYCLES:-1000}"
cmdline+=" NVT_FUZZ_CASES=${NVT_FUZZ_CASES:-0} NVT_LEGACY_CYCLES=${NVT_LEGACY_CYCLES:-100}"
# A scenario's own limit is the boot's less 240 s (900 s for boots of
# 1140 s or less), counted from its start, so that a scenario that hangs
# early leaves time for the ones after it; the guest's watchdog reports
# what it waits on 90 s before the boot is stopped (tests/guest/run).
cmdline+=" NVT_SCENARIO_TIMEOUT=$((timeout > 1140 ? timeout - 240 : 900)) NVT_BOOT_TIMEOUT=$timeout"
cmdline+=" NVT_MEDIA=${media:+$media_state} ${NVT_GUEST_ENV:-}"

qemu+=(-accel tcg "${cpus[@]}" $mem
      -nographic -no-reboot -kernel "$kernel" -append "$cmdline"
      -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
      -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
      -fsdev "local,id=results,path=$run/share,security_model=none"
      -device virtio-9p-pci,fsdev=results,mount_tag=results
      "${args[@]}")
[ -z "$gdb" ] || qemu+=(-gdb "tcp:127.0.0.1:$gdb")
printf '%q ' "${qemu[@]}" > "$run/qemu.cmd"; echo >> "$run/qemu.cmd"

say "boot $kver on $topo${scenarios:+ ($scenarios)}${media:+, media $media ($media_state)}: $run"
[ -z "$media" ] || touch "$imgdir/.created"
t0=$SECONDS
if [ $shell = 1 ]; then
	"${qemu[@]}"
	exit 0
fi
# Console: full copy in console.log, guest test lines echoed live.
set +e
timeout --foreground -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 |
	tee "$run/console.log" | tr -d '\r' | grep --line-buffered -E '^(PASS|FAIL|XFAIL|SKIP|INFO) ' |
	sed -u "s/^/    [$flavour $topo] /"
rc=${PIPESTATUS[0]}
set -e
say "guest exited after $((SECONDS - t0))s (qemu rc=$rc)"

# The verdict (tests/host/boot_check.py): the console's splats, the
# windows where a scenario expects one, the guest's health, and one
# result per scenario the host planned.
status=0
python3 "$TOP/tests/host/boot_check.py" --run "$run" --flavour "$flavour" \
	--planned "$(planned_scenarios "$topo" "$scenarios")" --rc "$rc" --timeout "$timeout" \
	${NVT_ARCH:+--oops-panic} || status=1
[ $report = 1 ] && [ -f "$run/share/report.txt" ] && cat "$run/share/report.txt"
# The backing images are sparse but large; the log and results are kept.
rm -f "$run"/*.img
exit $status
