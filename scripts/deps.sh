#!/bin/bash
# Install everything the harness needs, through apt only.  Idempotent and
# quiet when all is present.  Extra package names given as arguments (for
# jobs with needs of their own, such as cross compilers) are added.
source "$(dirname "$0")/lib.sh"

PKGS=(build-essential flex bison bc libelf-dev libssl-dev cpio kmod xz-utils
      rsync git ccache python3 qemu-system-x86 ndctl daxctl e2fsprogs
      xfsprogs util-linux procps "$@")

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
want_src="$KSRC_PKG=$BASE_VERSION"
have_src=$(dpkg-query -W -f='${Version}' "$KSRC_PKG" 2>/dev/null || true)
[ "$have_src" = "$BASE_VERSION" ] || missing+=("$want_src")

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
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
