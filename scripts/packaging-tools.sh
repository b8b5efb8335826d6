#!/bin/sh
# packaging-tools.sh DEBIAN-PACKAGE... — install the Debian/Ubuntu packages the
# packaging checks and builds use, only those missing (like scripts/deps.sh).
# Exit status: 0 all installed, 2 they cannot be installed on this machine
# (the reason is printed), anything else: apt failed.
set -eu
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "no apt-get on this system: install by hand: $*" >&2
	exit 2
fi
missing=""
for p in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
		sudo="sudo"
	else
		echo "not root and no sudo without a password: install by hand:$missing" >&2
		exit 2
	fi
fi
echo "Installing packaging tools:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
