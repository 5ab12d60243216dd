#!/bin/bash
# The userland of a make check-arch guest: Debian bookworm's packages for
# that architecture, unpacked by mmdebstrap (variant extract: apt resolves
# the dependencies, nothing is configured or run on the host) into
# build/rootfs-DEBARCH.  The guest mounts it read-only as its 9p root.
# Its /nvt-init is tests/guest/arch-init, copied in on every call.
#
#   scripts/arch-rootfs.sh DEBARCH      (arm64, ppc64el)
source "$(dirname "$0")/lib.sh"

debarch=${1:?usage: $0 DEBARCH}
# What tests/guest/ runs: bash, coreutils, util-linux (mount, dmesg,
# setsid), kmod, ndctl/daxctl, mkfs.ext4, python3, procps, grep, sed, awk;
# dash for /bin/sh (modprobe runs ndctl's install rule for libnvdimm with it).
PKGS=dash,bash,coreutils,util-linux,mount,kmod,ndctl,daxctl,e2fsprogs,python3,procps,grep,sed,mawk,findutils,hostname,diffutils,libc-bin
root=$BUILD_DIR/rootfs-$debarch
# riscv64 is not in bookworm: trixie, whose packages are merged-/usr (the
# loader is /lib/ld-linux-riscv64-lp64d.so.1, so /lib must lead to
# usr/lib: mmdebstrap's merged-usr setup hook makes the links).
suite=bookworm hooks=()
if [ "$debarch" = riscv64 ]; then
	suite=trixie
	hooks=(--setup-hook=/usr/share/mmdebstrap/hooks/merged-usr/setup00.sh)
fi
stamp="$suite $debarch $PKGS"
if [ "$(cat "$root.stamp" 2>/dev/null)" != "$stamp" ]; then
	# Callers read the root's path from stdout: apt's output goes to stderr.
	"$TOP/scripts/deps.sh" mmdebstrap >&2
	rm -rf "$root" "$root.stamp"
	say "rootfs: unpacking $suite $debarch (mmdebstrap, variant extract)"
	# The archives this machine's apt uses (apt_mirror reads them from
	# apt-cache policy) with the updates and security suites.  An index
	# caught mid-sync is retried; if the security suite's stays broken,
	# the guest (a test userland, never networked) is built without it,
	# and says so.
	mirror=$(apt_mirror) secmirror=$(apt_mirror security)
	[ -n "$mirror" ] || die "apt-cache policy names no Debian archive"
	main="deb $mirror $suite main"
	upd="deb $mirror $suite-updates main"
	sec=${secmirror:+"deb $secmirror $suite-security main"}
	ok=0
	for try in 1 2 3 4; do
		rm -rf "$root"
		suites=("$main" "$upd" ${sec:+"$sec"})
		[ $try = 4 ] && [ -n "$sec" ] && suites=("$main" "$upd") &&
			say "rootfs: $suite-security keeps failing for $debarch: without it"
		if mmdebstrap --quiet --variant=extract --architectures="$debarch" "${hooks[@]}" \
			--include="$PKGS" "$suite" "$root" "${suites[@]}"; then
			ok=1
			break
		fi
		say "rootfs: mmdebstrap failed (try $try of 4)"
		[ $try = 4 ] || sleep 20
	done
	[ $ok = 1 ] || die "mmdebstrap for $debarch failed"
	# Without ldconfig's cache the loader searches its built-in
	# directories, which on Debian include the multiarch ones; the
	# guest must find python3's libraries there.
	[ -x "$root/usr/bin/python3" ] && [ -x "$root/bin/bash" ] ||
		die "rootfs $root lacks bash or python3"
	# The links that dash's and mawk's maintainer scripts (update-
	# alternatives) would make.
	[ -e "$root/bin/sh" ] || ln -s dash "$root/bin/sh"
	[ -e "$root/usr/bin/awk" ] || ln -s mawk "$root/usr/bin/awk"
	echo "$stamp" > "$root.stamp"
fi
install -m 0755 "$TOP/tests/guest/arch-init" "$root/nvt-init"
echo "$root"
