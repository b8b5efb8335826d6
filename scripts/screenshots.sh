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
# WIDTHxHEIGHT on the demo vault (or on VAULT_MODE=empty, a new vault
# with nothing in it, passphrase in $tmp/pass; VAULT_MODE=none, no vault:
# the welcome screen). SCREENS are names: unlock (or unlock-only, without
# a picture), welcome, dashboard contacts events tutorials sharing
# settings, contacts-detail / events-detail (the screen with its first
# list row clicked, so the detail shows), contact-form (a new contact's
# form with its Kind drop-down open), or tutorial-1 to tutorial-4 (the
# Nth built-in tutorial open in the reader). Each is saved as
# OUT/NAME$SUFFIX.png. Screens are reached with Ctrl+1 … Ctrl+6, as a
# keyboard user does. FYNE_THEME=light or dark pins the theme, LANG picks
# the language, SHOT_RTL=1 mirrors the click positions for a
# right-to-left language.
cat > "$tmp/session.sh" <<'INNER'
#!/bin/sh
set -eu
BIN=$1 OUT=$2 W=$3 H=$4 SUFFIX=$5
shift 5
export HOME=$TMPDIR_APP XDG_CONFIG_HOME=$TMPDIR_APP/config XDG_DATA_HOME=$TMPDIR_APP/data
rm -rf "$TMPDIR_APP"
mkdir -p "$TMPDIR_APP"
case ${VAULT_MODE:-demo} in
demo) "$BIN" demo --scale typical & ;;
empty)
	"$BIN" --vault "$XDG_DATA_HOME/safehouse/vault" --passphrase-file "$PASSFILE" init >/dev/null
	"$BIN" & ;;
none) "$BIN" & ;;
esac
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
key() { xdotool key --delay 40 "$@"; sleep 1.5; }
# x mirrors a horizontal position for right-to-left languages.
x() { if [ "${SHOT_RTL:-}" = 1 ]; then echo $(( W - $1 )); else echo "$1"; fi; }
# The first list row on the contacts and events screens, under the
# title, search and filter rows (the same at both sizes).
ROW=186
for s in "$@"; do
	case $s in
	welcome) shot welcome ;;
	unlock | unlock-only)
		[ "$s" = unlock ] && shot unlock
		# The passphrase field has the focus: the demo's is prefilled,
		# an empty vault's is typed.
		[ "${VAULT_MODE:-demo}" = empty ] && xdotool type --delay 40 "$(cat "$PASSFILE")"
		xdotool key Return
		# Key derivation takes a second or more on a busy machine.
		sleep 8 ;;
	tutorial-[1-4])
		# The tutorials list, its Nth row (rows are 78 px high), the
		# reader; then the reader's Back button, so the next one starts
		# from the list.
		key ctrl+4
		xdotool mousemove $(x 380) $(( 147 + (${s#tutorial-} - 1) * 78 )) click 1
		sleep 3
		shot "$s"
		xdotool mousemove $(x 170) 94 click 1
		sleep 2 ;;
	contact-form)
		# A new contact: Name has the focus, Tab reaches Kind, Down opens it.
		key ctrl+2
		key ctrl+n
		xdotool type --delay 30 "Amina K."
		key Tab
		key Down
		shot "$s"
		key Escape
		key Escape ;;
	*)
		case $s in
		dashboard) n=1 ;; contacts*) n=2 ;; events*) n=3 ;; tutorials) n=4 ;; sharing) n=5 ;; settings) n=6 ;;
		*) echo "unknown screen $s" >&2; exit 2 ;;
		esac
		key ctrl+$n
		case $s in
		contacts-detail) xdotool mousemove $(x 260) $ROW click 1; sleep 2 ;;
		events-detail)
			xdotool mousemove $(x 260) $ROW click 1
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

export PASSFILE="$tmp/pass"
printf 'correct horse battery staple\n' >"$PASSFILE"

