package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/i18n"
)

// scrNow is the fixed clock of the content-screen tests.
var scrNow = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

const scrPass = "correct horse battery staple"

// scrEnv is a hand-built Env over a fresh vault that records what the
// screens report.
type scrEnv struct {
	*Env
	app     fyne.App
	dir     string
	changed int
	navs    []scrNav
}

type scrNav struct {
	id     ScreenID
	filter any
}

func newScrEnv(t *testing.T) *scrEnv {
	t.Helper()
	a := test.NewTempApp(t)
	dir := filepath.Join(t.TempDir(), "v")
	sess, err := app.Create(dir, []byte(scrPass))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	// Screen tests start from an empty vault: drop the built-in tutorials
	// every new vault gets (TestTutorialsListShowsBuiltins covers them).
	builtins, err := sess.Store().Tutorials().List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tu := range builtins {
		if err := sess.Store().Tutorials().Delete(context.Background(), tu.ID); err != nil {
			t.Fatal(err)
		}
	}
	tr, err := i18n.New("en")
	if tr == nil {
		t.Fatal(err)
	}
	e := &scrEnv{app: a, dir: dir}
	now := func() time.Time { return scrNow }
	e.Env = &Env{
		Session:   sess,
		Tr:        tr,
		Clipboard: NewClipboard(a.Clipboard(), now, 30*time.Second),
		Now:       now,
		Changed:   func() { e.changed++ },
		ShowError: func(err error) { t.Errorf("ShowError: %v", err) },
		Navigate:  func(id ScreenID, f any) { e.navs = append(e.navs, scrNav{id, f}) },
		// Screen tests run background work (opening a shared file...)
		// inline; the shell's tests wait for it instead.
		Background: func(f func()) { f() },
	}
	t.Cleanup(func() {
		if m := tr.Missing(); len(m) > 0 {
			t.Errorf("missing messages: %v", m)
		}
	})
	return e
}

// show puts content in a test window of the given size.
func (e *scrEnv) show(t *testing.T, content fyne.CanvasObject, w, h float32) fyne.Window {
	t.Helper()
	win := test.NewTempWindow(t, content)
	win.Resize(fyne.NewSize(w, h))
	e.Window = win
	return win
}

// addContacts stores contacts and returns them with their IDs.
func (e *scrEnv) addContacts(t *testing.T, cs ...*contact.Contact) []*contact.Contact {
	t.Helper()
	for _, c := range cs {
		if err := e.Session.Store().Contacts().Add(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	return cs
}

func TestSplitList(t *testing.T) {
	for in, want := range map[string]string{
		" a, ,b ,c,":      "a|b|c",
		"رسانه، ائتلاف":   "رسانه|ائتلاف",
		"媒体，联盟、记者":        "媒体|联盟|记者",
		"press,coalition": "press|coalition",
	} {
		if got := strings.Join(splitList(in), "|"); got != want {
			t.Errorf("splitList(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatNumberGroupsDigits(t *testing.T) {
	tr, _ := i18n.New("en")
	if got := formatNumber(&Env{Tr: tr}, 20000); got != "20,000" {
		t.Fatalf("formatNumber = %q", got)
	}
}

func scrSize(w, h float32) fyne.Size { return fyne.NewSize(w, h) }

// scrCanvasTexts returns the texts of every visible label, button and
// rich text on the window, overlays (dialogs) included.
func scrCanvasTexts(e *scrEnv) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Check:
			out = append(out, w.Text)
		case *widget.RichText:
			out = append(out, w.String())
		case *canvas.Text:
			out = append(out, w.Text)
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			if _, leaf := o.(*widget.Label); leaf {
				return
			}
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	c := e.Window.Canvas()
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}

// findButton finds the visible button labelled text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text {
				found = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

func TestActionRowStacksWhenTooNarrow(t *testing.T) {
	test.NewTempApp(t)
	a := widget.NewButton("Add your first contact", nil)
	b := widget.NewButton("Import from a phone or spreadsheet", nil)
	row := newActionRow(a, b)
	wide := a.MinSize().Width + b.MinSize().Width + 40
	row.Resize(fyne.NewSize(wide, 200))
	if a.Position().Y != b.Position().Y || a.Position().X+a.Size().Width > b.Position().X {
		t.Fatalf("wide: buttons not side by side: %v %v", a.Position(), b.Position())
	}
	narrow := b.MinSize().Width + 10
	row.Resize(fyne.NewSize(narrow, 200))
	if b.Position().Y <= a.Position().Y {
		t.Fatalf("narrow: buttons not stacked: %v %v", a.Position(), b.Position())
	}
	for _, o := range []fyne.CanvasObject{a, b} {
		if o.Position().X < 0 || o.Position().X+o.Size().Width > narrow+0.5 {
			t.Fatalf("narrow: a button leaves the row: pos %v size %v in %v", o.Position(), o.Size(), narrow)
		}
	}
	if row.MinSize().Height < a.MinSize().Height+b.MinSize().Height {
		t.Fatalf("stacked row asks for %v, less than both buttons", row.MinSize())
	}
}
