package event

import (
	"errors"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/validate"
)

func TestParseLocal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, zone string
		want     string // RFC 3339 in UTC
		wantErr  bool
	}{
		{"2027-10-21T10:00", "Europe/Berlin", "2027-10-21T08:00:00Z", false},
		{"2027-10-21 10:00:30", "America/Sao_Paulo", "2027-10-21T13:00:30Z", false},
		{"2027-10-21", "Asia/Tokyo", "2027-10-20T15:00:00Z", false},
		{"2027-10-21T10:00:00+02:00", "Asia/Tokyo", "2027-10-21T08:00:00Z", false},
		{"2027-10-21T10:00", "", "2027-10-21T10:00:00Z", false},
		{"2027-10-21T10:00", "Mars/Olympus", "", true},
		{"2027-10-21T10:00", "Local", "", true},
		{"tomorrow", "UTC", "", true},
	}
	for _, tt := range tests {
		got, err := ParseLocal(tt.in, tt.zone)
		if (err != nil) != tt.wantErr {
			t.Fatalf("ParseLocal(%q,%q) err=%v", tt.in, tt.zone, err)
		}
		if err == nil && got.UTC().Format(time.RFC3339) != tt.want {
			t.Fatalf("ParseLocal(%q,%q) = %v want %v", tt.in, tt.zone, got.UTC(), tt.want)
		}
	}
}

func TestEventValidate(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 10, 21, 8, 0, 0, 0, time.UTC)
	base := func() Event {
		e := Event{Title: "Crypto party", Start: start, End: start.Add(2 * time.Hour), Objectives: []Objective{3, 1, 3}}
		e.Normalize()
		return e
	}
	e := base()
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusPlanned || e.Kind != KindOther || e.TimeZone != "UTC" || len(e.Objectives) != 2 || e.Objectives[0] != 1 {
		t.Fatalf("defaults: %+v", e)
	}
	tests := []struct {
		name, field, code string
		edit              func(*Event)
	}{
		{"title", "title", validate.CodeTitleRequired, func(e *Event) { e.Title = "" }},
		{"end", "end", validate.CodeEndBeforeStart, func(e *Event) { e.End = e.Start.Add(-time.Minute) }},
		{"zone", "time_zone", validate.CodeTimeZoneInvalid, func(e *Event) { e.TimeZone = "Nowhere/City" }},
		{"status", "status", validate.CodeStatusInvalid, func(e *Event) { e.Status = "maybe" }},
		{"kind", "kind", validate.CodeKindInvalid, func(e *Event) { e.Kind = "party" }},
		{"objective", "objectives", validate.CodeObjectiveInvalid, func(e *Event) { e.Objectives = []Objective{7} }},
		{"start", "start", validate.CodeStartRequired, func(e *Event) { e.Start = time.Time{}; e.End = time.Time{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := base()
			tt.edit(&e)
			var es validate.Errors
			if !errors.As(e.Validate(), &es) || !es.Has(tt.field, tt.code) {
				t.Fatalf("want %s/%s, got %v", tt.field, tt.code, es)
			}
		})
	}
}

func TestObjectives(t *testing.T) {
	t.Parallel()
	if len(Objectives) != 6 || Objectives[5] != 6 {
		t.Fatal("six objectives numbered 1..6")
	}
	if ObjectiveSwitch.String() != "Get users to make the switch to end-to-end encryption" || Objective(0).Valid() || Objective(9).String() != "Objective(9)" {
		t.Fatal("objective names")
	}
}

func TestTaskParticipant(t *testing.T) {
	t.Parallel()
	tk := Task{Title: "  "}
	tk.Normalize()
	var es validate.Errors
	if !errors.As(tk.Validate(), &es) || !es.Has("title", validate.CodeTitleRequired) || !es.Has("event_id", validate.CodeRequired) {
		t.Fatal(es)
	}
	p := Participant{EventID: "e", ContactID: "c", Role: string(make([]byte, 101))}
	if !errors.As(p.Validate(), &es) || !es.Has("role", validate.CodeTooLong) {
		t.Fatal(es)
	}
}

func TestEventClosed(t *testing.T) {
	now := time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC)
	hour := time.Hour
	for _, tc := range []struct {
		name       string
		status     Status
		start, end time.Time
		want       bool
	}{
		{"planned, ahead", StatusPlanned, now.Add(24 * hour), now.Add(26 * hour), false},
		{"confirmed, running now", StatusConfirmed, now.Add(-hour), now.Add(hour), false},
		{"idea, ended", StatusIdea, now.Add(-3 * hour), now.Add(-2 * hour), true},
		{"planned, no end, started", StatusPlanned, now.Add(-time.Minute), time.Time{}, true},
		{"planned, no end, starts now", StatusPlanned, now, time.Time{}, false},
		{"done, ahead", StatusDone, now.Add(24 * hour), time.Time{}, true},
		{"cancelled, ahead", StatusCancelled, now.Add(24 * hour), now.Add(25 * hour), true},
	} {
		e := &Event{Status: tc.status, Start: tc.start, End: tc.end}
		if got := e.Closed(now); got != tc.want {
			t.Errorf("%s: Closed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
