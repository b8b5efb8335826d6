package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/i18n"
)

// The ticker stays off in tests: they call check themselves.
func init() { focusInterval = 0 }

// dialogRig is a window with a focus keeper, as the shell has.
type dialogRig struct {
	w fyne.Window
	k *focusKeeper
}

func newDialogRig(t *testing.T) *dialogRig {
	t.Helper()
	test.NewTempApp(t)
	tr, _ := i18n.New("en")
	dialogTr.Store(tr)
	field := widget.NewEntry()
	catcher := newActivityCatcher(container.NewVBox(field, widget.NewButton("Main", nil)), func() {})
	w := test.NewTempWindow(t, catcher)
	w.Resize(fyne.NewSize(800, 600))
	catcher.focus.canvas = w.Canvas()
	return &dialogRig{w: w, k: catcher.focus}
}

// press sends a key the way the driver does: to the focused object, else
// to the canvas.
func (r *dialogRig) press(name fyne.KeyName) {
	r.k.check()
	ev := &fyne.KeyEvent{Name: name}
	if f := r.w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := r.w.Canvas().OnTypedKey(); h != nil {
		h(ev)
	}
}

func (r *dialogRig) typeText(s string) {
	r.k.check()
	for _, c := range s {
		r.w.Canvas().Focused().TypedRune(c)
	}
}

func (r *dialogRig) open() bool { return r.w.Canvas().Overlays().Top() != nil }

// outcome records how a dialog was closed.
type outcome struct{ closed, confirmed int }

func (o *outcome) cb(ok bool) {
	o.closed++
	if ok {
		o.confirmed++
	}
}

// Escape closes, and Enter confirms, every kind of dialog Safehouse uses,
// with the focus nowhere, in a field or on a button.
func TestDialogKeys(t *testing.T) {
	type kind struct {
		name string
		// show opens the dialog in w and returns its field (or nil).
		show func(w fyne.Window, o *outcome) *widget.Entry
		// enterConfirms: Enter presses a confirming button.
		enterConfirms bool
		// enterCloses: Enter closes the dialog at all.
		enterCloses bool
	}
	kinds := []kind{
		{"custom with Close", func(w fyne.Window, o *outcome) *widget.Entry {
			d := dialog.NewCustom("Notice", "Close", widget.NewLabel("Saved."), w)
			d.SetOnClosed(func() { o.cb(false) })
			d.Show()
			return nil
		}, false, true},
		{"custom confirm", func(w fyne.Window, o *outcome) *widget.Entry {
			dialog.NewCustomConfirm("Rename", "Rename", "Cancel", widget.NewLabel("Sure?"), o.cb, w).Show()
			return nil
		}, true, true},
		{"custom confirm with a field", func(w fyne.Window, o *outcome) *widget.Entry {
			e := widget.NewEntry()
			dialog.NewCustomConfirm("Name", "Save", "Cancel", e, o.cb, w).Show()
			w.Canvas().Focus(e)
			return e
		}, true, true},
		{"confirm", func(w fyne.Window, o *outcome) *widget.Entry {
			dialog.NewConfirm("Go on?", "Really?", o.cb, w).Show()
			return nil
		}, true, true},
		{"information", func(w fyne.Window, o *outcome) *widget.Entry {
			d := dialog.NewInformation("Done", "All saved.", w)
			d.SetOnClosed(func() { o.cb(false) })
			d.Show()
			return nil
		}, false, true},
		{"buttons set by the screen", func(w fyne.Window, o *outcome) *widget.Entry {
			e := widget.NewEntry()
			d := dialog.NewCustomWithoutButtons("Task", e, w)
			cancel := widget.NewButton("Cancel", func() { d.Hide(); o.cb(false) })
			save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { d.Hide(); o.cb(true) })
			save.Importance = widget.HighImportance
			d.SetButtons([]fyne.CanvasObject{cancel, save})
			d.Show()
			w.Canvas().Focus(e)
			return e
		}, true, true},
		{"delete confirm: Enter never deletes", func(w fyne.Window, o *outcome) *widget.Entry {
			d := dialog.NewCustomConfirm("Delete", "Delete", "Cancel", widget.NewLabel("Delete it?"), o.cb, w)
			d.SetConfirmImportance(widget.DangerImportance)
			d.Show()
			return nil
		}, false, false},
		{"form", func(w fyne.Window, o *outcome) *widget.Entry {
			e := widget.NewEntry()
			dialog.NewForm("Add", "Add", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, o.cb, w).Show()
			return nil
		}, true, true},
	}
	for _, k := range kinds {
		t.Run(k.name+"/escape", func(t *testing.T) {
			r := newDialogRig(t)
			var o outcome
			field := k.show(r.w, &o)
			if field != nil {
				r.typeText("ab ")
				if field.Text != "ab " {
					t.Fatalf("typing reached the field as %q", field.Text)
				}
			}
			r.press(fyne.KeyEscape)
			if r.open() || o.closed != 1 || o.confirmed != 0 {
				t.Fatalf("after Escape: open %v, %+v", r.open(), o)
			}
		})
		t.Run(k.name+"/enter", func(t *testing.T) {
			r := newDialogRig(t)
			var o outcome
			k.show(r.w, &o)
			r.press(fyne.KeyReturn)
			if got := !r.open(); got != k.enterCloses {
				t.Fatalf("Enter closed the dialog: %v, want %v", got, k.enterCloses)
			}
			if (o.confirmed == 1) != k.enterConfirms {
				t.Fatalf("Enter confirmed: %+v", o)
			}
		})
	}
}

