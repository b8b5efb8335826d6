package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// insideWindow fails unless o is shown and lies wholly inside the
// window's canvas.
func insideWindow(t *testing.T, w fyne.Window, name string, o fyne.CanvasObject) {
	t.Helper()
	if !o.Visible() {
		t.Errorf("%s hidden", name)
		return
	}
	pos, found := absPos(w, o)
	if !found {
		t.Errorf("%s not in the window", name)
		return
	}
	size, c := o.Size(), w.Canvas().Size()
	if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > c.Width+0.5 || pos.Y+size.Height > c.Height+0.5 || size.Height < o.MinSize().Height {
		t.Errorf("%s at %v size %v (min %v), window %v", name, pos, size, o.MinSize(), c)
	}
}

// The template dialog shows the date each template would give, and its
// date field, zone field and buttons stay inside small windows.
func TestTemplateDialogDateVisible(t *testing.T) {
	for _, sz := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 600}, {Width: 640, Height: 480}} {
		e := newScrEnv(t)
		s := newEvents(e.Env)
		w := e.show(t, s.Content(), sz.Width, sz.Height)
		s.Shown(nil)
		test.Tap(s.templateButton)
		p := s.templatePicker
		texts := strings.Join(scrCanvasTexts(e), "\n")
		if !strings.Contains(texts, "suggested date October 21, 2026") {
			t.Errorf("%v: the list does not show the suggested dates", sz)
		}
		pickTemplate(t, p, "Global Encryption Day event")
		p.day.SetText("21.10.2026")
		test.Tap(p.create) // the tallest state: with an error line
		if p.err.Text() != e.T("validation.date_invalid") {
			t.Fatalf("error %q", p.err.Text())
		}
		for name, o := range map[string]fyne.CanvasObject{"date": p.day, "zone": p.zone, "create": p.create, "cancel": p.cancel, "error": p.err.row} {
			insideWindow(t, w, fmt.Sprint(sz, " ", name), o)
		}
		test.Tap(p.cancel)
	}
}

// absPos finds o in w's content or overlays and returns its position in
// the window. (The test driver's AbsolutePositionForObject looks in the
// last window created, not necessarily w.)
func absPos(w fyne.Window, o fyne.CanvasObject) (fyne.Position, bool) {
	var walk func(p fyne.CanvasObject, at fyne.Position) (fyne.Position, bool)
	walk = func(p fyne.CanvasObject, at fyne.Position) (fyne.Position, bool) {
		if p == nil || !p.Visible() {
			return fyne.Position{}, false
		}
		at = at.Add(p.Position())
		if p == o {
			return at, true
		}
		var kids []fyne.CanvasObject
		switch x := p.(type) {
		case *fyne.Container:
			kids = x.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if pos, ok := walk(k, at); ok {
				return pos, true
			}
		}
		return fyne.Position{}, false
	}
	roots := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, r := range roots {
		if pos, ok := walk(r, fyne.Position{}); ok {
			return pos, true
		}
	}
	return fyne.Position{}, false
}
