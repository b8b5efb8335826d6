#!/bin/sh
# release-build.sh [-C SRCDIR] [-o OUTPUT] — build the Linux (host) desktop
# binary with the fixed release flags. Every build that ships or is compared
# goes through here: `make build`, the build in `make test`, `make package`
# and both builds of `make repro`. The same source with the same Go and C
# toolchains gives a byte-identical binary, whatever folder it is built in.
#
#   -trimpath -buildvcs=false   no build paths, no VCS stamp in the binary
#   -ldflags -s -w -buildid=    no symbol table or DWARF, no random build ID
#   -tags release               Fyne's release mode (no debug paths, and no
#                               reading FyneApp.toml next to the binary)
#   CGO_* fixed                 the C parts (GLFW) built with known flags,
#                               whatever is set in the caller's environment
#   SOURCE_DATE_EPOCH           any C __DATE__/__TIME__ becomes the commit time
set -eu
src=. out=safehouse
while getopts C:o: opt; do
	case $opt in
	C) src=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: $0 [-C SRCDIR] [-o OUTPUT]" >&2; exit 2 ;;
	esac
done
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
cd "$src"

version=$(awk -F'"' '/^ *Version *=/{print $2; exit}' FyneApp.toml)
[ -n "$version" ] || { echo "release-build: no Version in FyneApp.toml" >&2; exit 1; }
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi

export SOURCE_DATE_EPOCH
export CGO_ENABLED=1
export CGO_CFLAGS="-O2 -g0 -fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2"
export CGO_CPPFLAGS=""
export CGO_CXXFLAGS="-O2 -g0"
export CGO_LDFLAGS="-Wl,-z,relro,-z,now"
exec "${GO:-go}" build -trimpath -buildvcs=false -tags release \
	-ldflags "-s -w -buildid= -X main.version=$version" \
	-o "$out" ./cmd/safehouse
