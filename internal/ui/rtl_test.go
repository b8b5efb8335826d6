package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/ui/rtl"
)

func TestFormRowsMirror(t *testing.T) {
	e := widget.NewEntry()
	form := formRows(widget.NewFormItem("الاسم", e))
	if form.Layout == nil || len(form.Objects) != 2 {
		t.Fatalf("form has %d objects", len(form.Objects))
	}
	rtl.Mirror(form)
	form.Resize(fyne.NewSize(400, 40))
	form.Layout.Layout(form.Objects, form.Size())
	if lbl, fld := form.Objects[0], form.Objects[1]; lbl.Position().X <= fld.Position().X {
		t.Errorf("label at %v is not right of the field at %v", lbl.Position(), fld.Position())
	}
	_ = layout.NewFormLayout
}

// TestShellInArabic opens the main window in Arabic: the navigation is
// on the right of the screens, labels are aligned right, and Fyne's own
// words (dialog buttons) are Arabic too.
func TestShellInArabic(t *testing.T) {
	dir := makeVault(t)
	s, _ := newTestShell(t, dir, Options{Lang: "ar"})
	if got := s.unlock.unlock.Text; got == "Unlock" || got == "" {
		t.Errorf("unlock button = %q, want Arabic", got)
	}
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatal("not unlocked")
	}
	s.win.Resize(fyne.NewSize(1280, 800))
	s.main.navigate(ScreenContacts, nil)
	nav := s.main.navButtons[ScreenContacts]
	navX := fyne.CurrentApp().Driver().AbsolutePositionForObject(nav).X
	bodyX := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.main.body).X
	if navX <= bodyX {
		t.Errorf("navigation at x=%v is not right of the body at x=%v", navX, bodyX)
	}
	if nav.Alignment != widget.ButtonAlignTrailing {
		t.Error("navigation buttons not aligned right")
	}
	lockX := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.main.lockButton).X
	if lockX > 640 {
		t.Errorf("lock button at x=%v, want it on the left in Arabic", lockX)
	}
	if got, want := lang.L("Cancel"), s.tr.T("fyne.cancel"); got != want || got == "Cancel" {
		t.Errorf("Fyne's Cancel = %q, want %q", got, want)
	}
	// Back to English: the layout is left to right again.
	s.setLanguage("en")
	nav = s.main.navButtons[ScreenContacts]
	if x, bx := fyne.CurrentApp().Driver().AbsolutePositionForObject(nav).X, fyne.CurrentApp().Driver().AbsolutePositionForObject(s.main.body).X; x >= bx {
		t.Errorf("English navigation at x=%v is not left of the body at x=%v", x, bx)
	}
	if lang.L("Cancel") != "Cancel" {
		t.Errorf("Fyne's Cancel = %q after switching back to English", lang.L("Cancel"))
	}
}

// The strength meter fills from the right in a right-to-left interface.
func TestStrengthMeterRightToLeft(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		lang string
		rtl  bool
	}{{"en", false}, {"ar", true}, {"fa", true}} {
		tr, _ := i18n.New(c.lang)
		m := newStrengthMeter(tr)
		w := test.NewTempWindow(t, m)
		w.Resize(fyne.NewSize(500, 60))
		m.Update("correct horse")
		off := theme.Color(theme.ColorNameInputBorder)
		var filled, empty []float32
		for _, b := range m.bars {
			x := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).X
			if b.FillColor == off {
				empty = append(empty, x)
			} else {
				filled = append(filled, x)
			}
		}
		if len(filled) == 0 || len(empty) == 0 {
			t.Fatalf("%s: %d filled, %d empty bars", c.lang, len(filled), len(empty))
		}
		rightOfEmpty := filled[0] > empty[0]
		if rightOfEmpty != c.rtl {
			t.Errorf("%s: filled bars at %v, empty at %v", c.lang, filled, empty)
		}
	}
}

// Selects, including Safehouse's optionSelect, show their value on the
// right in a right-to-left interface.
func TestRTLSelectsAlignRight(t *testing.T) {
	test.NewTempApp(t)
	plain := widget.NewSelect([]string{"واحد", "اثنان"}, nil)
	opt := newOptionSelect([]string{"a", "b"}, []string{"أ", "ب"}, "الكل", nil)
	row := container.NewVBox(plain, opt)
	rtl.Mirror(row)
	row.Resize(fyne.NewSize(300, 100))
	row.Layout.Layout(row.Objects, row.Size())
	if plain.Alignment != fyne.TextAlignTrailing || opt.Select.Alignment != fyne.TextAlignTrailing {
		t.Errorf("alignment %v and %v, want trailing", plain.Alignment, opt.Select.Alignment)
	}
	if rtl.EmbeddedSelect(widget.NewLabel("x")) != nil {
		t.Error("a label is not a select")
	}
}

// TestRTLPlaceholdersAndChecksInVisualOrder: an entry's placeholder (also
// in a widget that embeds an entry, like the date field and the text
// field) and a check
// box's text mix Arabic with Latin or digits; they are put in visual
// order, as labels are. The typed text of an entry is never touched.
func TestRTLPlaceholdersAndChecksInVisualOrder(t *testing.T) {
	ar, _ := i18n.New("ar")
	hint := "تاريخ الاستحقاق، YYYY-MM-DD (اختياري)"
	if rtl.VisualOrder(hint) == hint {
		t.Fatal("test text needs reordering")
	}
	e := widget.NewEntry()
	e.SetPlaceHolder(hint)
	e.SetText("مرحبا 2026")
	d := newDateEntry(&Env{Tr: ar}, hint)
	f := newTextField()
	f.SetPlaceHolder(hint)
	c := widget.NewCheck("شارك Safehouse 2", nil)
	content := rtlContent(ar, container.NewVBox(e, d, f, c)).(*fyne.Container)
	content.Layout.Layout(content.Objects, fyne.NewSize(400, 200))
	if e.PlaceHolder != rtl.VisualOrder(hint) || d.PlaceHolder != rtl.VisualOrder(hint) || f.PlaceHolder != rtl.VisualOrder(hint) {
		t.Errorf("placeholders %q / %q / %q, want %q", e.PlaceHolder, d.PlaceHolder, f.PlaceHolder, rtl.VisualOrder(hint))
	}
	if e.Text != "مرحبا 2026" {
		t.Errorf("typed text changed to %q", e.Text)
	}
	if c.Text != rtl.VisualOrder("شارك Safehouse 2") {
		t.Errorf("check text %q", c.Text)
	}
	// Laid out again: nothing is reordered twice.
	content.Layout.Layout(content.Objects, fyne.NewSize(400, 200))
	if e.PlaceHolder != rtl.VisualOrder(hint) || c.Text != rtl.VisualOrder("شارك Safehouse 2") {
		t.Error("reordered twice")
	}
}
