package ics

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
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
			if _, ok := Explain(err); !ok {
				t.Fatalf("unexplained error %v", err)
			}
			return
		}
		if len(p.Events) == 0 {
			return
		}
		var items []Item
		for _, in := range p.Events {
			if err := in.Event.Validate(); err != nil {
				t.Fatalf("accepted an invalid event: %v", err)
			}
			e := in.Event
			e.ID = "0b1c0000-0000-4000-8000-000000000001"
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
		// All exported events share one UID: only the first is kept, and
		// it must be unchanged.
		if len(q.Events) != 1 {
			t.Fatalf("re-import gave %d events", len(q.Events))
		}
		a, z := p.Events[0].Event, q.Events[0].Event
		if a.Title != z.Title || !a.Start.Equal(z.Start) || !a.End.Equal(z.End) || a.TimeZone != z.TimeZone ||
			a.Description != z.Description || a.Location != z.Location || a.Status != z.Status || a.Kind != z.Kind {
			t.Fatalf("round trip changed the event:\n%+v\n%+v", a, z)
		}
	})
}