// Enter in a multi-line field makes a new line; on a focused button it
// presses that button; Space on a button presses it and types nothing.
func TestDialogKeysFocusedControls(t *testing.T) {
	r := newDialogRig(t)
	var o outcome
	notes := widget.NewMultiLineEntry()
	title := widget.NewEntry()
	var other int
	extra := widget.NewButton("Insert date", func() { other++ })
	d := dialog.NewCustomConfirm("Notes", "Save", "Cancel", container.NewVBox(notes, title, extra), o.cb, r.w)
	d.Show()
	r.w.Canvas().Focus(notes)
	r.typeText("one")
	r.press(fyne.KeyReturn)
	r.typeText("two")
	if notes.Text != "one\ntwo" || !r.open() {
		t.Fatalf("notes %q, dialog open %v", notes.Text, r.open())
	}
	// Tab moves on from a one-line field to the button.
	r.w.Canvas().Focus(title)
	r.press(fyne.KeyTab)
	r.k.check()
	if r.k.focusTarget(r.w.Canvas()) != fyne.Focusable(extra) {
		t.Fatalf("Tab went to %T", r.k.focusTarget(r.w.Canvas()))
	}
	r.press(fyne.KeySpace)
	r.typeText(" ")
	r.press(fyne.KeyReturn)
	if other != 2 || notes.Text != "one\ntwo" || o.closed != 0 {
		t.Fatalf("button pressed %d times, notes %q, %+v", other, notes.Text, o)
	}
	r.press(fyne.KeyEscape)
	if r.open() || o.closed != 1 || o.confirmed != 0 {
		t.Fatalf("Escape from a button: %+v", o)
	}
}

// A click on a button takes the focus away from a text field, so a Space
// typed next cannot land in the field.
func TestButtonClickReleasesField(t *testing.T) {
	test.NewTempApp(t)
	field := widget.NewEntry()
	var pressed int
	button := widget.NewButton("Suggest", func() { pressed++ })
	catcher := newActivityCatcher(container.NewVBox(field, button), func() {})
	w := test.NewTempWindow(t, catcher)
	catcher.focus.canvas = w.Canvas()
	catcher.focus.check()
	w.Canvas().Focus(field)
	// The driver does not unfocus the field on a click on a button; call
	// the handler as it would.
	button.OnTapped()
	if pressed != 1 || w.Canvas().Focused() == fyne.Focusable(field) {
		t.Fatalf("pressed %d, focus %T", pressed, w.Canvas().Focused())
	}
	// In a dialog the field is released too.
	r := newDialogRig(t)
	e := widget.NewEntry()
	b := widget.NewButton("Paste", nil)
	dialog.NewCustom("D", "Close", container.NewVBox(e, b), r.w).Show()
	r.w.Canvas().Focus(e)
	r.k.check()
	b.OnTapped()
	r.typeText(" ")
	if e.Text != "" {
		t.Fatalf("Space went into the field: %q", e.Text)
	}
}

// The ring surrounds the focused control, in the window and in dialogs,
// and hides when nothing is focused.
func TestFocusRing(t *testing.T) {
	test.NewTempApp(t)
	field := widget.NewEntry()
	catcher := newActivityCatcher(container.NewVBox(widget.NewLabel("x"), field), func() {})
	w := test.NewTempWindow(t, catcher)
	w.Resize(fyne.NewSize(400, 300))
	k := catcher.focus
	k.canvas = w.Canvas()
	k.check()
	if k.ring.Visible() {
		t.Fatal("ring shown with nothing focused")
	}
	w.Canvas().Focus(field)
	k.check()
	d := fyne.CurrentApp().Driver()
	fp := d.AbsolutePositionForObject(field)
	rp := d.AbsolutePositionForObject(k.ring)
	if !k.ring.Visible() || rp.X >= fp.X || rp.Y >= fp.Y ||
		rp.X+k.ring.Size().Width <= fp.X+field.Size().Width || rp.Y+k.ring.Size().Height <= fp.Y+field.Size().Height {
		t.Fatalf("ring at %v %v around field at %v %v", rp, k.ring.Size(), fp, field.Size())
	}
	want := (&appTheme{}).Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	if k.ring.StrokeColor != want || k.ring.StrokeWidth < 2 {
		t.Errorf("ring colour %v width %v", k.ring.StrokeColor, k.ring.StrokeWidth)
	}
	// Over a dialog, around its focused button.
	ok := widget.NewButton("OK", nil)
	dlg := dialog.NewCustomWithoutButtons("D", widget.NewLabel("text"), w)
	dlg.SetButtons([]fyne.CanvasObject{ok})
	dlg.Show()
	w.Canvas().Focus(ok)
	k.check()
	view := asDialog(w.Canvas().Overlays().Top().(*widget.PopUp))
	if !k.ring.Visible() || !containsObject(view.box, k.ring) || containsObject(k.layer, k.ring) {
		t.Fatal("ring not moved into the dialog")
	}
	dlg.Hide()
	w.Canvas().Unfocus()
	k.check()
	if k.ring.Visible() {
		t.Fatal("ring left after the dialog closed")
	}
}

