package app

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// A repeating event travels whole: its rule, exceptions, changed dates
// and the tasks of one date, even when only a changed date was picked.
func TestShareSeries(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	st := p.a.Store()
	start := time.Date(2027, 1, 5, 19, 0, 0, 0, time.UTC)
	series := &event.Event{Title: "Chapter meeting", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Berlin",
		Repeat: &event.Repeat{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630", Except: []time.Time{start.AddDate(0, 0, 7)}}}
	if err := st.Events().Add(ctx, series); err != nil {
		t.Fatal(err)
	}
	orig := start.AddDate(0, 0, 14)
	moved := &event.Event{Title: "Chapter meeting (library)", Start: orig.Add(time.Hour), TimeZone: "Europe/Berlin",
		SeriesID: series.ID, RecurrenceID: orig}
	if err := st.Events().Add(ctx, moved); err != nil {
		t.Fatal(err)
	}
	task := &event.Task{EventID: series.ID, Title: "Agenda", Occurrence: orig}
	if err := st.Tasks().Add(ctx, task); err != nil {
		t.Fatal(err)
	}
	p.a.Changed()
	data := p.export(p.a, p.bInA, merge.Selection{Events: []string{moved.ID}})
	p.save()
	pl := mustImport(t, p.b, data, ImportOptions{})
	if pl.Count(merge.New) != 3 {
		t.Fatalf("plan %+v", pl)
	}
	got, err := p.b.Store().Events().Get(ctx, series.ID)
	if err != nil || got.Repeat == nil || got.Repeat.Rule != series.Repeat.Rule || len(got.Repeat.Except) != 1 {
		t.Fatalf("series arrived as %+v %v", got, err)
	}
	ov, err := p.b.Store().Events().Overrides(ctx, series.ID)
	if err != nil || len(ov) != 1 || !ov[0].RecurrenceID.Equal(orig) {
		t.Fatalf("changed dates %+v %v", ov, err)
	}
	tk, err := p.b.Store().Tasks().Get(ctx, task.ID)
	if err != nil || !tk.Occurrence.Equal(orig) {
		t.Fatalf("task %+v %v", tk, err)
	}
}

// A shared file with an absurd repeat rule is refused as invalid, with
// nothing written, never a panic.
func TestShareAbsurdSeriesRefused(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	me := mustIdentity(t, s)
	stranger, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 9, 1, 10, 0, 0, 0, time.UTC)
	for _, rule := range []string{"FREQ=SECONDLY", "FREQ=DAILY;COUNT=1000000000", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
		"FREQ=DAILY;INTERVAL=99999999999999999999"} {
		p := &bundle.Payload{Events: []bundle.Event{{Event: event.Event{ID: uuid.NewString(), Created: at, Updated: at, Version: 1,
			Title: "Every second", Kind: event.KindMeeting, Start: at, TimeZone: "UTC", Status: event.StatusPlanned,
			Repeat: &event.Repeat{Rule: rule}}, Participants: []bundle.Participant{}, Tasks: []*event.Task{}}}}
		p.Tutorials, p.BuiltinTutorials, p.Contacts, p.Deleted = []*tutorial.Tutorial{}, []bundle.BuiltinRef{}, []bundle.Contact{}, []bundle.Deletion{}
		payload, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		data := bundletest.Build(bundletest.Spec{Sender: stranger, Payload: payload, Counts: map[string]int{"events": 1},
			EncryptTo: []identity.Keys{me.Keys()}, Sequence: 1, ID: uuid.NewString()})
		changes := s.Store().Changes()
		_, err = Inspect(ctx, s, data, ImportOptions{})
		if !errors.Is(err, bundle.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", rule, err)
		}
		if s.Store().Changes() != changes {
			t.Errorf("%s: the vault changed", rule)
		}
	}
}
