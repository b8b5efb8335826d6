#!/bin/sh
# check-packaging.sh — validate what installers and software centres read:
# the .desktop file (desktop-file-validate), the AppStream metainfo
# (appstreamcli validate --no-net), and that FyneApp.toml, the .desktop file,
# the metainfo, the icons, the Flatpak manifest and the code agree.
# Run by `make test`. The two validators come from Debian's desktop-file-utils
# and appstream packages and are installed when missing; if that is impossible
# the validators are skipped with the reason printed (REQUIRE_PACKAGING_TOOLS=1
# turns that skip into a failure, as CI does). Every other check always runs.
set -eu
cd "$(dirname "$0")/.."

id=org.safehouse.Safehouse
desktop=packaging/linux/$id.desktop
metainfo=packaging/linux/$id.metainfo.xml
flatpak=packaging/flatpak/$id.yml
icons=packaging/linux/icons/hicolor
fail=0
bad() { echo "check-packaging: $*" >&2; fail=1; }

# --- the two validators ---------------------------------------------------
if ! command -v desktop-file-validate >/dev/null 2>&1 || ! command -v appstreamcli >/dev/null 2>&1; then
	if ! sh scripts/packaging-tools.sh desktop-file-utils appstream; then
		msg="desktop-file-validate/appstreamcli missing and could not be installed (see above)"
		if [ "${REQUIRE_PACKAGING_TOOLS:-0}" = 1 ]; then
			bad "$msg"
		else
			echo "check-packaging: SKIPPED the validators: $msg" >&2
		fi
	fi
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
	# Exit status covers errors; warnings are failures here too.
	if ! out=$(desktop-file-validate "$desktop" 2>&1) || [ -n "$out" ]; then
		echo "$out" >&2
		bad "desktop-file-validate: $desktop has errors or warnings"
	fi
fi
if command -v appstreamcli >/dev/null 2>&1; then
	# Errors and warnings fail (exit status); so does any note except the one
	# older appstreamcli (< 1.0, Debian 12) gives for the AppStream 1.0 <developer> tag.
	out=$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1) || { echo "$out" >&2; bad "appstreamcli validate failed on $metainfo"; }
	notes=$(printf '%s\n' "$out" | grep -E '^[EWI]: ' | grep -v 'unknown-tag developer$' || true)
	if [ -n "$notes" ]; then
		echo "$notes" >&2
		bad "appstreamcli reported issues in $metainfo"
	fi
fi

# --- FyneApp.toml is the source; everything else must agree ---------------
toml_str() { sed -n "s/^ *$1 *= *\"\(.*\)\" *\$/\1/p" FyneApp.toml | head -n 1; }
toml_list() { # ["a", "b"] -> a;b;
	sed -n "s/^ *$1 *= *\[\(.*\)\] *\$/\1/p" FyneApp.toml | head -n 1 |
		tr -d '" ' | tr ',' '\n' | sed '/^$/d' | tr '\n' ';'
}
desk() { sed -n "s/^$1=//p" "$desktop" | head -n 1; }

name=$(toml_str Name) appid=$(toml_str ID) version=$(toml_str Version)
[ "$appid" = "$id" ] || bad "FyneApp.toml ID is '$appid', want $id"
[ -n "$version" ] || bad "FyneApp.toml has no Version"
grep -q "^ *Build *= *[1-9][0-9]* *\$" FyneApp.toml || bad "FyneApp.toml Build must be a positive number"
icon=$(toml_str Icon)
[ -f "$icon" ] || bad "FyneApp.toml Icon '$icon' does not exist"
grep -q "^const appID = \"$id\"\$" cmd/safehouse/main.go || bad "cmd/safehouse/main.go appID differs from $id"

# Only keys fyne.io/tools v1.7.4 reads (cmd/fyne/internal/metadata/data.go).
unknown=$(sed -n 's/^ *\([A-Za-z]*\) *=.*/\1/p' FyneApp.toml |
	grep -v -x -E 'Website|Description|Icon|Name|ID|Version|Build|GenericName|Categories|Comment|Keywords|ExecParams|Languages' || true)
[ -z "$unknown" ] || bad "FyneApp.toml keys fyne does not read: $unknown"

[ "$(desk Name)" = "$name" ] || bad "$desktop Name differs from FyneApp.toml"
[ "$(desk GenericName)" = "$(toml_str GenericName)" ] || bad "$desktop GenericName differs from FyneApp.toml"
[ "$(desk Comment)" = "$(toml_str Comment)" ] || bad "$desktop Comment differs from FyneApp.toml"
[ "$(desk Categories)" = "$(toml_list Categories)" ] || bad "$desktop Categories differ from FyneApp.toml"
[ "$(desk Keywords)" = "$(toml_list Keywords)" ] || bad "$desktop Keywords differ from FyneApp.toml"
[ "$(desk Icon)" = "$id" ] || bad "$desktop Icon must be $id"
[ "$(desk Exec)" = "safehouse" ] || bad "$desktop Exec must be safehouse"

