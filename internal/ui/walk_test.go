package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/demo"
)

// The walker: every screen and dialog of the demo vault, every tappable
// thing in them, tapped; Escape, Enter and Tab pressed in every dialog.
// It fails on any panic and names the path that led to it.
//
// Fyne's test driver answers "which canvas holds this object?" with the
// last window, whatever the object. That hid a crash: an option select
// whose inner widget was not in any canvas opened its drop-down fine in
// tests and panicked in the real app. The walker therefore runs on
// strictDriver, which answers the way the real driver does: the canvas
// whose tree holds the object, or nil.

// strictApp is a test app whose driver is strictDriver.
type strictApp struct {
	fyne.App
	drv *strictDriver
}

func (a *strictApp) Driver() fyne.Driver { return a.drv }

type strictDriver struct{ fyne.Driver }

// CanvasForObject returns, for a widget opening a pop-up (a drop-down, a
// menu, a context menu), the canvas whose content or overlays hold o, or
// nil, like the GLFW driver. Those are the calls that panic on nil. Other
// calls (every Refresh asks) keep the test driver's answer: walking the
// tree there would build renderers inside a Refresh and recurse.
func (d *strictDriver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	if !openingPopUp() {
		return d.Driver.CanvasForObject(o)
	}
	return d.lookup(o)
}

// lookup returns the canvas whose content or overlays hold o, or nil.
func (d *strictDriver) lookup(o fyne.CanvasObject) fyne.Canvas {
	for _, w := range d.AllWindows() {
		c := w.Canvas()
		roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
		for _, r := range roots {
			if inTree(r, o) {
				return c
			}
		}
	}
	return nil
}

// openingPopUp reports whether the caller is Fyne code that shows a
// pop-up.
func openingPopUp() bool {
	pcs := make([]uintptr, 24)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "fyne.io/fyne/v2/widget.") &&
			(strings.Contains(f.Function, "PopUp") || strings.Contains(f.Function, "popUp") || strings.Contains(f.Function, "Menu")) {
			return true
		}
		if !more {
			return false
		}
	}
}

// children returns the objects drawn inside o.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

func inTree(root, o fyne.CanvasObject) bool {
	if root == nil {
		return false
	}
	if root == o {
		return true
	}
	for _, c := range children(root) {
		if inTree(c, o) {
			return true
		}
	}
	return false
}

// newStrictApp makes a test app with the strict driver the current app.
func newStrictApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	s := &strictApp{App: a, drv: &strictDriver{a.Driver()}}
	fyne.SetCurrentApp(s)
	return s
}

func TestStrictDriverFindsOnlyObjectsInACanvas(t *testing.T) {
	a := newStrictApp(t)
	in, out := widget.NewButton("in", nil), widget.NewButton("out", nil)
	w := a.NewWindow("t")
	defer w.Close()
	w.SetContent(container.NewVBox(in))
	d := a.Driver().(*strictDriver)
	if d.lookup(in) != w.Canvas() {
		t.Error("object in the window: canvas not found")
	}
	if d.lookup(out) != nil {
		t.Error("object in no window: got a canvas")
	}
}

// TestOptionSelectOpensInStrictDriver is the crash the walker exists for:
// the drop-down of an option select needs the canvas of the widget that is
// in the window.
func TestOptionSelectOpensInStrictDriver(t *testing.T) {
	a := newStrictApp(t)
	w := a.NewWindow("t")
	defer w.Close()
	var got string
	s := newOptionSelect([]string{"a", "b"}, []string{"A", "B"}, "Any", func(v string) { got = v })
	w.SetContent(container.NewVBox(s))
	w.Resize(fyne.NewSize(300, 300))
	test.Tap(s)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the drop-down did not open")
	}
	var items []fyne.CanvasObject
	for _, o := range tappables(top) {
		if reflect.TypeOf(o).String() == "*widget.menuItem" {
			items = append(items, o)
		}
	}
	if len(items) != 3 {
		t.Fatalf("drop-down has %d items, want 3", len(items))
	}
	test.Tap(items[2].(fyne.Tappable))
	if got != "b" || s.Value() != "b" {
		t.Fatalf("picked %q, value %q", got, s.Value())
	}
}


// tappables returns the visible, enabled objects under root that take a
// tap, in tree order. It does not look inside a tappable widget (an
// entry's text, a select's label).
func tappables(root fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if _, ok := o.(fyne.Tappable); ok {
			if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
				out = append(out, o)
			}
			// A pop-up, an overlay and a menu take a tap on their
			// backdrop and hold more.
			switch reflect.TypeOf(o).String() {
			case "*widget.PopUp", "*widget.PopUpMenu", "*widget.Menu", "*widget.OverlayContainer":
			default:
				return
			}
		}
		for _, c := range children(o) {
			walk(c)
		}
	}
	walk(root)
	return out
}

