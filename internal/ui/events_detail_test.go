package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// A task left open in an event that is done, cancelled or over is not
// marked overdue; the same task in an event still to come is.
func TestEventTaskOverdueOnlyInOpenEvents(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	st := e.Session.Store()
	cases := map[string]*event.Event{
		"ahead":     {Title: "Ahead", Status: event.StatusPlanned, Start: scrNow.Add(48 * time.Hour)},
		"done":      {Title: "Held", Status: event.StatusDone, Start: scrNow.Add(48 * time.Hour)},
		"cancelled": {Title: "Called off", Status: event.StatusCancelled, Start: scrNow.Add(48 * time.Hour)},
		"over":      {Title: "Over", Status: event.StatusConfirmed, Start: scrNow.Add(-48 * time.Hour), End: scrNow.Add(-47 * time.Hour)},
	}
	for _, ev := range cases {
		ev.TimeZone = "UTC"
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if err := st.Tasks().Add(ctx, &event.Task{EventID: ev.ID, Title: "Book the room", Due: date.MustParse("2026-09-20")}); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestEvents(t, e)
	for name, ev := range cases {
		s.Shown(EventRef(ev.ID))
		d := s.detail
		if d == nil || len(d.overdue) != 1 {
			t.Fatalf("%s: detail %+v", name, d)
		}
		want := name == "ahead"
		if d.overdue[0] != want {
			t.Errorf("%s: overdue = %v, want %v", name, d.overdue[0], want)
		}
		if got := strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), "Overdue"); got != want {
			t.Errorf("%s: the word Overdue shown = %v", name, got)
		}
	}
}

// An event's participants link to their contact: tapping one navigates
// with a ContactRef, which the contacts screen opens with its filters
// cleared so the list shows it.
func TestParticipantOpensContact(t *testing.T) {
	e := newScrEnv(t)
	ctx := context.Background()
	cs := e.addContacts(t, sampleContacts()...)
	ev := sampleEvent(t, e)
	if err := e.Session.Store().Participants().Set(ctx, event.Participant{EventID: ev.ID, ContactID: cs[2].ID, Role: "Speaker"}); err != nil {
		t.Fatal(err)
	}
	s := newTestEvents(t, e)
	s.Shown(EventRef(ev.ID))
	d := s.detail
	if len(d.participantLinks) != 1 || d.participantLinks[0].Text != "Bao Tran — Speaker" {
		t.Fatalf("participant links %+v", d.participantLinks)
	}
	test.Tap(d.participantLinks[0])
	if len(e.navs) != 1 || e.navs[0].id != ScreenContacts || e.navs[0].filter != ContactRef(cs[2].ID) {
		t.Fatalf("navigation = %+v", e.navs)
	}

	c := newTestContacts(t, e)
	c.search.SetText("amina") // a filter that hides Bao
	if len(c.items) != 1 {
		t.Fatalf("filtered list %q", itemNames(c))
	}
	c.Shown(e.navs[0].filter)
	if c.detail == nil || c.detail.contact.ID != cs[2].ID {
		t.Fatal("contact not opened")
	}
	if c.search.Text != "" || len(c.items) != 3 || c.selected != cs[2].ID {
		t.Fatalf("filters not cleared: search %q, list %q", c.search.Text, itemNames(c))
	}
}

// The place of an event has a map pin, not a house.
func TestEventPlaceIcon(t *testing.T) {
	e := newScrEnv(t)
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.Shown(EventRef(ev.ID))
	if ic := s.detail.placeIcon; ic == nil || !strings.Contains(ic.Resource.Name(), "place.svg") {
		t.Fatalf("place icon %v", ic)
	}
}

// "Change passphrase" shows a key, not a person.
func TestChangePassphraseIcon(t *testing.T) {
	s, _, _ := unlocked(t)
	s.main.navigate(ScreenSettings, nil)
	b := findButton(t, s.main.currentScreen().Content(), s.tr.T("settings.change_passphrase"))
	if b.Icon == nil || !strings.Contains(b.Icon.Name(), "key.svg") || b.Icon.Name() == theme.AccountIcon().Name() {
		t.Fatalf("icon %v", b.Icon)
	}
}
