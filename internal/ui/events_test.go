package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
)

func newTestEvents(t *testing.T, e *scrEnv) *eventsScreen {
	t.Helper()
	s := newEvents(e.Env)
	e.show(t, s.Content(), 1280, 800)
	s.Shown(nil)
	return s
}

// sampleEvent stores an event in Berlin a week after scrNow.
func sampleEvent(t *testing.T, e *scrEnv) *event.Event {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	ev := &event.Event{
		Title: "Crypto party", Kind: event.KindWorkshop, Status: event.StatusConfirmed,
		Start: time.Date(2026, 10, 8, 18, 0, 0, 0, berlin), End: time.Date(2026, 10, 8, 21, 0, 0, 0, berlin),
		TimeZone: "Europe/Berlin", Location: "Community hall", Objectives: []event.Objective{event.ObjectiveOpinion},
		Safety: event.SafetyPlan{CheckIn: "Text the group when home."},
	}
	if err := e.Session.Store().Events().Add(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestEventDetailShowsZone(t *testing.T) {
	e := newScrEnv(t)
	sampleEvent(t, e)
	s := newTestEvents(t, e)
	if len(s.items) != 1 {
		t.Fatalf("%d upcoming events", len(s.items))
	}
	s.list.Select(0)
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"October 8, 2026, 18:00 – 21:00 (Berlin · Germany · UTC+02:00)", "Public opinion", "Text the group when home."} {
		if !strings.Contains(texts, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	s.view.SetSelected("Past")
	if len(s.items) != 0 || !s.emptyPast.Visible() {
		t.Fatal("past list not empty")
	}
}

func TestEventParticipantsAndTasks(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.list.Select(0)

	// Add a participant through the picker.
	test.Tap(s.detail.addPerson)
	p := s.picker
	test.Type(p.search, "amin")
	if len(p.items) != 1 {
		t.Fatalf("picker found %d", len(p.items))
	}
	p.list.Select(0)
	test.Type(p.role, "Trainer")
	p.dialog.Confirm()
	if got := s.detail.participants; len(got) != 1 || got[0].Name != "Amina K." || got[0].Role != "Trainer" {
		t.Fatalf("participants = %+v", got)
	}

	// A task due before today, assigned to her, is overdue.
	d := s.detail
	test.Tap(d.addTask) // empty title
	if d.taskErr.Text() != "Please enter a title." {
		t.Fatalf("task error = %q", d.taskErr.Text())
	}
	test.Type(d.newTask, "Book the room")
	test.Tap(d.newAssignee.choose)
	ap := s.assigneePicker
	test.Type(ap.search, "amin")
	ap.list.Select(0)
	ap.dialog.Confirm()
	if d.newAssignee.id == "" || d.newAssignee.choose.Text != "Amina K." {
		t.Fatalf("assignee = %q %q", d.newAssignee.id, d.newAssignee.choose.Text)
	}
	test.Type(d.newDue, "2026-09-20")
	test.Tap(d.addTask)
	d = s.detail
	if len(d.tasks) != 1 || d.tasks[0].AssigneeID != d.participants[0].ContactID || !d.overdue[0] {
		t.Fatalf("tasks = %+v overdue %v", d.tasks, d.overdue)
	}
	texts := strings.Join(scrCanvasTexts(e), "\n")
	if !strings.Contains(texts, "Overdue") || !strings.Contains(texts, "Due September 20, 2026") {
		t.Fatal("overdue task not marked with a word")
	}
	test.AssertRendersToMarkup(t, "screens_events.xml", e.Window.Canvas())

	// Mark it done: saved, no longer overdue.
	test.Tap(d.taskChecks[0])
	tasks, _ := e.Session.Store().Tasks().ListForEvent(context.Background(), ev.ID)
	if !tasks[0].Done || s.detail.overdue[0] {
		t.Fatal("task not done")
	}

	// Remove the participant.
	test.Tap(s.detail.removeButtons[0])
	if len(s.detail.participants) != 0 {
		t.Fatal("participant not removed")
	}
	if e.changed != 4 {
		t.Fatalf("Changed called %d times, want 4", e.changed)
	}

	// Delete names the event and its task count.
	test.Tap(s.detail.deleteButton)
	if want := "Delete the event 'Crypto party' and its 1 task?\nThis cannot be undone."; s.confirmText != want {
		t.Fatalf("confirmation = %q", s.confirmText)
	}
	s.confirm.Confirm()
	if len(s.items) != 0 {
		t.Fatal("event not deleted")
	}
}

func TestEventFormZoneAndDates(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	s.NewItem()
	f := s.form
	f.title.SetText("")
	test.Tap(f.save)
	if f.errs["title"].Text() != "Please enter a title." {
		t.Fatalf("title error = %q", f.errs["title"].Text())
	}
	test.Type(f.title, "Press briefing")
	f.zone.SetValue("Mars/Olympus")
	test.Tap(f.save)
	if f.errs["time_zone"].Text() != e.T("validation.zone_invalid") {
		t.Fatalf("zone error = %q", f.errs["time_zone"].Text())
	}
	f.zone.SetValue("Africa/Nairobi")
	f.startDate.SetText("2026-10-21")
	f.startTime.SetText("09:30")
	f.endDate.SetText("2026-10-21")
	f.endTime.SetText("08:00")
	test.Tap(f.save)
	if f.errs["end"].Text() != e.T("validation.end_before_start") {
		t.Fatalf("end error = %q", f.errs["end"].Text())
	}
	f.endTime.SetText("11:00")
	f.objectives[1].SetChecked(true)
	test.Type(f.threats, "Photographers at the door")
	test.Tap(f.save)
	if s.form != nil || s.detail == nil {
		t.Fatal("form not saved")
	}
	got := s.detail.event
	nairobi, _ := time.LoadLocation("Africa/Nairobi")
	if !got.Start.Equal(time.Date(2026, 10, 21, 9, 30, 0, 0, nairobi)) || got.TimeZone != "Africa/Nairobi" ||
		len(got.Objectives) != 1 || got.Objectives[0] != event.ObjectiveSwitch || got.Safety.Threats == "" {
		t.Fatalf("saved event = %+v", got)
	}
}

// Tasks are edited (title, assignee, due date, notes) and deleted with a
// confirmation naming them; any contact can be the assignee, not only a
// participant.
func TestTaskEditAndDelete(t *testing.T) {
	e := newScrEnv(t)
	cs := e.addContacts(t, sampleContacts()...)
	ev := sampleEvent(t, e)
	ctx := context.Background()
	if err := e.Session.Store().Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Book the room"}); err != nil {
		t.Fatal(err)
	}
	s := newTestEvents(t, e)
	s.list.Select(0)
	if len(s.detail.participants) != 0 {
		t.Fatal("the event should have no participants")
	}

	test.Tap(s.detail.taskEdits[0])
	ed := s.taskEditor
	if ed == nil || ed.title.Text != "Book the room" || ed.assignee.choose.Text != "Not assigned" {
		t.Fatal("editor not opened with the task")
	}
	ed.title.SetText("Book the big room")
	test.Tap(ed.assignee.choose)
	p := s.assigneePicker
	test.Type(p.search, "bao")
	if len(p.items) != 1 {
		t.Fatalf("picker found %d", len(p.items))
	}
	p.list.Select(0)
	p.dialog.Confirm()
	ed.due.SetText("2026-13-40")
	test.Tap(ed.save)
	if ed.err.Text() != e.T("validation.date_invalid") || s.taskEditor == nil {
		t.Fatalf("bad date: error %q", ed.err.Text())
	}
	ed.due.SetText("2026-10-05")
	ed.notes.SetText("Ask for the key")
	test.Tap(ed.save)
	if s.taskEditor != nil {
		t.Fatal("editor still open")
	}
	got, _ := e.Session.Store().Tasks().ListForEvent(ctx, ev.ID)
	if len(got) != 1 || got[0].Title != "Book the big room" || got[0].AssigneeID != cs[2].ID ||
		got[0].Due.String() != "2026-10-05" || got[0].Notes != "Ask for the key" {
		t.Fatalf("task = %+v", got[0])
	}
	texts := strings.Join(scrCanvasTexts(e), "\n")
	if !strings.Contains(texts, "Bao Tran · Due October 5, 2026") || !strings.Contains(texts, "Ask for the key") {
		t.Fatalf("detail does not show the non-participant assignee:\n%s", texts)
	}

	// Clearing the assignee.
	test.Tap(s.detail.taskEdits[0])
	test.Tap(s.taskEditor.assignee.clear)
	test.Tap(s.taskEditor.save)
	got, _ = e.Session.Store().Tasks().ListForEvent(ctx, ev.ID)
	if got[0].AssigneeID != "" {
		t.Fatal("assignee not cleared")
	}

	test.Tap(s.detail.taskDeletes[0])
	if want := "Delete the task 'Book the big room'? This cannot be undone."; s.confirmText != want {
		t.Fatalf("confirmation = %q", s.confirmText)
	}
	s.confirm.Confirm()
	if got, _ := e.Session.Store().Tasks().ListForEvent(ctx, ev.ID); len(got) != 0 || len(s.detail.tasks) != 0 {
		t.Fatal("task not deleted")
	}
	if e.changed != 3 {
		t.Fatalf("Changed called %d times, want 3", e.changed)
	}
}

// A contact's detail lists its events; tapping one navigates to it, and
// the events screen opens an EventRef in the right list.
func TestContactEventsOpenEvent(t *testing.T) {
	e := newScrEnv(t)
	cs := e.addContacts(t, sampleContacts()...)
	ev := sampleEvent(t, e)
	ctx := context.Background()
	old := &event.Event{Title: "Old meeting", Start: scrNow.Add(-48 * time.Hour), TimeZone: "UTC"}
	if err := e.Session.Store().Events().Add(ctx, old); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{ev.ID, old.ID} {
		if err := e.Session.Store().Participants().Set(ctx, event.Participant{EventID: id, ContactID: cs[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	c := newTestContacts(t, e)
	c.showContact(cs[0].ID)
	if len(c.detail.eventButtons) != 2 {
		t.Fatalf("%d event buttons", len(c.detail.eventButtons))
	}
	if got := c.detail.eventButtons[0].Text; got != "September 29, 2026, 12:00 · Old meeting" {
		t.Fatalf("first event = %q", got)
	}
	test.Tap(c.detail.eventButtons[0])
	if len(e.navs) != 1 || e.navs[0].id != ScreenEvents || e.navs[0].filter != EventRef(old.ID) {
		t.Fatalf("navigation = %+v", e.navs)
	}

	s := newEvents(e.Env)
	e.show(t, s.Content(), 1280, 800)
	s.Shown(e.navs[0].filter)
	if !s.past || s.detail == nil || s.detail.event.ID != old.ID {
		t.Fatal("past event not opened")
	}
	s.Shown(EventRef(ev.ID))
	if s.past || s.detail == nil || s.detail.event.ID != ev.ID {
		t.Fatal("upcoming event not opened")
	}
}

var _ = contact.KindPerson

// A time in an hour the clocks skip is moved forward in the field and
// the user told; one in an hour they repeat is the first one, told once.
func TestEventFormTimeInDSTChange(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	s.NewItem()
	f := s.form
	f.title.SetText("Night vigil")
	f.zone.SetValue("Europe/Berlin")
	f.startDate.SetText("2027-03-28")
	f.startTime.SetText("02:30")
	f.endDate.SetText("2027-10-31")
	f.endTime.SetText("02:30")
	test.Tap(f.save)
	if s.form == nil {
		t.Fatal("saved without telling")
	}
	if got := f.errs["start"].Text(); got != "02:30 does not exist that day in Europe/Berlin: the clocks go forward. Changed to 03:30; save again to keep it." ||
		f.startTime.Text != "03:30" {
		t.Errorf("start note %q, field %q", got, f.startTime.Text)
	}
	if got := f.errs["end"].Text(); !strings.HasPrefix(got, "02:30 happens twice that day in Europe/Berlin: the clocks go back.") {
		t.Errorf("end note %q", got)
	}
	test.Tap(f.save)
	if s.form != nil || s.detail == nil {
		t.Fatalf("not saved the second time: %q %q", f.errs["start"].Text(), f.errs["end"].Text())
	}
	got := s.detail.event
	if !got.Start.Equal(time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC)) || !got.End.Equal(time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("saved %v – %v", got.Start.UTC(), got.End.UTC())
	}
}
