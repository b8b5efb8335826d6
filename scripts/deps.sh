#!/bin/sh
# Installs the system packages the real Fyne build needs, only when missing.
# Usage: deps.sh "APT PACKAGES" "DNF COMMAND" "PACMAN COMMAND" "BREW COMMAND"
set -eu
apt_pkgs=$1 dnf_cmd=$2 pacman_cmd=$3 brew_cmd=$4

if ! command -v go >/dev/null 2>&1; then
	echo "Go is not installed: get Go 1.26 or newer from your package manager or go.dev." >&2
	exit 1
fi

case "$(uname -s)" in
Darwin)
	xcode-select -p >/dev/null 2>&1 || { echo "Install the Xcode command line tools first: $brew_cmd" >&2; exit 1; }
	exit 0 ;;
esac

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
	missing=""
	for p in $apt_pkgs; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
	done
	[ -z "$missing" ] && exit 0
	echo "Installing missing system packages:$missing"
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
	exit 0
fi

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gl x11 xcursor xrandr xinerama xi xxf86vm 2>/dev/null; then
	exit 0
fi
if command -v dnf >/dev/null 2>&1; then
	echo "Please install the build dependencies, then run make again:"; echo "  $dnf_cmd"
elif command -v pacman >/dev/null 2>&1; then
	echo "Please install the build dependencies, then run make again:"; echo "  $pacman_cmd"
else
	echo "Please install a C compiler, pkg-config and the OpenGL/X11 development headers (see README)."
fi
exit 1
