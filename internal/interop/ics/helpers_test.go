package ics

import (
	"errors"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// at returns the wall time in the named zone.
func at(t *testing.T, zone string, y int, mo time.Month, d, h, mi int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, mo, d, h, mi, 0, 0, loc)
}

var stamp = time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)

// sampleItems are events around DST transitions in several zones, with
// tasks, text that needs escaping and folding, and a UTC event without an
// end.
func sampleItems(t *testing.T) []Item {
	t.Helper()
	mk := func(id, title, zone string, start, end time.Time) *event.Event {
		return &event.Event{ID: id, Title: title, TimeZone: zone, Start: start, End: end, Kind: event.KindMeeting,
			Status: event.StatusConfirmed, Version: 1, Created: stamp, Updated: stamp}
	}
	berlin := mk("0b1c0000-0000-4000-8000-000000000001", "Vor der Umstellung, Berlin; 01:30", "Europe/Berlin",
		at(t, "Europe/Berlin", 2027, 3, 28, 1, 30), at(t, "Europe/Berlin", 2027, 3, 28, 3, 30))
	berlin.Description = "Zeile eins\nZeile zwei, mit Komma; und Semikolon \\ Backslash.\n" +
		"Ein sehr langer Absatz mit Umlauten äöü und Emoji 🎉 damit die Zeile gefaltet werden muss — über 75 Oktette hinaus."
	berlin.Location = "Kulturhaus, Saal 2"
	berlin.Safety = event.SafetyPlan{Threats: "SECRET-THREAT", EmergencyContacts: "SECRET-CONTACT"}
	ny := mk("0b1c0000-0000-4000-8000-000000000002", "Fall back in New York", "America/New_York",
		at(t, "America/New_York", 2027, 11, 7, 0, 30), time.Date(2027, 11, 7, 6, 30, 0, 0, time.UTC)) // 01:30 EST, second time round
	ny.Status = event.StatusCancelled
	ny.Kind = event.KindPress
	tehran := mk("0b1c0000-0000-4000-8000-000000000003", "Tehran summer 2021 (DST)", "Asia/Tehran",
		at(t, "Asia/Tehran", 2021, 6, 1, 18, 0), at(t, "Asia/Tehran", 2021, 6, 1, 20, 0))
	tehran2 := mk("0b1c0000-0000-4000-8000-000000000004", "Tehran 2027 (no DST)", "Asia/Tehran",
		at(t, "Asia/Tehran", 2027, 6, 1, 18, 0), at(t, "Asia/Tehran", 2027, 6, 1, 20, 0))
	lordHowe := mk("0b1c0000-0000-4000-8000-000000000005", "Lord Howe half-hour DST", "Australia/Lord_Howe",
		at(t, "Australia/Lord_Howe", 2027, 10, 3, 1, 45), at(t, "Australia/Lord_Howe", 2027, 10, 3, 3, 15))
	lordHowe.Status = event.StatusIdea
	lordHowe.Version = 4
	utc := mk("0b1c0000-0000-4000-8000-000000000006", "Online call in UTC", "UTC",
		time.Date(2027, 10, 21, 15, 0, 0, 0, time.UTC), time.Time{})
	utc.Online = true
	utc.Kind = event.KindOnline
	tasks := []*event.Task{
		{ID: "7a5c0000-0000-4000-8000-000000000001", EventID: berlin.ID, Title: "Raum buchen", Due: date.MustParse("2027-03-01"), Done: true, AssigneeID: "c0ffee00-0000-4000-8000-000000000001"},
		{ID: "7a5c0000-0000-4000-8000-000000000002", EventID: berlin.ID, Title: "Flyer, drucken", Notes: "A5; 200 Stück\nzweite Zeile", Position: 1},
	}
	return []Item{
		{Event: berlin, Tasks: tasks},
		{Event: ny},
		{Event: tehran},
		{Event: tehran2},
		{Event: lordHowe, Tasks: []*event.Task{{ID: "7a5c0000-0000-4000-8000-000000000003", EventID: lordHowe.ID, Title: "Check ferry", Due: date.MustParse("2027-09-30")}}},
		{Event: utc},
	}
}

// knownError reports whether err is one of the errors Parse documents
// (which app.Explain words for the user), so no parse failure reaches the
// user as an unexpected error.
func knownError(err error) bool {
	return errors.Is(err, ErrTooLarge) || errors.Is(err, ErrNotCalendar) || errors.Is(err, ErrMalformed)
}
