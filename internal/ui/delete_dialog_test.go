package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// checkDeleteDialog fails unless d is open with a red Delete button that
// carries the trash icon (never Fyne's ✓) and a Cancel button.
func checkDeleteDialog(t *testing.T, d *deleteDialog) {
	t.Helper()
	if d == nil {
		t.Fatal("no delete dialog open")
	}
	b := d.deleteButton
	if b.Importance != widget.DangerImportance || b.Icon == nil || b.Icon.Name() != theme.DeleteIcon().Name() {
		t.Errorf("delete button: importance %v, icon %v", b.Importance, b.Icon)
	}
	if b.Icon.Name() == theme.ConfirmIcon().Name() || d.cancelButton.Icon.Name() == theme.ConfirmIcon().Name() {
		t.Error("a ✓ on a delete dialog's button")
	}
	if b.Text != "Delete" || d.cancelButton.Text != "Cancel" {
		t.Errorf("buttons %q %q", d.cancelButton.Text, b.Text)
	}
}

// apartFrom fails when del shares a row with edit, or is not below it.
func apartFrom(t *testing.T, root fyne.CanvasObject, edit, del *widget.Button) {
	t.Helper()
	if parentOf(root, edit) == parentOf(root, del) {
		t.Fatal("Delete sits in the same row as Edit")
	}
	d := fyne.CurrentApp().Driver()
	if ey, dy := d.AbsolutePositionForObject(edit).Y, d.AbsolutePositionForObject(del).Y; dy < ey+3*edit.Size().Height {
		t.Errorf("Delete at y=%v, Edit at y=%v: not apart", dy, ey)
	}
}

// parentOf returns the container holding o under root, or nil.
func parentOf(root, o fyne.CanvasObject) fyne.CanvasObject {
	var found fyne.CanvasObject
	var walk func(p fyne.CanvasObject)
	walk = func(p fyne.CanvasObject) {
		if found != nil {
			return
		}
		var kids []fyne.CanvasObject
		switch w := p.(type) {
		case *fyne.Container:
			kids = w.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(w).Objects()
		}
		for _, k := range kids {
			if k == o {
				found = p
				return
			}
			walk(k)
		}
	}
	walk(root)
	return found
}

