package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// contactsOf returns the shell's contacts screen, made to search
// synchronously, showing the vault's contacts.
func contactsOf(t *testing.T, s *shell) *contactsScreen {
	t.Helper()
	s.main.navigate(ScreenContacts, nil)
	c, ok := s.main.screens[ScreenContacts].(*contactsScreen)
	if !ok {
		t.Fatal("contacts screen not shown")
	}
	c.async = func(f func()) { f() }
	c.debounce.delay = 0
	c.reload()
	return c
}

// editCanary opens the edit form of the canary contact and types notes.
func editCanary(t *testing.T, s *shell, notes string) *contactsScreen {
	t.Helper()
	c := contactsOf(t, s)
	selectContact(t, c, canary)
	test.Tap(c.detail.editButton)
	if c.form == nil {
		t.Fatal("edit form not open")
	}
	test.Type(c.form.notes, notes)
	return c
}

func selectContact(t *testing.T, c *contactsScreen, name string) {
	t.Helper()
	for i, it := range c.items {
		if it.Name == name {
			c.list.Select(i)
			return
		}
	}
	t.Fatalf("no contact %q in %v", name, c.items)
}

func storedNotes(t *testing.T, s *shell, name string) string {
	t.Helper()
	ctx := context.Background()
	sums, err := s.session.Store().Contacts().ListSummaries(ctx, store.ContactFilter{Search: name})
	if err != nil || len(sums) != 1 {
		t.Fatalf("contact %q: %v %v", name, sums, err)
	}
	got, err := s.session.Store().Contacts().Get(ctx, sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Notes
}

func headerText(s *shell) string { return s.main.saveLabel.Text }

func TestDirtyFormShowsUnsavedChanges(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "x")
	if got := headerText(s); got != s.tr.T("save.form_unsaved") {
		t.Fatalf("header with a dirty form = %q", got)
	}
	// Typing back to what was loaded is not an edit.
	c.form.notes.SetText("")
	if got := headerText(s); got == s.tr.T("save.form_unsaved") {
		t.Fatalf("header with an unchanged form = %q", got)
	}
}

func TestLeavingDirtyFormAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "met at the workshop")

	// Navigation asks; Keep editing stays.
	test.Tap(s.main.navButtons[ScreenEvents])
	ld := s.main.env.leave
	if ld == nil {
		t.Fatal("navigating away from a dirty form did not ask")
	}
	if s.main.current != ScreenContacts {
		t.Fatal("navigated before the answer")
	}
	test.Tap(ld.keep)
	if s.main.current != ScreenContacts || c.form == nil || c.form.notes.Text != "met at the workshop" {
		t.Fatal("Keep editing did not keep the form")
	}

	// Discard leaves and stores nothing.
	test.Tap(s.main.navButtons[ScreenEvents])
	test.Tap(s.main.env.leave.discard)
	if s.main.current != ScreenEvents {
		t.Fatal("Discard did not navigate")
	}
	if got := storedNotes(t, s, canary); got != "" {
		t.Fatalf("discarded edit was stored: %q", got)
	}

	// Save stores, then leaves.
	c = editCanary(t, s, "second try")
	test.Tap(s.main.navButtons[ScreenDashboard])
	test.Tap(s.main.env.leave.save)
	if s.main.current != ScreenDashboard {
		t.Fatal("Save did not navigate")
	}
	if got := storedNotes(t, s, canary); got != "second try" {
		t.Fatalf("saved notes = %q", got)
	}
	if c.form != nil {
		t.Fatal("the saved form stayed open")
	}
}

func TestLeaveSaveThatFailsValidationStays(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "notes")
	c.form.name.SetText("") // a contact needs a name
	test.Tap(s.main.navButtons[ScreenEvents])
	test.Tap(s.main.env.leave.save)
	if s.main.current != ScreenContacts || c.form == nil {
		t.Fatal("a save that failed validation left the form")
	}
	if c.form.errs["name"].Text() == "" {
		t.Fatal("the failed save did not say why")
	}
}

func TestEscapeOnLeaveQuestionKeepsEditing(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "notes")
	test.Tap(s.main.navButtons[ScreenEvents])
	s.main.env.leave.dialog.Hide() // what Escape or any other close does
	if s.main.current != ScreenContacts || c.form == nil || c.form.notes.Text != "notes" {
		t.Fatal("closing the question did not keep editing")
	}
}

func TestSelectingAnotherContactAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	other := &contact.Contact{Name: "Bao Tran", Kind: contact.KindPerson}
	if err := s.session.Store().Contacts().Add(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	c := editCanary(t, s, "half a thought")
	selectContact(t, c, "Bao Tran")
	if s.main.env.leave == nil {
		t.Fatal("choosing another contact did not ask")
	}
	test.Tap(s.main.env.leave.keep)
	if c.form == nil || c.form.notes.Text != "half a thought" {
		t.Fatal("Keep editing lost the form")
	}
	if c.selected != c.form.original.ID {
		t.Fatalf("selection not put back on the edited contact: %q", c.selected)
	}
	selectContact(t, c, "Bao Tran")
	test.Tap(s.main.env.leave.discard)
	if c.form != nil || c.detail == nil || c.detail.contact.Name != "Bao Tran" {
		t.Fatal("Discard did not open the other contact")
	}
}

func TestNewWhileDirtyAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "draft")
	shortcut(s, fyne.KeyN)
	if s.main.env.leave == nil {
		t.Fatal("Ctrl+N over a dirty form did not ask")
	}
	test.Tap(s.main.env.leave.keep)
	if c.form == nil || c.form.original == nil {
		t.Fatal("Keep editing replaced the form")
	}
}

func TestCancelDirtyFormAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "draft")
	test.Tap(c.form.cancel)
	if s.main.env.leave == nil {
		t.Fatal("Cancel on a dirty form did not ask")
	}
	test.Tap(s.main.env.leave.discard)
	if c.form != nil || c.detail == nil {
		t.Fatal("Discard did not close the form")
	}
	// A clean form closes at once.
	test.Tap(c.detail.editButton)
	test.Tap(c.form.cancel)
	if c.form != nil || s.main.env.leave != nil {
		t.Fatal("Cancel on a clean form asked or stayed")
	}
}

func TestCtrlSSavesOpenForm(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "saved by shortcut")
	shortcut(s, fyne.KeyS)
	waitTasks(t, s)
	if got := storedNotes(t, s, canary); got != "saved by shortcut" {
		t.Fatalf("Ctrl+S did not save the form: %q", got)
	}
	if c.form != nil {
		t.Fatal("form still open after it was saved")
	}
	if s.session.Dirty() {
		t.Fatal("Ctrl+S did not save the vault")
	}
}

// relock locks s, waits for the save, and unlocks again.
func relock(t *testing.T, s *shell, lock func()) {
	t.Helper()
	lock()
	waitTasks(t, s)
	if s.main != nil || s.unlock == nil {
		t.Fatal("not locked")
	}
	test.Type(s.unlock.pass, testPass)
	test.Tap(s.unlock.unlock)
	waitTasks(t, s)
	if s.main == nil {
		t.Fatalf("not unlocked: %q", s.unlock.errLabel.Text)
	}
}

func TestLockKeepsDraftAndRestoresIt(t *testing.T) {
	for name, lock := range map[string]func(s *shell, clk *fakeClock) func(){
		"ctrl+l": func(s *shell, _ *fakeClock) func() { return func() { shortcut(s, fyne.KeyL) } },
		"idle": func(s *shell, clk *fakeClock) func() {
			return func() {
				s.setAutoLock(time.Minute)
				s.checkIdle(clk.Now())
				clk.advance(2 * time.Minute)
				s.checkIdle(clk.Now())
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, clk, _ := unlocked(t)
			editCanary(t, s, "a long note before a coffee break")
			relock(t, s, lock(s, clk))

			if s.main.current != ScreenContacts {
				t.Fatalf("after unlock the screen is %q, want contacts", s.main.current)
			}
			c := s.main.screens[ScreenContacts].(*contactsScreen)
			if c.form == nil || c.form.original == nil || c.form.notes.Text != "a long note before a coffee break" {
				t.Fatal("the unfinished edit was not restored")
			}
			if !c.form.dirty() || headerText(s) != s.tr.T("save.form_unsaved") {
				t.Fatal("the restored form does not say it is unsaved")
			}
			if !s.main.draftNotice.Visible() {
				t.Fatal("no notice that the edit was restored")
			}
			if got := storedNotes(t, s, canary); got != "" {
				t.Fatalf("the draft was saved into the contact: %q", got)
			}
			// Saving the form stores it and forgets the draft.
			test.Tap(c.form.save)
			if got := storedNotes(t, s, canary); got != "a long note before a coffee break" {
				t.Fatalf("saved notes = %q", got)
			}
			drafts, err := s.session.Store().Drafts().List(context.Background())
			if err != nil || len(drafts) != 0 {
				t.Fatalf("drafts after save = %v, %v", drafts, err)
			}
			if s.main.draftNotice.Visible() {
				t.Fatal("the restored notice stayed after the form was saved")
			}
		})
	}
}

