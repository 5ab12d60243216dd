#!/bin/bash
# Install everything the harness needs, through apt only.  Idempotent and
# quiet when all is present.  Extra package names given as arguments (for
# jobs with needs of their own, such as cross compilers) are added; one
# written PKG@SUITE comes from that suite of this machine's own mirror
# (apt_suite_for below), as the base's kernel source does (KSRC_SUITE).
source "$(dirname "$0")/lib.sh"

PKGS=(build-essential flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
      rsync git ccache python3 qemu-system-x86 ndctl daxctl e2fsprogs
      xfsprogs util-linux procps "$@")

# apt_suite_for PKG SUITE: let apt install PKG, and no other package, from
# SUITE of the Debian mirror this machine's apt already uses (apt_mirror):
# a sources file and pins of the harness's own under /etc/apt.  Every
# other package of SUITE is pinned at -1, so no upgrade or dependency
# ever comes from it; the machine's default suite is unchanged.
apt_suite_for() {
	local pkg=$1 suite=$2 mirror d=/etc/apt
	local src=$d/sources.list.d/subsection-harness-$suite.sources
	# apt reads a preferences.d file only if its name has no extension
	# or ".pref": "linux-source-7.3" alone would be ignored.
	local pin=$d/preferences.d/subsection-harness-$suite.pref
	local pkgpin=$d/preferences.d/subsection-harness-$pkg.pref
	mirror=$(apt_mirror)
	[ -n "$mirror" ] || die "apt-cache policy names no Debian archive: cannot find $suite"
	$SUDO tee "$src.new" > /dev/null <<-EOF
	# Written by the sub-section hotplug harness (scripts/deps.sh) for $pkg.
	Types: deb
	URIs: $mirror
	Suites: $suite
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	$SUDO tee "$pin.new" > /dev/null <<-EOF
	# Written by the sub-section hotplug harness: nothing from $suite
	# unless a package pin of its own says so.
	Package: *
	Pin: release n=$suite
	Pin-Priority: -1
	EOF
	$SUDO tee "$pkgpin.new" > /dev/null <<-EOF
	# Written by the sub-section hotplug harness: $pkg comes from $suite.
	Package: $pkg
	Pin: release n=$suite
	Pin-Priority: 500
	EOF
	local f changed=0
	for f in "$src" "$pin" "$pkgpin"; do
		if cmp -s "$f.new" "$f"; then $SUDO rm -f "$f.new"
		else $SUDO mv "$f.new" "$f"; changed=1
		fi
	done
	[ $changed = 0 ] || say "apt: $pkg from $suite of $mirror (sources and pins in $d)"
}

SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo

missing=() suites=()
for p in "${PKGS[@]}"; do
	case $p in *@*) suite=${p#*@} p=${p%@*} ;; *) suite= ;; esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' &&
		continue
	missing+=("$p")
	[ -z "$suite" ] || suites+=("$p $suite")
done
want_src="$KSRC_PKG=$BASE_VERSION"
have_src=$(dpkg-query -W -f='${Version}' "$KSRC_PKG" 2>/dev/null || true)
[ "$have_src" = "$BASE_VERSION" ] || missing+=("$want_src")

[ ${#missing[@]} -eq 0 ] && exit 0

[ -n "${KSRC_SUITE:-}" ] && [ "$have_src" != "$BASE_VERSION" ] &&
	suites+=("$KSRC_PKG $KSRC_SUITE")
for p in "${suites[@]}"; do
	# shellcheck disable=SC2086 # "PKG SUITE"
	apt_suite_for $p
done
say "apt: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
	# The pinned kernel source may have left the archive: take what is there.
	missing=("${missing[@]/$want_src/$KSRC_PKG}")
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
have_src=$(dpkg-query -W -f='${Version}' "$KSRC_PKG")
[ "$have_src" = "$BASE_VERSION" ] ||
	warn "$KSRC_PKG is $have_src, the series is made against $BASE_VERSION; trying anyway"
