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
	"sync"
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
// pop-up. Every Refresh asks the driver for a canvas, so the answer for
// each code address is cached.
func openingPopUp() bool {
	var pcs [24]uintptr
	n := runtime.Callers(3, pcs[:])
	for _, pc := range pcs[:n] {
		if v, ok := popUpPCs.Load(pc); ok {
			if v.(bool) {
				return true
			}
			continue
		}
		name := ""
		if f := runtime.FuncForPC(pc - 1); f != nil {
			name = f.Name()
		}
		is := strings.HasPrefix(name, "fyne.io/fyne/v2/widget.") &&
			(strings.Contains(name, "PopUp") || strings.Contains(name, "popUp") || strings.Contains(name, "Menu"))
		popUpPCs.Store(pc, is)
		if is {
			return true
		}
	}
	return false
}

// popUpPCs caches openingPopUp's answer per code address.
var popUpPCs sync.Map

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

// isFileDialog reports whether o is Fyne's file open/save dialog (the
// one object in the app that shows a grid of files).
func isFileDialog(o fyne.CanvasObject) bool {
	if o == nil {
		return false
	}
	if reflect.TypeOf(o).String() == "*widget.GridWrap" {
		return true
	}
	for _, c := range children(o) {
		if isFileDialog(c) {
			return true
		}
	}
	return false
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
// first shown: every dialog closed, the screen built anew on the open
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
	ov := s.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
	s.win.Canvas().Focus(nil)
	m := s.main
	if scr, ok := m.screens[w.screen]; ok {
		scr.Teardown()
		delete(m.screens, w.screen)
	}
	m.show(w.screen, nil)
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
// that open also get Tab, Escape and Enter. at tells that the window is
// in that state already; the path is replayed only when a tap changed
// what can be tapped (most taps, in a field or a check box, do not).
func (w *walker) explore(path []step, frontier []int, at bool) {
	depth := len(path)
	for _, i := range frontier {
		if !at && !w.replay(path) {
			return
		}
		at = true
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
			at = false
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
		nowOverlays := len(w.s.win.Canvas().Overlays().List())
		opened := nowOverlays > overlays
		if len(fresh) > 0 || len(after) != len(before) || nowOverlays != overlays || w.s.main.current != w.screen {
			at = false // the tap changed the state: replay before the next
		}
		// Another screen is walked in its own turn.
		if len(fresh) == 0 || depth+1 >= w.maxDepth || w.s.main.current != w.screen {
			continue
		}
		sig := signature(depth, freshObjs)
		if w.seen[sig] {
			continue
		}
		w.seen[sig] = true
		if depth == 0 {
			w.t.Logf("  %s: exploring %d new after %s (%v)", w.screen, len(fresh), st.desc, time.Since(w.started).Round(time.Millisecond))
		}
		// Fyne's own file dialog lists the real file system: it gets the
		// keys, but the walk does not wander through folders (a named
		// pipe there blocks reading forever).
		fileDialog := opened && isFileDialog(w.s.win.Canvas().Overlays().Top())
		if opened {
			for _, k := range []fyne.KeyName{fyne.KeyTab, fyne.KeyEscape, fyne.KeyReturn} {
				if !w.replay(next) {
					break
				}
				w.keys++
				keyPath := append(slices.Clone(next), step{key: k, desc: "key " + string(k)})
				w.do(keyPath, func() { pressKey(w.s.win.Canvas(), k) })
			}
			if fileDialog {
				continue
			}
			w.explore(next, fresh, false)
		} else {
			w.explore(next, fresh, true)
		}
		at = false
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
	// File dialogs open in the home folder: an empty one.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	newStrictApp(t)
	pristine := makeDemoVault(t)
	for _, sz := range []struct {
		size  fyne.Size
		depth int
	}{
		// Three levels reach every drop-down of every form (a row, its
		// Edit, the form's select); a small window repeats the first.
		{fyne.NewSize(1280, 800), 3},
		{fyne.NewSize(800, 600), 1},
	} {
		for _, e := range navEntries() {
			// SAFEHOUSE_WALK=contacts,events walks only those screens
			// (for working on one screen; make test walks them all).
			if only := os.Getenv("SAFEHOUSE_WALK"); only != "" && !slices.Contains(strings.Split(only, ","), string(e.id)) {
				continue
			}
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
			w.explore(nil, idx, false)
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
