package ui

import (
	"context"
	"encoding/json"
	"maps"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Edits are never lost without a question.
//
// Every form that edits a record (contact, event, tutorial) implements
// [editForm]: it can say whether its fields differ from what it loaded,
// hand out its field values, take them back, and save. The main window
// uses that to
//   - show "Unsaved changes" in the header while a form is dirty;
//   - ask Save / Discard / Keep editing before anything replaces a dirty
//     form (navigation, choosing another list row, New, closing the
//     window);
//   - keep a dirty form as a draft inside the encrypted vault when the
//     vault locks (Lock, Ctrl+L, the idle timer, the system stopping the
//     app), and open it again, still dirty, after the next unlock;
//   - save the form with Ctrl+S.

// formState is a form's field values by field name: what dirty tracking
// compares and what a draft keeps.
type formState map[string]string

// editForm is an open form whose edits must not be lost silently.
type editForm interface {
	// draftKey names the form and the record it edits, e.g.
	// "contact:<id>" or "contact:new"; see draftKey.
	draftKey() string
	// state returns the current values of every field.
	state() formState
	// restore puts the values of a saved state back into the fields.
	restore(formState)
	// dirty reports whether the fields differ from what the form loaded.
	dirty() bool
	// submit validates and saves the form. It reports whether the record
	// was saved; when not, the form shows why next to its fields.
	submit() bool
}

// formScreen is a screen that can hold an editForm.
type formScreen interface {
	// activeForm returns the screen's open form, or nil.
	activeForm() editForm
	// discardForm closes the open form without saving and shows what the
	// screen showed before it.
	discardForm()
	// resumeDraft opens the form that key names and fills it with st. It
	// reports false when key does not belong to this screen.
	resumeDraft(key string, st formState) bool
}

// Draft key kinds: the part of a draft key before the colon.
const (
	draftContact  = "contact"
	draftEvent    = "event"
	draftTutorial = "tutorial"
	draftNew      = "new"
)

// draftKey builds the key of a form for kind editing the record id ("" for
// a new record).
func draftKey(kind, id string) string {
	if id == "" {
		id = draftNew
	}
	return kind + ":" + id
}

// parseDraftKey splits a draft key into its kind and record ID ("" for a
// new record).
func parseDraftKey(key string) (kind, id string, ok bool) {
	kind, id, ok = strings.Cut(key, ":")
	if !ok || kind == "" || id == "" {
		return "", "", false
	}
	if id == draftNew {
		id = ""
	}
	return kind, id, true
}

// formTracker is what every form embeds: the state it loaded, for dirty
// tracking, and the callback that tells the main window a field changed.
type formTracker struct {
	initial formState
	onEdit  func()
}

// track records st as the loaded state and hooks every input in objs so
// an edit calls changed (nil is allowed: tests build forms bare).
func (t *formTracker) track(st formState, changed func(), objs ...fyne.CanvasObject) {
	t.initial = st
	t.onEdit = changed
	for _, o := range objs {
		t.watch(o)
	}
}

// watch hooks one input's change callback, keeping the one it had.
func (t *formTracker) watch(o fyne.CanvasObject) {
	notify := func() {
		if t.onEdit != nil {
			t.onEdit()
		}
	}
	hookEntry := func(w *widget.Entry) {
		prev := w.OnChanged
		w.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			notify()
		}
	}
	switch w := o.(type) {
	case *widget.Entry:
		hookEntry(w)
	case *textField:
		hookEntry(&w.Entry)
	case *markdownEntry:
		hookEntry(&w.Entry)
	case *widget.SelectEntry:
		prev := w.OnChanged
		w.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			notify()
		}
	case *widget.Check:
		prev := w.OnChanged
		w.OnChanged = func(b bool) {
			if prev != nil {
				prev(b)
			}
			notify()
		}
	case *optionSelect:
		prev := w.OnChanged
		w.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			notify()
		}
	case *widget.Select:
		prev := w.OnChanged
		w.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			notify()
		}
	case interface{ setOnEdit(func()) }:
		w.setOnEdit(notify)
	}
}

