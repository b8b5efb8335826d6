#!/bin/sh
# smoke.sh BINARY — use the real desktop app the way a person does.
#
# The headless tests run on Fyne's software test driver, which never
# opened a drop-down the way the real driver does: that is how every
# option select came to crash the app. This script runs the real GLFW
# build under Xvfb and drives it with xdotool:
#
#  1. a scripted session on a small demo vault: unlock; every screen
#     (Ctrl+1 … Ctrl+6); every control reached with Tab gets Down (which
#     opens a drop-down) and Escape; a new contact and a new event are
#     typed and saved with Ctrl+S; a contact form is left half-typed while
#     the vault is locked (Ctrl+L), then unlocked and saved; every screen
#     again at 800x600 and 640x480; Ctrl+Q quits; then in Arabic a contact
#     saved with Ctrl+S from its focused field, Ctrl+L and Ctrl+Q;
#  2. a chaos session: CHAOS_SECONDS (default 120) of random clicks and
#     keys over the demo vault, with SEED (printed) for replaying it.
#
# It fails when the app dies, prints a panic, exits with an error, when
# no drop-down opened, or when the saved edits are not in the vault
# afterwards (read back with the command line). Screenshots of each step
# and the app's output are kept in OUT (default build/smoke) for a person
# to look at.
set -eu