# Metainfo: same ID, name, summary, categories and keywords; newest release = Version.
grep -q "<id>$id</id>" "$metainfo" || bad "$metainfo id is not $id"
grep -q "<name>$name</name>" "$metainfo" || bad "$metainfo name is not $name"
grep -q "<summary>$(toml_str Comment)</summary>" "$metainfo" || bad "$metainfo summary differs from FyneApp.toml Comment"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" || bad "$metainfo launchable is not $id.desktop"
grep -q "<binary>safehouse</binary>" "$metainfo" || bad "$metainfo does not provide the safehouse binary"
grep -q "<project_license>GPL-3.0-or-later</project_license>" "$metainfo" || bad "$metainfo project_license is not GPL-3.0-or-later (README)"
mi_cats=$(sed -n 's/.*<category>\(.*\)<\/category>.*/\1/p' "$metainfo" | tr '\n' ';')
[ "$mi_cats" = "$(toml_list Categories)" ] || bad "$metainfo categories differ from FyneApp.toml"
mi_keys=$(sed -n 's/.*<keyword>\(.*\)<\/keyword>.*/\1/p' "$metainfo" | tr '\n' ';')
[ "$mi_keys" = "$(toml_list Keywords)" ] || bad "$metainfo keywords differ from FyneApp.toml"
release=$(grep -m 1 -o '<release version="[^"]*" date="[^"]*"[^>]*>' "$metainfo" || true)
rel_version=$(printf '%s' "$release" | sed -n 's/.*version="\([^"]*\)".*/\1/p')
rel_date=$(printf '%s' "$release" | sed -n 's/.*date="\([^"]*\)".*/\1/p')
[ "$rel_version" = "$version" ] || bad "$metainfo newest release is '$rel_version', FyneApp.toml Version is $version"
# A version with its own CHANGELOG heading ("## [0.1.0] - 2026-12-01") is released:
# the metainfo must carry that date and not say type="development". Until then
# the release entry must say type="development".
cl_date=$(sed -n "s/^## \[$(printf '%s' "$version" | sed 's/\./\\./g')\] - \([0-9-]*\).*/\1/p" CHANGELOG.md | head -n 1)
if [ -n "$cl_date" ]; then
	[ "$rel_date" = "$cl_date" ] || bad "$metainfo release $version date $rel_date differs from CHANGELOG.md ($cl_date)"
	case $release in *'type="development"'*) bad "$metainfo release $version is in CHANGELOG.md but marked development" ;; esac
else
	case $release in *'type="development"'*) ;; *) bad "$metainfo release $version has no CHANGELOG.md heading yet: mark it type=\"development\"" ;; esac
fi
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $3*256+$4 "x" $7*256+$8}'; }
sed -n 's/.*<image[^>]*width="\([0-9]*\)" height="\([0-9]*\)">\(.*\)<\/image>.*/\1x\2 \3/p' "$metainfo" |
	while read -r size url; do
		f=docs/screenshots/${url##*/}
		if [ ! -f "$f" ]; then
			echo "$metainfo screenshot ${url##*/} is not in docs/screenshots"
		elif [ "$(png_size "$f")" != "$size" ]; then
			echo "$metainfo says $f is $size, it is $(png_size "$f")"
		fi
	done >"${TMPDIR:-/tmp}/check-packaging.$$"
[ -s "${TMPDIR:-/tmp}/check-packaging.$$" ] && bad "$(cat "${TMPDIR:-/tmp}/check-packaging.$$")"
rm -f "${TMPDIR:-/tmp}/check-packaging.$$"
[ "$(grep -c '<image' "$metainfo")" -ge 1 ] || bad "$metainfo has no screenshots"

# Icons: every hicolor size, the right pixel size, the SVG identical to assets/icon.svg.
for s in 16 32 48 64 128 256 512; do
	f=$icons/${s}x${s}/apps/$id.png
	if [ ! -f "$f" ]; then bad "missing $f (run make icons)"; continue; fi
	[ "$(png_size "$f")" = "${s}x${s}" ] || bad "$f is $(png_size "$f"), want ${s}x${s}"
done
cmp -s assets/icon.svg "$icons/scalable/apps/$id.svg" || bad "$icons/scalable/apps/$id.svg differs from assets/icon.svg (run make icons)"
[ "$(png_size assets/icon.png)" = "512x512" ] || bad "assets/icon.png must be 512x512"

# Flatpak manifest: our ID, no network, GPU, no broad file access, files it installs exist.
grep -q "^id: $id\$" "$flatpak" || bad "$flatpak id is not $id"
fp_args=$(grep -v '^ *#' "$flatpak")
printf '%s\n' "$fp_args" | grep -q -- '--share=network' && bad "$flatpak must not grant --share=network: Safehouse never uses the network"
grep -q -- '- --device=dri' "$flatpak" || bad "$flatpak lacks --device=dri"
grep -q -- '- --socket=x11' "$flatpak" || bad "$flatpak lacks --socket=x11 (Fyne's default driver is X11)"
printf '%s\n' "$fp_args" | grep -E -q -- '--filesystem=(host|home)' && bad "$flatpak grants broad --filesystem access; use the file-chooser portal"
grep -q -- '-tags release,flatpak' "$flatpak" || bad "$flatpak must build with -tags release,flatpak (portal file chooser)"
for f in "$desktop" "$metainfo"; do
	grep -q "$f" "$flatpak" || bad "$flatpak does not install $f"
done

if [ "$fail" -ne 0 ]; then
	echo "check-packaging: FAILED" >&2
	exit 1
fi
echo "check-packaging: desktop file, metainfo, icons and Flatpak manifest OK (version $version)"
