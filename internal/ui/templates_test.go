package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/campaign"
)

// builtinCount is the number of templates shipped in the binary, all of
// which the picker offers.
func builtinCount(t *testing.T) int {
	t.Helper()
	ts, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

// pickTemplate selects the template with the given title in the picker.
func pickTemplate(t *testing.T, p *templatePicker, title string) {
	t.Helper()
	for i, c := range p.choices {
		if c.Template.Title == title {
			p.list.Select(i)
			return
		}
	}
	t.Fatalf("template %q not offered", title)
}

func TestNewEventFromTemplate(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	test.Tap(s.templateButton)
	p := s.templatePicker
	if p == nil || len(p.choices) != builtinCount(t) {
		t.Fatalf("picker %v", p)
	}
	// The list draws only the rows in view; make room for every row so
	// the titles checked below are drawn wherever they sort.
	p.list.Resize(fyne.NewSize(p.list.Size().Width, float32(len(p.choices))*200))
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"New event from a template", "Global Encryption Day event", "Press/media moment", "23 tasks"} {
		if !strings.Contains(texts, want) {
			t.Errorf("picker lacks %q", want)
		}
	}

	// Nothing chosen yet.
	test.Tap(p.create)
	if p.err.Text() != "Choose a template from the list first." {
		t.Fatalf("error = %q", p.err.Text())
	}
	// Global Encryption Day proposes 21 October; others 30 days on.
	pickTemplate(t, p, "Meeting a policymaker")
	if p.day.Text != "2026-10-31" {
		t.Errorf("policymaker date = %q", p.day.Text)
	}
	pickTemplate(t, p, "Global Encryption Day event")
	if p.day.Text != "2026-10-21" {
		t.Errorf("GED date = %q", p.day.Text)
	}
	p.zone.SetValue("Mars/Olympus")
	test.Tap(p.create)
	if p.err.Text() != "Please choose a time zone from the list." {
		t.Fatalf("zone error = %q", p.err.Text())
	}
	p.zone.SetValue("America/Sao_Paulo")
	p.day.SetText("21.10.2026")
	test.Tap(p.create)
	if p.err.Text() != "This date doesn't look right. Please check it." {
		t.Fatalf("date error = %q", p.err.Text())
	}
	if c, _ := e.Session.Store().Counts(context.Background()); c.Events != 0 {
		t.Fatal("an event was created from bad input")
	}
	p.day.SetText("2026-10-21")
	test.Tap(p.create)

	// The event is created with its tasks and opened.
	if s.templatePicker != nil || s.detail == nil || e.changed == 0 {
		t.Fatal("event not opened")
	}
	d := s.detail
	if d.event.Title != "Global Encryption Day event" || d.event.TimeZone != "America/Sao_Paulo" || len(d.tasks) != 23 {
		t.Fatalf("event %q %q with %d tasks", d.event.Title, d.event.TimeZone, len(d.tasks))
	}
	texts = strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"October 21, 2026, 17:00 – 20:00 (Sao Paulo · Brazil · UTC-03:00)", "Choose the format and size of the event",
		"Due August 12, 2026", "15:30 · Team arrives and checks in", "Suggested tutorials:", "Save as template"} {
		if !strings.Contains(texts, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	// Tasks due before scrNow (1 October) are marked overdue.
	if !d.overdue[0] || d.overdue[len(d.overdue)-1] {
		t.Errorf("overdue marks %v", d.overdue)
	}
}

func TestSaveEventAsTemplate(t *testing.T) {
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.open(ev.ID)
	test.Tap(s.detail.addTask) // no-op with an empty title; the task is added below
	test.Type(s.detail.newTask, "Book the room")
	test.Type(s.detail.newDue, "2026-10-01")
	test.Tap(s.detail.addTask)

	test.Tap(s.detail.saveTemplate)
	ts := s.templateSaver
	if ts == nil || ts.name.Text != "Crypto party" {
		t.Fatalf("saver %v", ts)
	}
	ts.name.SetText("   ")
	test.Tap(ts.save)
	if ts.err.Text() != "Please enter a name for the template." {
		t.Fatalf("error = %q", ts.err.Text())
	}
	ts.name.SetText("Neighbourhood crypto party")
	test.Tap(ts.save)
	if s.templateSaver != nil || s.templateNotice == nil {
		t.Fatal("saver still open")
	}
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Saved the template 'Neighbourhood crypto party'") {
		t.Error("no confirmation shown")
	}
	recs, err := e.Session.Store().Templates().List(context.Background())
	if err != nil || len(recs) != 1 || recs[0].Name != "Neighbourhood crypto party" {
		t.Fatalf("saved %v, %v", recs, err)
	}
	s.templateNotice.Hide()

	// The saved template is offered next to the built-in ones and plans
	// the same tasks relative to a new date.
	test.Tap(s.templateButton)
	p := s.templatePicker
	if len(p.choices) != builtinCount(t)+1 {
		t.Fatalf("%d choices", len(p.choices))
	}
	p.list.ScrollToBottom()
	if texts := strings.Join(scrCanvasTexts(e), "\n"); !strings.Contains(texts, "Saved in this vault") {
		t.Error("saved template not marked")
	}
	pickTemplate(t, p, "Neighbourhood crypto party")
	if p.day.Text != "2026-10-31" {
		t.Errorf("date = %q", p.day.Text)
	}
	p.zone.SetValue("Europe/Berlin")
	test.Tap(p.create)
	d := s.detail
	if d == nil || d.event.ID == ev.ID || d.event.Title != "Neighbourhood crypto party" || len(d.tasks) != 1 {
		t.Fatalf("detail %+v", d)
	}
	// 7 days before the event in the original, 7 days before the new one.
	if got := d.tasks[0].Due.String(); got != "2026-10-24" || d.tasks[0].Title != "Book the room" {
		t.Errorf("task %q due %s", d.tasks[0].Title, got)
	}
	if got := d.event.Start.In(d.event.Zone()).Format("15:04"); got != "18:00" {
		t.Errorf("start %s", got)
	}
	if d.event.Safety.CheckIn != "- [ ] Text the group when home." {
		t.Errorf("check-in %q", d.event.Safety.CheckIn)
	}
}

