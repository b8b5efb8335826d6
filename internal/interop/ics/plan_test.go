package ics

import (
	"context"
	"testing"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestPlanApply: a fresh vault gets every event with its tasks in one
// transaction; the same file again is all duplicates; nothing is written
// by Plan.
func TestPlanApply(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p := parse(t, readSample(t, "thunderbird.ics"), "Europe/Berlin")
	before := st.Changes()
	pv, err := Plan(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Changes() != before {
		t.Fatal("Plan wrote to the store")
	}
	if len(pv.New) != 2 || pv.NewTasks() != 2 || len(pv.Duplicates) != 0 || len(pv.Skipped) != 1 {
		t.Fatalf("preview: %d new, %d tasks, %d dups, %d skipped", len(pv.New), pv.NewTasks(), len(pv.Duplicates), len(pv.Skipped))
	}
	res, err := Apply(ctx, st, pv)
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 2 || res.Tasks != 2 || st.Changes() != before+1 {
		t.Fatalf("result %+v, %d commits", res, st.Changes()-before)
	}
	e, err := st.Events().Get(ctx, res.EventIDs[0])
	if err != nil || e.Title != "Press briefing" || e.TimeZone != "America/New_York" || e.Kind != event.KindPress {
		t.Fatalf("stored %+v %v", e, err)
	}
	tasks, _ := st.Tasks().ListForEvent(ctx, e.ID)
	if len(tasks) != 2 || !tasks[0].Done || tasks[1].Notes != "French and Arabic" || tasks[1].AssigneeID != "" {
		t.Fatalf("tasks %+v", tasks)
	}

	// The imported UIDs are kept, for export and for the next import.
	if e.UID == "" || e.UID == UID(e.ID) {
		t.Fatalf("stored UID %q", e.UID)
	}

	// Again: duplicates by the UID kept from the first import.
	pv, err = Plan(ctx, st, parse(t, readSample(t, "thunderbird.ics"), "Europe/Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) != 0 || len(pv.Duplicates) != 2 || !pv.Duplicates[0].SameUID {
		t.Fatalf("second preview: %d new, %+v", len(pv.New), pv.Duplicates)
	}
	if _, err := Apply(ctx, st, pv); err != ErrNothingToImport {
		t.Fatalf("apply nothing: %v", err)
	}
}

// TestPlanSafehouseUIDs: a file exported from this vault is recognized by
// UID even after the event was renamed.
func TestPlanSafehouseUIDs(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	for _, it := range sampleItems(t) {
		e := *it.Event
		if err := st.Events().Add(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	items, err := Collect(ctx, st, nil)
	if err != nil || len(items) != 6 {
		t.Fatalf("collect: %d %v", len(items), err)
	}
	data := encode(t, items, ExportOptions{})
	first := items[0].Event
	first.Title = "Renamed"
	if err := st.Events().Update(ctx, first); err != nil {
		t.Fatal(err)
	}
	pv, err := Plan(ctx, st, parse(t, data, "UTC"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) != 0 || len(pv.Duplicates) != 6 {
		t.Fatalf("%d new, %d dups", len(pv.New), len(pv.Duplicates))
	}
	for _, d := range pv.Duplicates {
		if !d.SameUID {
			t.Errorf("%s matched by title, not UID", d.In.Event.Title)
		}
	}
	// Collect by ID, unknown ID.
	if got, err := Collect(ctx, st, []string{first.ID, first.ID}); err != nil || len(got) != 1 {
		t.Fatalf("collect one: %d %v", len(got), err)
	}
	if _, err := Collect(ctx, st, []string{"00000000-0000-4000-8000-000000000000"}); err == nil {
		t.Fatal("unknown ID collected")
	}
}

// TestApplyAllOrNothing: an invalid record rolls the whole import back.
func TestApplyAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p := parse(t, readSample(t, "google.ics"), "UTC")
	pv, err := Plan(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	pv.New[len(pv.New)-1].Event.Title = "" // made invalid after the preview
	if _, err := Apply(ctx, st, pv); err == nil {
		t.Fatal("invalid event applied")
	}
	if all, _ := st.Events().List(ctx, store.EventFilter{}); len(all) != 0 {
		t.Fatalf("%d events after a failed import", len(all))
	}
}