# run SIZE SUFFIX SCREENS...: one session in a virtual screen of SIZE.
run() {
	size=$1
	shift
	xvfb-run -a -s "-screen 0 ${size}x24" "$tmp/session.sh" "$BIN" "$OUT" "${size%x*}" "${size#*x}" "$@"
}

# tutorials LANG:LOCALE... — every built-in tutorial open in the reader,
# in right-to-left languages, saved as tutorial-N-LANG.png (N in the
# order of the tutorials list).
tutorials() {
	for l in "$@"; do
		tag=${l%%:*}
		LANG=${l#*:}.UTF-8 LANGUAGE= LC_ALL= SHOT_RTL=1 run 1280x800 "-$tag" \
			unlock-only tutorial-1 tutorial-2 tutorial-3 tutorial-4
	done
}

# SHOTS=tutorials takes only the tutorial images and leaves the others.
if [ "${SHOTS:-}" = tutorials ]; then
	tutorials ar:ar_EG fa:fa_IR
	ls -l "$OUT"/tutorial-*
	exit 0
fi

# A run replaces every image except those captured by hand (the
# tutorial editor, which needs typing; the lock screen's destroy
# confirmation; the first run in portable mode, which needs a "stick";
# the duress passphrase's settings, set dialog and decoy review, taken by
# hand on a demo vault as docs/duress.md describes)
# and the sharing dialogs, which a test renders (TestSharingDialogImages).
find "$OUT" -maxdepth 1 -name '*.png' ! -name 'tutorial-*' ! -name 'sharing-share.png' \
	! -name 'sharing-preview.png' ! -name 'sharing-conflicts.png' ! -name 'sharing-safety-phrase.png' \
	! -name 'unlock-destroy.png' ! -name 'firstrun-portable.png' ! -name 'settings-duress.png' \
	! -name 'duress-set.png' ! -name 'duress-review.png' -delete

# Every main screen in English, Arabic (right to left) and Chinese: dark
# at 1280x800 and light at 800x600; English also light at 1280x800 and
# dark at 800x600. Names: SCREEN[-LANG][-light][-800x600].png (no part
# for English, dark, 1280x800).
screens="unlock dashboard contacts-detail events-detail tutorials sharing settings contact-form"
for l in en:en_US:0 ar:ar_EG:1 zh-Hans:zh_CN:0; do
	tag=${l%%:*} rest=${l#*:}
	loc=${rest%%:*} rtl=${rest#*:}
	sfx="-$tag"
	[ "$tag" = en ] && sfx=""
	export LANG=$loc.UTF-8 LANGUAGE= LC_ALL= SHOT_RTL=$rtl
	FYNE_THEME=dark run 1280x800 "$sfx" $screens
	FYNE_THEME=light run 800x600 "$sfx-light-800x600" $screens
	if [ "$tag" = en ]; then
		FYNE_THEME=light run 1280x800 "-light" $screens
		FYNE_THEME=dark run 800x600 "-800x600" $screens
		# The README's tutorial reader.
		FYNE_THEME=dark run 1280x800 "" unlock-only tutorial-1
		mv "$OUT/tutorial-1.png" "$OUT/tutorial-reader.png"
		# The welcome screen (no vault yet) and a new, empty vault's
		# Get started checklist.
		VAULT_MODE=none FYNE_THEME=dark run 1280x800 "" welcome
		VAULT_MODE=empty FYNE_THEME=dark run 1280x800 "-empty" unlock-only dashboard
	fi
done
export LANG=en_US.UTF-8 SHOT_RTL=0
# The README's larger pictures.
FYNE_THEME=dark run 1440x900 "-1440x900" unlock-only dashboard contacts-detail events-detail
# Every main screen in Persian too.
LANG=fa_IR.UTF-8 SHOT_RTL=1 FYNE_THEME=dark run 1280x800 "-fa" $screens
# Every built-in tutorial in Arabic and Persian (their text runs right to
# left).
tutorials ar:ar_EG fa:fa_IR
ls -l "$OUT"