// describe names an object for a failure message: its type and text.
func describe(o fyne.CanvasObject) string {
	name := reflect.TypeOf(o).String()
	text := ""
	switch x := o.(type) {
	case *widget.Button:
		text = x.Text
	case *widget.Check:
		text = x.Text
	case *widget.Hyperlink:
		text = x.Text
	case *optionSelect:
		text = x.Selected
	case *widget.Select:
		text = x.Selected
	default:
		for _, c := range children(o) {
			if l, ok := c.(*widget.Label); ok {
				text = l.Text
				break
			}
		}
	}
	if len(text) > 30 {
		text = text[:30] + "…"
	}
	if text != "" {
		return fmt.Sprintf("%s %q", name, text)
	}
	return name
}

// walker holds the state of one walk.
type walker struct {
	t        *testing.T
	pristine string // vault folder every run starts from a copy of
	size     fyne.Size
	maxDepth int

	s       *shell
	screen  ScreenID
	seen    map[string]bool // explored frontiers, by signature
	taps    int
	keys    int
	panics  []string
	started time.Time
}

// step is one action of a path from a fresh main window: a tap on the
// i-th tappable, or a key.
type step struct {
	tap  int
	key  fyne.KeyName
	desc string
}

func (w *walker) pathString(path []step) string {
	var parts []string
	for _, p := range path {
		parts = append(parts, p.desc)
	}
	return string(w.screen) + " › " + strings.Join(parts, " › ")
}

// reset brings the window back to the walker's screen as it looks when
// first shown: every dialog closed, the main window rebuilt on the open
// vault. Only a locked or destroyed vault costs a new shell (fresh). The
// vault keeps what earlier taps changed; the walk is after panics, not
// after exact states.
func (w *walker) reset() {
	s := w.s
	if s == nil || s.main == nil || s.session == nil {
		w.fresh()
		return
	}
	s.wait(10 * time.Second)
	s.hideAll()
	s.buildMain(w.screen)
	w.settle()
}

// fresh closes the current shell and opens a new one, unlocked, on a new
// copy of the pristine vault, showing the walker's screen.
func (w *walker) fresh() {
	t := w.t
	t.Helper()
	if w.s != nil {
		w.close()
	}
	dir := filepath.Join(t.TempDir(), "vault")
	copyDir(t, w.pristine, dir)
	a := fyne.CurrentApp()
	s, err := newShell(a, Options{VaultDir: dir, Now: func() time.Time { return walkNow }, LocaleDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s.win.Resize(w.size)
	w.s = s
	s.lastScreen = w.screen
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	if !s.wait(20 * time.Second) {
		t.Fatal("unlock did not finish")
	}
	if s.main == nil {
		t.Fatalf("demo vault did not unlock: %q", s.unlock.errLabel.Text)
	}
	w.settle()
}

// settle makes screens that query in the background answer now.
func (w *walker) settle() {
	if w.s.main == nil {
		return
	}
	// Queries run as the shell's counted tasks: wait for them.
	w.s.wait(10 * time.Second)
}

func (w *walker) close() {
	s := w.s
	w.s = nil
	s.wait(10 * time.Second)
	if s.unlock != nil {
		s.unlock.closePending()
	}
	if s.session != nil {
		s.session.Close()
	}
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		if win == s.win {
			s.win.Close()
		}
	}
}

// all returns every tappable in the window: content, then overlays.
func (w *walker) all() []fyne.CanvasObject {
	c := w.s.win.Canvas()
	out := tappables(c.Content())
	for _, o := range c.Overlays().List() {
		out = append(out, tappables(o)...)
	}
	return out
}

// do runs fn, turning a panic into a recorded failure of path.
func (w *walker) do(path []step, fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("panic at %s: %v\n%s", w.pathString(path), r, debug.Stack())
			w.panics = append(w.panics, msg)
			ok = false
		}
	}()
	fn()
	w.settle()
	return true
}

// replay brings a fresh window to the state after path. It reports false
// when the path no longer leads anywhere (the state changed under it).
func (w *walker) replay(path []step) bool {
	w.reset()
	for i, p := range path {
		if w.s.main == nil {
			return false
		}
		if p.key != "" {
			if !w.do(path[:i+1], func() { pressKey(w.s.win.Canvas(), p.key) }) {
				return false
			}
			continue
		}
		objs := w.all()
		if p.tap >= len(objs) {
			return false
		}
		o := objs[p.tap]
		if !w.do(path[:i+1], func() { test.Tap(o.(fyne.Tappable)) }) {
			return false
		}
	}
	return w.s.main != nil
}