// A control removed from the window keeps Fyne's focus but gets no ring;
// one inside a Safehouse widget (a tutorial's check box) gets one.
func TestFocusRingOnlyOnShownControls(t *testing.T) {
	test.NewTempApp(t)
	field := widget.NewEntry()
	root := container.NewVBox(field)
	catcher := newActivityCatcher(root, func() {})
	w := test.NewTempWindow(t, catcher)
	w.Resize(fyne.NewSize(400, 300))
	k := catcher.focus
	k.canvas = w.Canvas()
	w.Canvas().Focus(field)
	row := newCheckRow("Lock your phone", false)
	root.Objects = []fyne.CanvasObject{row}
	root.Refresh()
	k.check()
	if k.ring.Visible() {
		t.Fatal("ring drawn around a field no longer shown")
	}
	w.Canvas().Focus(row.check)
	k.check()
	if !k.ring.Visible() {
		t.Fatal("no ring around the tutorial's check box")
	}
}

// Escape closes Fyne's file choosers as their Cancel button does (the
// callback gets nothing), while every other key still reaches them: the
// save chooser's name field keeps what is typed.
func TestEscapeClosesFileDialogs(t *testing.T) {
	for _, save := range []bool{false, true} {
		r := newDialogRig(t)
		calls, got := 0, any(nil)
		var d *dialog.FileDialog
		if save {
			d = dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
				calls++
				if w != nil || err != nil {
					got = w
				}
			}, r.w)
			d.SetFileName("notes.md")
		} else {
			d = dialog.NewFileOpen(func(rd fyne.URIReadCloser, err error) {
				calls++
				if rd != nil || err != nil {
					got = rd
				}
			}, r.w)
		}
		loc, err := storage.ListerForURI(storage.NewFileURI(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		d.SetLocation(loc)
		d.Show()
		if !r.open() {
			t.Fatal("no file dialog shown")
		}
		pop := r.w.Canvas().Overlays().Top().(*widget.PopUp)
		if asDialog(pop) != nil || asFileDialog(pop) == nil {
			t.Fatalf("save=%v: the file chooser is not recognised", save)
		}
		if save {
			var name *widget.Entry
			walkObjects(pop, func(o fyne.CanvasObject) {
				if e, ok := o.(*widget.Entry); ok && name == nil {
					name = e
				}
			})
			r.typeText("x")
			r.press(fyne.KeyEnd)
			if name == nil || name.Text != "xnotes.md" && name.Text != "notes.mdx" {
				t.Errorf("typing did not reach the name field: %v", name)
			}
		}
		r.press(fyne.KeyEscape)
		if r.open() || calls != 1 || got != nil {
			t.Errorf("save=%v: after Escape open=%v, callback called %d times with %v", save, r.open(), calls, got)
		}
		// Nothing left over: Escape again with no dialog does nothing.
		r.press(fyne.KeyEscape)
		if calls != 1 {
			t.Errorf("save=%v: callback called again", save)
		}
	}
}

// Other pop-ups of a similar shape are not taken for a file chooser.
func TestFileDialogRecognition(t *testing.T) {
	r := newDialogRig(t)
	cancel := widget.NewButton("Cancel", nil)
	footer := container.NewBorder(nil, nil, nil, container.NewGridWithRows(1, cancel, widget.NewButton("Go", nil)), widget.NewLabel(""))
	noSplit := widget.NewModalPopUp(container.NewBorder(widget.NewLabel("head"), footer, nil, nil, widget.NewLabel("body")), r.w.Canvas())
	if asFileDialog(noSplit) != nil {
		t.Error("a pop-up without the chooser's split body is taken for a file chooser")
	}
	other := widget.NewButton("Later", nil)
	footer2 := container.NewBorder(nil, nil, nil, container.NewGridWithRows(1, other, widget.NewButton("Go", nil)), widget.NewLabel(""))
	noCancel := widget.NewModalPopUp(container.NewBorder(widget.NewLabel("head"), footer2, nil, nil,
		container.NewHSplit(widget.NewLabel("a"), widget.NewLabel("b"))), r.w.Canvas())
	if asFileDialog(noCancel) != nil {
		t.Error("a pop-up without a Cancel button is taken for a file chooser")
	}
	if asFileDialog(widget.NewModalPopUp(widget.NewLabel("x"), r.w.Canvas())) != nil {
		t.Error("a label pop-up is taken for a file chooser")
	}
}