BIN=${1:?usage: scripts/smoke.sh BINARY}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
OUT=${OUT:-build/smoke}
case $OUT in /*) ;; *) OUT=$(pwd)/$OUT ;; esac
CHAOS_SECONDS=${CHAOS_SECONDS:-120}
SEED=${SEED:-$(date +%s)}
rm -rf "$OUT"
mkdir -p "$OUT"

need=""
command -v Xvfb >/dev/null 2>&1 || need="$need xvfb"
command -v xdotool >/dev/null 2>&1 || need="$need xdotool"
command -v import >/dev/null 2>&1 || need="$need imagemagick"
command -v xauth >/dev/null 2>&1 || need="$need xauth"
if [ -n "$need" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y --no-install-recommends $need
fi

# The step being run, named when a command fails under set -e without
# reaching fail() (a silent exit would leave CI with nothing to go on).
step="starting"
failed=""
tmp=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
	status=$?
	if [ $status -ne 0 ] && [ -z "$failed" ]; then
		echo "smoke: FAIL: a command failed (status $status) during: $step" >&2
		[ -f "$OUT/app.log" ] && tail -n 40 "$OUT/app.log" >&2
	fi
	[ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	failed=1
	echo "smoke: FAIL: $*" >&2
	[ -f "$OUT/app.log" ] && tail -n 40 "$OUT/app.log" >&2
	exit 1
}

# A display of our own; Xvfb picks a free number.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
i=0
while [ ! -s "$tmp/display" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "Xvfb did not start"
	sleep 0.1
done
DISPLAY=:$(cat "$tmp/display")
export DISPLAY

# Nothing of this run touches the real home folder.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" \
	XDG_CACHE_HOME="$tmp/home/cache" TMPDIR="$tmp/tmp" LANG=en_US.UTF-8
mkdir -p "$HOME" "$TMPDIR"
VAULT="$XDG_DATA_HOME/safehouse/vault"
printf 'demo\n' >"$tmp/pass"
"$BIN" demo --out "$VAULT" --scale small >/dev/null || fail "could not make the demo vault"
cli() { "$BIN" --vault "$VAULT" --passphrase-file "$tmp/pass" "$@"; }

alive() { kill -0 "$app_pid" 2>/dev/null || fail "the app died ($1)"; }
n=0
shot() {
	n=$((n + 1))
	step="after the screenshot $1"
	import -window root "$OUT/$(printf %02d $n)-$1.png" 2>/dev/null || true
}
# same A B: exits 0 when two screenshots are (nearly) identical.
same() {
	d=$(compare -metric AE "$1" "$2" null: 2>&1 || true)
	d=${d%% *}
	[ "${d%.*}" -lt 50 ] 2>/dev/null
}
key() { xdotool key --delay 40 "$@"; sleep 0.25; }

start_app() {
	"$BIN" >>"$OUT/app.log" 2>&1 &
	app_pid=$!
	i=0
	while ! win=$(xdotool search --onlyvisible --name '^Safehouse' 2>/dev/null | head -n1) || [ -z "$win" ]; do
		i=$((i + 1)); [ $i -lt 120 ] || fail "no window"
		alive "starting"
		sleep 0.5
	done
	sleep 2
	xdotool windowmove "$win" 0 0 windowsize --sync "$win" 1280 800 windowfocus "$win" 2>/dev/null || true
	sleep 1
}

unlock() {
	# The passphrase field has the focus.
	xdotool type --delay 40 demo
	key Return
	sleep 4
	alive "unlocking"
}

# tabwalk N NAME [keep]: press Tab N times; after each, Down opens a drop-down if the
# focused control has one, and Escape closes it. Counts drop-downs seen.
drops=0
tabwalk() {
	# Start from no focus (a click on the empty middle of the top bar),
	# unless a third argument keeps the focus where it is (a form's
	# first field).
	if [ -z "${3:-}" ]; then
		xdotool mousemove 600 49 click 1
		sleep 0.2
	fi
	j=0
	while [ $j -lt "$1" ]; do
		j=$((j + 1))
		step="Tab $j of the walk on $2"
		key Tab
		import -window root "$tmp/before.png" 2>/dev/null
		key Down
		import -window root "$tmp/open.png" 2>/dev/null
		key Escape
		import -window root "$tmp/after.png" 2>/dev/null
		alive "Tab/Down/Escape on $2"
		if ! same "$tmp/open.png" "$tmp/after.png" && same "$tmp/before.png" "$tmp/after.png"; then
			drops=$((drops + 1))
			if [ $drops -le 12 ]; then
				cp "$tmp/open.png" "$OUT/dropdown-$drops-$2.png"
			fi
		fi
	done
	return 0
}

echo "smoke: scripted session"
start_app
shot unlock
unlock
shot dashboard
screens="dashboard contacts events tutorials sharing settings"
k=0
for s in $screens; do
	k=$((k + 1))
	key ctrl+$k
	shot "$s"
	tabwalk 30 "$s"
done
[ $drops -ge 4 ] || fail "only $drops drop-downs opened on the screens (the contact filters alone are 4)"

# A new contact, its drop-downs, saved with Ctrl+S.
key ctrl+2
key ctrl+n
xdotool type --delay 30 "Smoke Test Person"
before=$drops
tabwalk 20 contact-form keep
[ $drops -gt $before ] || fail "no drop-down opened in the contact form"
key ctrl+s
sleep 1
shot contact-saved

# A new event, saved with Ctrl+S.
key ctrl+3
key ctrl+n
xdotool type --delay 30 "Smoke Test Event"
before=$drops
tabwalk 8 event-form keep
[ $drops -gt $before ] || fail "no drop-down opened in the event form"
key ctrl+s
sleep 1
shot event-saved

# A contact form left half-typed while the vault locks.
key ctrl+2
key ctrl+n
xdotool type --delay 30 "Half Typed Before Lock"
shot half-typed
key ctrl+l
sleep 2
shot locked
alive "locking"
unlock
shot restored
key ctrl+s
sleep 1
shot restored-saved

# Smaller windows.
for size in "800 600" "640 480"; do
	set -- $size
	xdotool windowsize --sync "$win" "$1" "$2" 2>/dev/null || true
	sleep 1
	k=0
	for s in $screens; do
		k=$((k + 1))
		key ctrl+$k
		shot "$s-$1x$2"
		alive "$s at $1x$2"
	done
done
xdotool windowsize --sync "$win" 1280 800 2>/dev/null || true

key ctrl+q
i=0
while kill -0 "$app_pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 40 ] || fail "Ctrl+Q did not quit"
	sleep 0.5
done
wait "$app_pid" || fail "the app exited with status $?"
app_pid=""
if grep -E -q '^panic:|fatal error:|^goroutine [0-9]+ \[' "$OUT/app.log"; then
	fail "the app printed a panic"
fi
list=$(cli contact list) || fail "the vault does not open after the session"
for name in "Smoke Test Person" "Half Typed Before Lock"; do
	echo "$list" | grep -q "$name" || fail "the contact '$name' was not saved"
done
cli event list 2>/dev/null | grep -q "Smoke Test Event" || fail "the event was not saved"
echo "smoke: scripted session passed ($drops drop-downs opened)"

# Right to left: the menus are drawn inside the window, so only the text
# field can pass a shortcut on. A contact typed and saved with Ctrl+S
# while its name field has the focus, then Ctrl+L and Ctrl+Q.
export LANG=ar_EG.UTF-8
start_app
unlock
shot rtl-unlocked
key ctrl+2
key ctrl+n
xdotool type --delay 30 "Saved From A Field"
key ctrl+s
sleep 1
shot rtl-saved
key ctrl+l
sleep 2
shot rtl-locked
alive "locking in Arabic"
unlock
key ctrl+q
i=0
while kill -0 "$app_pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 40 ] || fail "Ctrl+Q did not quit the Arabic interface"
	sleep 0.5
done
wait "$app_pid" || fail "the app exited with status $? (Arabic)"
app_pid=""
export LANG=en_US.UTF-8
cli contact list | grep -q "Saved From A Field" || fail "Ctrl+S typed in a field of the Arabic interface did not save"
echo "smoke: right-to-left shortcuts passed"

echo "smoke: chaos for ${CHAOS_SECONDS}s, SEED=$SEED"
start_app
unlock
# Random clicks inside the window (below the menu bar, so Quit is never
# chosen) and random keys; every 25 actions an attempt to unlock, in case
# the chaos locked the vault.
awk -v seed="$SEED" -v secs="$CHAOS_SECONDS" 'BEGIN {
	srand(seed)
	split("Tab Escape Return Down Up Left Right space BackSpace a b c x 1 2 ctrl+1 ctrl+2 ctrl+3 ctrl+4 ctrl+5 ctrl+6 ctrl+n ctrl+f ctrl+s ctrl+l Page_Down", keys, " ")
	nk = length(keys)
	n = int(secs * 4)
	for (i = 1; i <= n; i++) {
		if (i % 25 == 0) { print "unlock"; continue }
		if (rand() < 0.6) printf "click %d %d\n", int(rand() * 1270) + 5, int(rand() * 760) + 34
		else print "key " keys[int(rand() * nk) + 1]
	}
}' >"$OUT/chaos-actions.txt"
end=$(( $(date +%s) + CHAOS_SECONDS ))
count=0
while read -r act a b; do
	[ "$(date +%s)" -lt "$end" ] || break
	case $act in
	click) xdotool mousemove "$a" "$b" click 1 ;;
	key) xdotool key "$a" ;;
	unlock) xdotool key ctrl+a type --delay 20 demo; xdotool key Return ;;
	esac
	count=$((count + 1))
	sleep 0.2
	alive "chaos action $count ($act $a ${b:-}); replay with SEED=$SEED"
	[ $((count % 100)) -ne 0 ] || shot "chaos-$count"
done <"$OUT/chaos-actions.txt"
shot chaos-end
alive "end of chaos"
# The system stops the app: it saves and exits cleanly.
kill -TERM "$app_pid"
i=0
while kill -0 "$app_pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 40 ] || fail "the app did not stop on SIGTERM"
	sleep 0.5
done
wait "$app_pid" || fail "the app exited with status $? after chaos"
app_pid=""
if grep -E -q '^panic:|fatal error:|^goroutine [0-9]+ \[' "$OUT/app.log"; then
	fail "the app printed a panic"
fi
echo "smoke: chaos passed ($count actions, SEED=$SEED)"
echo "smoke: screenshots in $OUT"