// pressKey sends a key the way the real driver does: to the focused
// object, else to the canvas.
func pressKey(c fyne.Canvas, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// signature identifies a frontier of new tappables by the kinds of
// objects in it, so similar states (another list row's detail) are
// explored once.
func signature(depth int, objs []fyne.CanvasObject) string {
	kinds := map[string]bool{}
	for _, o := range objs {
		kinds[reflect.TypeOf(o).String()] = true
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return fmt.Sprint(depth, ks)
}

// explore taps, from the state path leads to, each tappable of frontier
// (indexes into w.all()), and explores what each tap reveals. Dialogs
// that open also get Tab, Escape and Enter.
func (w *walker) explore(path []step, frontier []int) {
	depth := len(path)
	for _, i := range frontier {
		if !w.replay(path) {
			return
		}
		before := w.all()
		if i >= len(before) {
			return
		}
		target := before[i]
		st := step{tap: i, desc: describe(target)}
		next := append(slices.Clone(path), st)
		overlays := len(w.s.win.Canvas().Overlays().List())
		w.taps++
		if !w.do(next, func() { test.Tap(target.(fyne.Tappable)) }) || w.s.main == nil {
			continue
		}
		after := w.all()
		var fresh []int
		var freshObjs []fyne.CanvasObject
		for j, o := range after {
			if !slices.Contains(before, o) {
				fresh = append(fresh, j)
				freshObjs = append(freshObjs, o)
			}
		}
		opened := len(w.s.win.Canvas().Overlays().List()) > overlays
		// Another screen is walked in its own turn.
		if len(fresh) == 0 || depth+1 >= w.maxDepth || w.s.main.current != w.screen {
			continue
		}
		sig := signature(depth, freshObjs)
		if w.seen[sig] {
			continue
		}
		w.seen[sig] = true
		if opened {
			for _, k := range []fyne.KeyName{fyne.KeyTab, fyne.KeyEscape, fyne.KeyReturn} {
				if !w.replay(next) {
					break
				}
				w.keys++
				keyPath := append(slices.Clone(next), step{key: k, desc: "key " + string(k)})
				w.do(keyPath, func() { pressKey(w.s.win.Canvas(), k) })
			}
		}
		if depth == 0 {
			w.t.Logf("  %s: exploring %d new after %s (%v)", w.screen, len(fresh), st.desc, time.Since(w.started).Round(time.Millisecond))
		}
		w.explore(next, fresh)
	}
}

// walkNow is the walker's clock: fixed, so runs are repeatable.
var walkNow = time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)

// makeDemoVault writes the small demo data set into a vault with the test
// passphrase.
func makeDemoVault(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo")
	sess, err := app.Create(dir, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := demo.PopulateAt(context.Background(), sess.Store(), demo.ScaleSmall, 1, walkNow); err != nil {
		t.Fatal(err)
	}
	if err := sess.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWalkEveryScreen taps everything, everywhere, and fails on any panic.
func TestWalkEveryScreen(t *testing.T) {
	newStrictApp(t)
	pristine := makeDemoVault(t)
	for _, sz := range []struct {
		size  fyne.Size
		depth int
	}{
		{fyne.NewSize(1280, 800), 4},
		{fyne.NewSize(800, 600), 2},
	} {
		for _, e := range navEntries() {
			w := &walker{t: t, pristine: pristine, size: sz.size, maxDepth: sz.depth, screen: e.id, seen: map[string]bool{}, started: time.Now()}
			w.fresh()
			n := len(w.all())
			// The main menu's items, as the menu bar would run them.
			for _, m := range w.s.win.MainMenu().Items {
				for _, it := range m.Items {
					// Quit closes the window for good (TestQuitWithDirtyFormAsks
					// covers it).
					if it.Action == nil || it.IsQuit {
						continue
					}
					w.replay(nil)
					w.do([]step{{desc: "menu " + it.Label}}, it.Action)
				}
			}
			idx := make([]int, n)
			for i := range idx {
				idx[i] = i
			}
			w.explore(nil, idx)
			t.Logf("%vx%v %s: %d taps, %d keys, %v", sz.size.Width, sz.size.Height, e.id, w.taps, w.keys, time.Since(w.started).Round(time.Millisecond))
			if w.s != nil {
				w.close()
			}
			for _, p := range w.panics {
				t.Error(p)
			}
		}
	}
}
