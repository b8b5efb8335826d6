#!/bin/sh
# screenshots.sh BINARY — run the real Safehouse app under Xvfb on a demo
# vault and save PNGs of each main screen to docs/screenshots/.
#
# The app has no screenshot automation of its own (nothing in it may be
# remote-controlled), so this drives the real window like a person would:
# xdotool types the demo passphrase and clicks the navigation, and
# ImageMagick's `import` captures the screen (Fyne's own Capture returns a
# blank image under Xvfb).
set -eu

BIN=${1:?usage: scripts/screenshots.sh BINARY}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
OUT=${OUT:-docs/screenshots}
mkdir -p "$OUT"

need=""
command -v xvfb-run >/dev/null 2>&1 || need="$need xvfb"
command -v xauth >/dev/null 2>&1 || need="$need xauth"
command -v import >/dev/null 2>&1 || need="$need imagemagick"
command -v xdotool >/dev/null 2>&1 || need="$need xdotool"
# Chinese screens need CJK glyphs from the system (see docs/TRANSLATING.md).
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need="$need fonts-noto-cjk fontconfig"
if [ -n "$need" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y --no-install-recommends $need
fi

# The CLI can build a demo vault on disk; check it works before the GUI.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" demo --out "$tmp/vault" --scale typical >/dev/null

# session.sh BIN OUT WIDTH HEIGHT SUFFIX SCREENS... — one app run at
# WIDTHxHEIGHT. SCREENS are names: unlock (or unlock-only, without a
# picture) dashboard contacts events
# tutorials settings, contacts-detail / events-detail (the screen with
# its first list row clicked, so the detail pane shows), or tutorial-1 to
# tutorial-4 (the Nth built-in tutorial open in the reader, at 1280x800
# or wider). Each is saved as
# OUT/NAME$SUFFIX.png. Set FYNE_THEME=light or dark to pin the theme, LANG
# to pick the language, and SHOT_RTL=1 for a right-to-left language (the
# navigation and the lists are then on the right).
cat > "$tmp/session.sh" <<'INNER'
#!/bin/sh
set -eu
BIN=$1 OUT=$2 W=$3 H=$4 SUFFIX=$5
shift 5
export HOME=$TMPDIR_APP XDG_CONFIG_HOME=$TMPDIR_APP/config XDG_DATA_HOME=$TMPDIR_APP/data
"$BIN" demo --scale typical &
pid=$!
# Wait for the window.
i=0
while ! win=$(xdotool search --onlyvisible --name '^Safehouse' 2>/dev/null | head -n1) || [ -z "$win" ]; do
	i=$((i + 1)); [ $i -lt 120 ] || { echo "no window" >&2; kill $pid; exit 1; }
	sleep 0.5
done
sleep 2
xdotool windowmove "$win" 0 0 windowsize --sync "$win" "$W" "$H" windowfocus "$win"
sleep 2
shot() { import -window root -crop "${W}x${H}+0+0" "$OUT/$1$SUFFIX.png"; }
# x mirrors a horizontal position for right-to-left languages.
x() { if [ "${SHOT_RTL:-}" = 1 ]; then echo $(( W - $1 )); else echo "$1"; fi; }
for s in "$@"; do
	case $s in
	unlock | unlock-only)
		[ "$s" = unlock ] && shot unlock
		# The field is prefilled with the demo passphrase: Enter unlocks.
		# SHOT_UNLOCK_Y moves the click for languages whose notice above
		# the field takes two lines.
		xdotool windowfocus "$win" mousemove $(( W / 2 )) "${SHOT_UNLOCK_Y:-215}" click 1 key Return
		# Key derivation takes a second or more on a busy machine.
		sleep 8 ;;
	tutorial-[1-4])
		# The tutorials list, its Nth row (rows are 78 px high below the
		# search row), the reader; then Back, so the next one starts from
		# the list.
		xdotool mousemove $(x 60) $(( 94 + 3 * 40 )) click 1
		sleep 2
		[ -n "${SHOT_DEBUG:-}" ] && shot "$s-list"
		xdotool mousemove $(x 380) $(( 150 + (${s#tutorial-} - 1) * 78 )) click 1
		sleep 3
		shot "$s"
		xdotool mousemove $(x 170) 94 click 1
		sleep 2 ;;
	*)
		# Navigation order: dashboard contacts events tutorials sharing settings.
		case $s in
		dashboard) n=1 ;; contacts*) n=2 ;; events*) n=3 ;; tutorials) n=4 ;; sharing) n=5 ;; settings) n=6 ;;
		*) echo "unknown screen $s" >&2; exit 2 ;;
		esac
		if [ "$W" -ge 900 ]; then
			# Sidebar buttons, below the menu bar and the top bar.
			y=$(( 94 + (n - 1) * 40 ))
			[ $n -eq 6 ] && y=$(( H - 24 ))
			xdotool mousemove $(x 60) $y click 1
		else
			# Compact selector: open it, pick the entry.
			xdotool mousemove $(( W / 2 )) 94 click 1
			sleep 1
			xdotool mousemove $(( W / 2 )) $(( 128 + (n - 1) * 39 )) click 1
		fi
		sleep 2
		# The first list row, under the screen's header: the contact list
		# has a title row and a filter row, the event list a title row.
		case $s in
		contacts-detail) xdotool mousemove $(x 260) $(( W >= 900 ? 178 : 226 )) click 1; sleep 2 ;;
		events-detail)
			xdotool mousemove $(x 260) $(( W >= 900 ? 136 : 184 )) click 1
			sleep 2
			# Scroll the detail to its end: the tasks and the safety plan.
			xdotool mousemove $(x $(( W - 200 ))) $(( H / 2 )) click --repeat 150 --delay 15 5
			sleep 1 ;;
		esac
		shot "$s" ;;
	esac