// changed tells the main window a field changed (for list-like inputs
// that have no single change callback, such as adding a row).
func (t *formTracker) changed() {
	if t.onEdit != nil {
		t.onEdit()
	}
}

// differs reports whether st differs from the loaded state.
func (t *formTracker) differs(st formState) bool { return !maps.Equal(st, t.initial) }

// encodeList stores a list of values in one formState field.
func encodeList(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	b, _ := json.Marshal(vals)
	return string(b)
}

// decodeList reads a field written by encodeList; anything else is empty.
func decodeList(s string) []string {
	var out []string
	if s == "" || json.Unmarshal([]byte(s), &out) != nil {
		return nil
	}
	return out
}

// leaveDialog is the open "unsaved changes" question; tests reach its
// buttons through Env.leave.
type leaveDialog struct {
	dialog              *dialog.CustomDialog
	save, discard, keep *widget.Button
}

// askLeaveForm asks what to do with the unsaved edits of f before then
// runs: Save (then runs only if the save worked), Discard (discard, then
// then) or Keep editing (nothing, but kept runs so callers can undo a list
// selection; closing the dialog any other way, such as Escape, is Keep
// editing too). A form that is not dirty runs then at once.
func askLeaveForm(env *Env, f editForm, discard, then, kept func()) {
	if f == nil || !f.dirty() {
		then()
		return
	}
	if kept == nil {
		kept = func() {}
	}
	ld := &leaveDialog{}
	decided := false
	decide := func(fn func()) func() {
		return func() {
			decided = true
			ld.dialog.Hide()
			fn()
		}
	}
	ld.save = widget.NewButtonWithIcon(env.T("form.leave.save"), theme.DocumentSaveIcon(), decide(func() {
		if f.submit() {
			then()
			return
		}
		kept()
	}))
	ld.save.Importance = widget.HighImportance
	ld.discard = widget.NewButtonWithIcon(env.T("form.leave.discard"), theme.DeleteIcon(), decide(func() {
		discard()
		then()
	}))
	ld.discard.Importance = widget.DangerImportance
	ld.keep = widget.NewButton(env.T("form.leave.keep"), decide(kept))
	msg := paragraph(env.T("form.leave.body"))
	ld.dialog = dialog.NewCustomWithoutButtons(env.T("form.leave.title"), rtlContent(env.Tr, msg), env.Window)
	ld.dialog.SetButtons([]fyne.CanvasObject{ld.discard, ld.keep, ld.save})
	ld.dialog.SetOnClosed(func() {
		if env.leave == ld {
			env.leave = nil
		}
		if !decided {
			decided = true
			kept()
		}
	})
	ld.dialog.Resize(fyne.NewSize(dialogMessage, 0))
	env.leave = ld
	ld.dialog.Show()
}

// keepDraft stores the dirty form of scr, if any, as a draft in the
// vault. It reports whether a draft was written.
func keepDraft(env *Env, scr Screen) (bool, error) {
	fs, ok := scr.(formScreen)
	if !ok {
		return false, nil
	}
	f := fs.activeForm()
	if f == nil || !f.dirty() {
		return false, nil
	}
	data, err := json.Marshal(f.state())
	if err != nil {
		return false, err
	}
	if err := env.Session.KeepDraft(context.Background(), f.draftKey(), data); err != nil {
		return false, err
	}
	return true, nil
}

// formClosed tells the main window that a form closed, so the header
// stops saying "Unsaved changes".
func formClosed(env *Env) {
	if env.FormChanged != nil {
		env.FormChanged()
	}
}

// dropDraft forgets the draft of the form named key, if there is one: the
// form was saved or discarded.
func dropDraft(env *Env, key string) {
	if env.Session == nil {
		return
	}
	if err := env.Session.DropDraft(context.Background(), key); err != nil {
		fyne.LogError("dropping a draft", err)
	}
}