func TestContactDeleteNamesEverySideEffect(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	cs := e.addContacts(t, sampleContacts()...)
	amina := cs[0]
	var evs []*event.Event
	for i := range 3 {
		ev := &event.Event{Title: "Meeting " + string(rune('A'+i)), Start: scrNow.Add(time.Duration(i+1) * 24 * time.Hour), TimeZone: "UTC"}
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	// In two events; one task assigned in the third, where she is no
	// participant; she is also a trusted person.
	for _, ev := range evs[:2] {
		if err := st.Participants().Set(ctx, event.Participant{EventID: ev.ID, ContactID: amina.ID}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Tasks().Add(ctx, &event.Task{EventID: evs[2].ID, Title: "Bring the banner", AssigneeID: amina.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Peers().Add(ctx, store.NewPeer{Keys: contact.PeerKeys{Recipient: "age1pq1x", SigningKey: "k"},
		Fingerprint: strings.Repeat("c3", 32), ContactID: amina.ID}); err != nil {
		t.Fatal(err)
	}

	s := newTestContacts(t, e)
	s.showContact(amina.ID)
	// The detail lists the two events; the question counts the same.
	if len(s.detail.eventButtons) != 2 {
		t.Fatalf("%d events listed", len(s.detail.eventButtons))
	}
	apartFrom(t, s.panes.pane, s.detail.editButton, s.detail.deleteButton)
	if b := s.detail.deleteButton; b.Importance != widget.DangerImportance || b.Icon.Name() != theme.DeleteIcon().Name() {
		t.Errorf("detail Delete button: %v %v", b.Importance, b.Icon)
	}
	test.Tap(s.detail.deleteButton)
	checkDeleteDialog(t, s.confirm)
	want := "Delete the contact 'Amina K.' and remove them from 2 events?\n" +
		"1 task loses its assignee; the task itself stays.\n" +
		"Amina K. is also a trusted person: you will no longer be able to share files with them, or check that files come from them.\n" +
		"This cannot be undone."
	if s.confirmText != want {
		t.Fatalf("question:\n%s\nwant:\n%s", s.confirmText, want)
	}
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, line := range strings.Split(want, "\n") {
		if !strings.Contains(texts, line) {
			t.Errorf("not on screen: %q", line)
		}
	}

	// Cancel keeps her.
	test.Tap(s.confirm.cancelButton)
	if s.confirm != nil {
		t.Fatal("dialog still referenced after Cancel")
	}
	if _, err := st.Contacts().Get(ctx, amina.ID); err != nil || e.changed != 0 {
		t.Fatalf("cancel deleted: %v, changed %d", err, e.changed)
	}
	// Delete removes her; the task stays, unassigned.
	test.Tap(s.detail.deleteButton)
	test.Tap(s.confirm.deleteButton)
	if _, err := st.Contacts().Get(ctx, amina.ID); err == nil {
		t.Fatal("not deleted")
	}
	tasks, _ := st.Tasks().ListForEvent(ctx, evs[2].ID)
	if len(tasks) != 1 || tasks[0].AssigneeID != "" || e.changed != 1 {
		t.Fatalf("tasks after delete %+v, changed %d", tasks, e.changed)
	}

	// Someone in nothing: the plain question.
	s.showContact(cs[2].ID)
	test.Tap(s.detail.deleteButton)
	if s.confirmText != "Delete the contact 'Bao Tran'?\nThis cannot be undone." {
		t.Fatalf("plain question %q", s.confirmText)
	}
	s.confirm.Hide()
}

func TestEventDeleteCountsWhatTheDetailShows(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	cs := e.addContacts(t, sampleContacts()...)
	ev := sampleEvent(t, e)
	for _, c := range cs[:2] {
		if err := st.Participants().Set(ctx, event.Participant{EventID: ev.ID, ContactID: c.ID}); err != nil {
			t.Fatal(err)
		}
	}
	for _, title := range []string{"Book the room", "Print flyers", "Brief the stewards", "Buy snacks"} {
		if err := st.Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestEvents(t, e)
	s.Shown(EventRef(ev.ID))
	d := s.detail
	if len(d.tasks) != 4 || len(d.participants) != 2 {
		t.Fatalf("detail shows %d tasks, %d participants", len(d.tasks), len(d.participants))
	}
	apartFrom(t, s.panes.pane, d.editButton, d.deleteButton)
	test.Tap(d.deleteButton)
	checkDeleteDialog(t, s.confirm)
	want := "Delete the event 'Crypto party' and its 4 tasks?\n" +
		"2 participants are taken off it; their contacts stay.\n" +
		"This cannot be undone."
	if s.confirmText != want {
		t.Fatalf("question:\n%s\nwant:\n%s", s.confirmText, want)
	}
	s.confirm.Hide()
	if _, err := st.Events().Get(ctx, ev.ID); err != nil {
		t.Fatal("Cancel deleted the event")
	}
	test.Tap(s.detail.deleteButton)
	test.Tap(s.confirm.deleteButton)
	if _, err := st.Events().Get(ctx, ev.ID); err == nil {
		t.Fatal("event not deleted")
	}
	for _, c := range cs[:2] {
		if _, err := st.Contacts().Get(ctx, c.ID); err != nil {
			t.Fatalf("participant's contact deleted: %v", err)
		}
	}
	// A task's own delete uses the same dialog.
	ev2 := sampleEvent(t, e)
	if err := st.Tasks().Add(ctx, &event.Task{EventID: ev2.ID, Title: "Book the room"}); err != nil {
		t.Fatal(err)
	}
	s.Shown(EventRef(ev2.ID))
	test.Tap(s.detail.taskDeletes[0])
	checkDeleteDialog(t, s.confirm)
	s.confirm.Hide()
}

func TestTutorialDeleteIsRedWithTrash(t *testing.T) {
	e := newScrEnv(t)
	addSampleTutorial(t, e)
	s := newTestTutorials(t, e)
	s.list.Select(0)
	test.Tap(s.reader.deleteButton)
	d, ok := s.confirm.(*deleteDialog)
	if !ok {
		t.Fatalf("confirmation is a %T", s.confirm)
	}
	checkDeleteDialog(t, d)
	test.Tap(d.cancelButton)
	if s.confirm != nil || len(s.all) != 1 {
		t.Fatal("Cancel deleted or left the dialog referenced")
	}
}