done
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
INNER
chmod +x "$tmp/session.sh"
export TMPDIR_APP="$tmp/home"
mkdir -p "$TMPDIR_APP"

# tutorials LANG:LOCALE:UNLOCK_Y... — every built-in tutorial open in the
# reader, in right-to-left languages, saved as tutorial-N-LANG.png (N in
# the order of the tutorials list).
tutorials() {
	for l in "$@"; do
		tag=${l%%:*} rest=${l#*:}
		LANG=${rest%%:*}.UTF-8 LANGUAGE= LC_ALL= SHOT_RTL=1 SHOT_UNLOCK_Y=${rest#*:} xvfb-run -a -s "-screen 0 1280x800x24" \
			"$tmp/session.sh" "$BIN" "$OUT" 1280 800 "-$tag" \
			unlock-only tutorial-1 tutorial-2 tutorial-3 tutorial-4
	done
}

# SHOTS=tutorials takes only the tutorial images and leaves the others.
if [ "${SHOTS:-}" = tutorials ]; then
	tutorials ar:ar_EG:215 fa:fa_IR:235
	ls -l "$OUT"/tutorial-*
	exit 0
fi

# Only the images the README shows (and the size checks) are kept: a run
# replaces all of them except the tutorial reader and editor, which are
# captured by hand (they need typing in the editor).
# The sharing dialogs are rendered by a test (TestSharingDialogImages).
find "$OUT" -maxdepth 1 -name '*.png' ! -name 'tutorial-*' ! -name 'sharing-share.png' \
	! -name 'sharing-preview.png' ! -name 'sharing-conflicts.png' ! -name 'sharing-safety-phrase.png' -delete
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/session.sh" "$BIN" "$OUT" 1280 800 "" \
	unlock dashboard contacts events tutorials sharing settings
xvfb-run -a -s "-screen 0 1440x900x24" "$tmp/session.sh" "$BIN" "$OUT" 1440 900 "-1440x900" \
	unlock dashboard contacts-detail events-detail
FYNE_THEME=light xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/session.sh" "$BIN" "$OUT" 1280 800 "-light" \
	unlock contacts-detail
xvfb-run -a -s "-screen 0 800x600x24" "$tmp/session.sh" "$BIN" "$OUT" 800 600 "-800x600" \
	unlock contacts
# Every main screen in Arabic and Persian (right to left) and Chinese.
for l in ar:ar_EG:1:215 fa:fa_IR:1:235 zh-Hans:zh_CN:0:215; do
	tag=${l%%:*} rest=${l#*:}
	loc=${rest%%:*} rest=${rest#*:}
	LANG=$loc.UTF-8 LANGUAGE= LC_ALL= SHOT_RTL=${rest%%:*} SHOT_UNLOCK_Y=${rest#*:} xvfb-run -a -s "-screen 0 1280x800x24" \
		"$tmp/session.sh" "$BIN" "$OUT" 1280 800 "-$tag" \
		unlock dashboard contacts-detail events-detail tutorials sharing settings
done
# Every built-in tutorial in Arabic and Persian (their text runs right to
# left).
tutorials ar:ar_EG:215 fa:fa_IR:235
# The unlock screen is kept once (1280x800) and at 800x600.
rm -f "$OUT/unlock-1440x900.png" "$OUT/unlock-light.png"
ls -l "$OUT"