// TestDeleteSavedTemplate deletes a saved template from the picker after
// a confirmation; built-in templates cannot be deleted.
func TestDeleteSavedTemplate(t *testing.T) {
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.open(ev.ID)
	test.Tap(s.detail.saveTemplate)
	s.templateSaver.name.SetText("One-off party")
	test.Tap(s.templateSaver.save)
	s.templateNotice.Hide()

	test.Tap(s.templateButton)
	p := s.templatePicker
	if !p.remove.Disabled() {
		t.Error("Delete enabled with nothing chosen")
	}
	pickTemplate(t, p, "Press/media moment")
	if !p.remove.Disabled() {
		t.Error("Delete enabled for a built-in template")
	}
	pickTemplate(t, p, "One-off party")
	if p.remove.Disabled() {
		t.Fatal("Delete disabled for a saved template")
	}
	// Cancelling the confirmation keeps it.
	test.Tap(p.remove)
	if s.confirm == nil || !strings.Contains(s.confirmText, "One-off party") {
		t.Fatal("no confirmation naming the template")
	}
	s.confirm.Hide()
	s.confirm = nil
	if recs, _ := e.Session.Store().Templates().List(context.Background()); len(recs) != 1 {
		t.Fatal("deleted without confirmation")
	}
	test.Tap(p.remove)
	s.confirm.Confirm()
	recs, err := e.Session.Store().Templates().List(context.Background())
	if err != nil || len(recs) != 0 {
		t.Fatalf("saved templates after delete: %d, %v", len(recs), err)
	}
	if len(p.choices) != builtinCount(t) || !p.remove.Disabled() || p.chosen != -1 {
		t.Errorf("picker after delete: %d choices, chosen %d", len(p.choices), p.chosen)
	}
	if e.changed == 0 {
		t.Error("the vault was not marked changed")
	}
}

// The events screen with the template button still fits 800x600.
func TestEventsFitSmallWindow(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	if w := s.Content().MinSize().Width; w > 800-180 {
		t.Errorf("events screen needs %v px", w)
	}
}
