#!/bin/sh
# package.sh — `make package`: build the release artifacts into dist/.
#
#   dist/safehouse-VERSION-linux-amd64.tar.xz    `fyne package -os linux` around
#        the binary from scripts/release-build.sh (the one `make repro` checks),
#        repacked with fixed times, owners, modes and order so it is
#        reproducible too. Inside: safehouse/Makefile and safehouse/usr/local/...
#   dist/safehouse-VERSION-windows-amd64.exe     `fyne package -os windows`,
#        cross-compiled with mingw-w64; icon, version info and manifest embedded.
#   dist/SHA256SUMS                               `sha256sum -c SHA256SUMS` format.
#
# It builds the last commit (PACKAGE_REF=TAG: that tag or commit;
# PACKAGE_FROM=worktree: the working tree) from a
# copy in a temporary folder, because `fyne package` writes into the source
# folder (a metadata file, a .syso resource, and Build+1 in FyneApp.toml). fyne.io/tools is installed into
# .tools/bin at the pinned version if missing. macOS: see packaging/README.md.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
FYNE_TOOLS_VERSION=v1.7.4
fyne=$repo/.tools/bin/fyne

ref=${PACKAGE_REF:-HEAD}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$ref" 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH

# --- tools -------------------------------------------------------------------
if ! "$fyne" version 2>/dev/null | grep -q "fyne cli version: $FYNE_TOOLS_VERSION\$"; then
	echo "package: installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION into .tools/bin"
	GOBIN=$repo/.tools/bin GOFLAGS='' "${GO:-go}" install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
	sh scripts/packaging-tools.sh gcc-mingw-w64-x86-64 || {
		echo "package: the Windows build needs x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64)" >&2
		exit 1
	}
fi
for t in tar xz sha256sum; do
	command -v $t >/dev/null 2>&1 || { echo "package: $t is missing" >&2; exit 1; }
done

# --- the source: the last commit, or the working tree if asked ----------------
stage=$(mktemp -d "${TMPDIR:-/tmp}/safehouse-package.XXXXXX")
cleanup() { chmod -R u+w "$stage" 2>/dev/null || true; rm -rf "$stage"; }
trap cleanup EXIT INT TERM
src=$stage/src
mkdir -p "$src" "$stage/linux" "$stage/repack"
case ${PACKAGE_FROM:-head} in
head)
	# Release artifacts come from a commit, like `make repro` builds: the
	# Linux binary here and there must have the same SHA-256.
	git archive --format=tar "$ref" | tar -xf - -C "$src"
	echo "package: building $ref ($(git rev-parse --short "$ref"))"
	if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		echo "package: NOTE: uncommitted changes are NOT packaged; PACKAGE_FROM=worktree packages them."
	fi ;;
worktree)
	# Tracked and untracked files, minus ignored ones: for trying out changes.
	git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf - | tar -xf - -C "$src"
	echo "package: NOTE: packaging the working tree; these artifacts are not a release." ;;
*) echo "package: PACKAGE_FROM must be head or worktree" >&2; exit 2 ;;
esac
version=$(awk -F'"' '/^ *Version *=/{print $2; exit}' "$src/FyneApp.toml")
build=$(awk -F'=' '/^ *Build *=/{gsub(/ /, "", $2); print $2; exit}' "$src/FyneApp.toml")
# fyne reads FyneApp.toml from the folder of the main package.
sed 's#^\( *Icon *= *\)"assets/#\1"../../assets/#' "$src/FyneApp.toml" >"$src/cmd/safehouse/FyneApp.toml"

rm -rf dist
mkdir -p dist
base=safehouse-$version

# --- Linux -------------------------------------------------------------------
t0=$(date +%s)
echo "package: building the Linux binary (scripts/release-build.sh)"
sh scripts/release-build.sh -C "$src" -o "$stage/linux/safehouse"
echo "package: fyne package -os linux"
# --app-version/--app-build: fyne adds 1 to Build in the copied FyneApp.toml
# after each package, which must not leak into the next one.
(cd "$stage/linux" && "$fyne" package -os linux --release \
	--app-version "$version" --app-build "$build" \
	--src "$src/cmd/safehouse" --executable "$stage/linux/safehouse" \
	--icon "$src/assets/icon.png")
tar -xJf "$stage/linux/Safehouse.tar.xz" -C "$stage/repack"
if command -v desktop-file-validate >/dev/null 2>&1; then
	find "$stage/repack" -name '*.desktop' -exec desktop-file-validate {} +
fi
# Same content as fyne's tarball, made reproducible: sorted names, the commit
# time on every file, root:root, normalised modes, no extended headers, and
# single-threaded xz.
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
	--mode='u+rwX,go+rX,go-w' --format=gnu -cf - -C "$stage/repack" safehouse |
	xz -9 -T1 -c >"dist/$base-linux-amd64.tar.xz"
t1=$(date +%s)
echo "package: Linux done in $((t1 - t0)) s"

# --- Windows -----------------------------------------------------------------
echo "package: fyne package -os windows (mingw-w64)"
(cd "$src/cmd/safehouse" &&
	CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ GOARCH=amd64 \
	CGO_CFLAGS="-g0" CGO_CPPFLAGS="" CGO_CXXFLAGS="-g0" CGO_LDFLAGS="" \
	GOFLAGS="${GOFLAGS:-} -buildvcs=false -ldflags=-buildid= -ldflags=-X=main.version=$version" \
	"$fyne" package -os windows --release --src . --icon "$src/assets/icon.png" \
		--app-version "$version" --app-build "$build")
mv "$src/cmd/safehouse/Safehouse.exe" "dist/$base-windows-amd64.exe"
t2=$(date +%s)
echo "package: Windows done in $((t2 - t1)) s"

# --- checksums ---------------------------------------------------------------
(cd dist && sha256sum "$base-linux-amd64.tar.xz" "$base-windows-amd64.exe" >SHA256SUMS && sha256sum -c SHA256SUMS)
echo "package: Linux binary sha256 $(sha256sum "$stage/linux/safehouse" | cut -d' ' -f1) (compare with make repro)"
ls -l dist
echo "package: done in $((t2 - t0)) s"