func TestLockKeepsNewContactDraft(t *testing.T) {
	s, _, _ := unlocked(t)
	c := contactsOf(t, s)
	c.NewItem()
	test.Type(c.form.name, "Half-typed Name")
	relock(t, s, s.lock)
	c = s.main.screens[ScreenContacts].(*contactsScreen)
	if c.form == nil || c.form.original != nil || c.form.name.Text != "Half-typed Name" {
		t.Fatal("the new contact's draft was not restored")
	}
	// Discarding forgets it for good.
	test.Tap(c.form.cancel)
	test.Tap(s.main.env.leave.discard)
	relock(t, s, s.lock)
	c = s.main.screens[ScreenContacts].(*contactsScreen)
	if c.form != nil {
		t.Fatal("a discarded draft came back")
	}
}

func TestLockKeepsEventDraft(t *testing.T) {
	s, _, _ := unlocked(t)
	ctx := context.Background()
	e := &event.Event{Title: "Panel", Kind: event.KindWorkshop, TimeZone: "UTC", Start: time.Date(2025, 10, 21, 9, 0, 0, 0, time.UTC)}
	if err := s.session.Store().Events().Add(ctx, e); err != nil {
		t.Fatal(err)
	}
	s.main.navigate(ScreenEvents, EventRef(e.ID))
	ev := s.main.screens[ScreenEvents].(*eventsScreen)
	test.Tap(ev.detail.editButton)
	test.Type(ev.form.threats, " hostile counter-protest")
	ev.form.objectives[2].SetChecked(true)
	relock(t, s, s.lock)
	ev = s.main.screens[ScreenEvents].(*eventsScreen)
	if s.main.current != ScreenEvents || ev.form == nil || ev.form.original == nil {
		t.Fatal("the event draft was not restored")
	}
	if !strings.Contains(ev.form.threats.Text, "hostile counter-protest") || !ev.form.objectives[2].Checked {
		t.Fatalf("restored event form = %q, objective %v", ev.form.threats.Text, ev.form.objectives[2].Checked)
	}
	got, _ := s.session.Store().Events().Get(ctx, e.ID)
	if strings.Contains(got.Safety.Threats, "hostile") {
		t.Fatal("the draft was saved into the event")
	}
}

func TestLockKeepsTutorialDraft(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenTutorials, nil)
	tu := s.main.screens[ScreenTutorials].(*tutorialsScreen)
	tu.NewItem()
	test.Type(tu.editor.title, "Checkpoint basics")
	test.Type(&tu.editor.body.Entry, "First, breathe.")
	relock(t, s, s.lock)
	tu = s.main.screens[ScreenTutorials].(*tutorialsScreen)
	if s.main.current != ScreenTutorials || tu.editor == nil {
		t.Fatal("the tutorial draft was not restored")
	}
	if tu.editor.title.Text != "Checkpoint basics" || tu.editor.body.Text != "First, breathe." {
		t.Fatalf("restored editor = %q / %q", tu.editor.title.Text, tu.editor.body.Text)
	}
	if !tu.editor.dirty() {
		t.Fatal("restored editor is not dirty")
	}
	var n int
	all, _ := s.session.Store().Tutorials().List(context.Background(), "")
	for _, x := range all {
		if x.Source == tutorial.SourceCustom {
			n++
		}
	}
	if n != 0 {
		t.Fatal("the draft was saved as a tutorial")
	}
}

func TestShutdownKeepsDraft(t *testing.T) {
	s, _, dir := unlocked(t)
	editCanary(t, s, "typed when the laptop shut down")
	s.shutdown()
	s2, _ := newTestShell(t, dir, Options{})
	test.Type(s2.unlock.pass, testPass)
	test.Tap(s2.unlock.unlock)
	waitTasks(t, s2)
	if s2.main == nil {
		t.Fatal("not unlocked")
	}
	c := s2.main.screens[ScreenContacts].(*contactsScreen)
	if c == nil || c.form == nil || c.form.notes.Text != "typed when the laptop shut down" {
		t.Fatal("the draft did not survive the system stopping the app")
	}
}

func TestUnlockReturnsToLastScreen(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenTutorials, nil)
	relock(t, s, s.lock)
	if s.main.current != ScreenTutorials {
		t.Fatalf("after unlock the screen is %q, want tutorials", s.main.current)
	}
}

func TestQuitWithDirtyFormAsks(t *testing.T) {
	s, _, _ := unlocked(t)
	c := editCanary(t, s, "do not lose me")
	s.quit()
	if s.main.env.leave == nil || s.session == nil {
		t.Fatal("closing the window with a dirty form did not ask")
	}
	test.Tap(s.main.env.leave.keep)
	if s.session == nil || c.form == nil {
		t.Fatal("Keep editing closed the vault")
	}
	s.quit()
	test.Tap(s.main.env.leave.save)
	if s.session != nil {
		t.Fatal("Save did not go on to close")
	}
}
