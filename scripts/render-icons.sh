#!/bin/sh
# render-icons.sh — draw the hicolor PNG icons in packaging/linux/icons from
# assets/icon.svg (the one source of the app icon) and copy the SVG next to
# them. The PNGs are committed; run this (`make icons`) after changing the SVG.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -eu
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null 2>&1 || {
	echo "render-icons: rsvg-convert is missing (Debian/Ubuntu: apt-get install librsvg2-bin)" >&2
	exit 1
}
id=org.safehouse.Safehouse
root=packaging/linux/icons/hicolor
for s in 16 32 48 64 128 256 512; do
	mkdir -p "$root/${s}x${s}/apps"
	rsvg-convert --width "$s" --height "$s" --keep-aspect-ratio --format png \
		--output "$root/${s}x${s}/apps/$id.png" assets/icon.svg
done
mkdir -p "$root/scalable/apps"
cp assets/icon.svg "$root/scalable/apps/$id.svg"
echo "render-icons: wrote $root"
