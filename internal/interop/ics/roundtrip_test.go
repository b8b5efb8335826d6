package ics

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/store"
)

// importInto parses data and adds its new events to st.
func importInto(t *testing.T, st *store.Store, data []byte) *Preview {
	t.Helper()
	p, err := Parse(data, ImportOptions{Zone: "America/Sao_Paulo"})
	if err != nil {
		t.Fatal(err)
	}
	pv, err := Plan(context.Background(), st, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.New) > 0 {
		if _, err := Apply(context.Background(), st, pv); err != nil {
			t.Fatal(err)
		}
	}
	return pv
}

// calendarState describes every event of st and its tasks, without IDs.
func calendarState(t *testing.T, st *store.Store) []string {
	t.Helper()
	items, err := Collect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		e := it.Event
		s := fmt.Sprintf("%q %s %s %s %q %q %s %s online=%v", e.Title, e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339),
			e.TimeZone, e.Description, e.Location, e.Status, e.Kind, e.Online)
		if e.Repeat != nil {
			s += fmt.Sprintf(" repeat=%q except=%v extra=%v", e.Repeat.Rule, e.Repeat.Except, e.Repeat.Extra)
		}
		if e.SeriesID != "" {
			s += " changes " + e.RecurrenceID.UTC().Format(time.RFC3339)
		}
		for _, tk := range it.Tasks {
			s += fmt.Sprintf(" [%q %s %v %q %v]", tk.Title, tk.Due, tk.Done, tk.Notes, tk.Occurrence)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestRoundTripEverySample: for every calendar sample, import into a
// fresh vault, export, and import the export into another fresh vault:
// the two vaults hold the same events and tasks, and importing the export
// into the first vault adds nothing (no duplicate).
func TestRoundTripEverySample(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if len(names) < 5 {
		t.Fatalf("only %d samples", len(names))
	}
	for _, path := range names {
		t.Run(filepath.Base(path), func(t *testing.T) {
			first := newStore(t)
			if pv := importInto(t, first, readSample(t, filepath.Base(path))); len(pv.New) == 0 {
				t.Fatal("nothing imported")
			}
			items, err := Collect(context.Background(), first, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Encode(&buf, items, ExportOptions{Now: stamp}); err != nil {
				t.Fatal(err)
			}
			second := newStore(t)
			importInto(t, second, buf.Bytes())
			if a, b := calendarState(t, first), calendarState(t, second); !slices.Equal(a, b) {
				t.Errorf("a fresh vault differs after export and import:\n first %q\nsecond %q", a, b)
			}
			records := 0 // changed occurrences travel inside their series
			for _, it := range items {
				if it.Event.SeriesID == "" {
					records++
				}
			}
			if pv := importInto(t, first, buf.Bytes()); len(pv.New) != 0 || len(pv.Duplicates) != records {
				t.Errorf("re-import into the first vault: %d new, %d duplicates of %d", len(pv.New), len(pv.Duplicates), records)
			}
		})
	}
}
