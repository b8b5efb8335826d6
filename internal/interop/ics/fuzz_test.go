package ics

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/event"
)

// FuzzImportICS: no input panics Parse; whatever it accepts is valid for
// the store and survives an export and a second import unchanged.
func FuzzImportICS(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Berlin:20270328T023000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY;X=\"a:b\":t\\,\\n\n DTSTART:20270101\nEND:VEVENT\nEND:VCALENDAR"))
	lim := Limits{File: 1 << 20, Line: 64 << 10, Depth: 8, Components: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, ImportOptions{Zone: "America/New_York", Limits: lim})
		if err != nil {
			if !knownError(err) {
				t.Fatalf("unexplained error %v", err)
			}
			return
		}
		if len(p.Events) == 0 {
			return
		}
		var items []Item
		for i, in := range p.Events {
			if err := in.Event.Validate(); err != nil {
				t.Fatalf("accepted an invalid event: %v", err)
			}
			e := in.Event
			e.ID = fmt.Sprintf("0b1c0000-0000-4000-8000-%012d", i)
			items = append(items, Item{Event: &e})
		}
		var b bytes.Buffer
		if err := Encode(&b, items, ExportOptions{Now: time.Unix(0, 0)}); err != nil {
			t.Fatalf("cannot export what was imported: %v", err)
		}
		q, err := Parse(b.Bytes(), ImportOptions{Zone: "UTC"})
		if err != nil {
			t.Fatalf("cannot import the export: %v\n%s", err, b.String())
		}
		// Every event comes back, with the UID it was imported with (or
		// the one its ID gives) and unchanged; all-day events keep their
		// dates (they float: the importer's zone places them).
		if len(q.Events) != len(p.Events) {
			t.Fatalf("re-import gave %d events of %d\n%s", len(q.Events), len(p.Events), b.String())
		}
		for i, in := range p.Events {
			a, z := in.Event, q.Events[i].Event
			if want := EventUID(items[i].Event); q.Events[i].UID != want {
				t.Fatalf("UID %q, want %q", q.Events[i].UID, want)
			}
			if a.Title != z.Title || a.Description != z.Description || a.Location != z.Location ||
				a.Status != z.Status || a.Kind != z.Kind || a.Online != z.Online || in.AllDay != q.Events[i].AllDay {
				t.Fatalf("round trip changed the event:\n%+v\n%+v", a, z)
			}
			if in.AllDay {
				day := func(e event.Event) string {
					return e.Start.In(e.Zone()).Format("2006-01-02") + e.End.In(e.Zone()).Format("2006-01-02")
				}
				if day(a) != day(z) {
					t.Fatalf("all-day dates changed: %s, then %s", day(a), day(z))
				}
			} else if !a.Start.Equal(z.Start) || !a.End.Equal(z.End) || a.TimeZone != z.TimeZone {
				t.Fatalf("round trip changed the event's times:\n%+v\n%+v", a, z)
			}
		}
	})
}
