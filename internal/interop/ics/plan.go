package ics

import (
	"errors"
	"strconv"
	"strings"

	"github.com/safehouse-app/safehouse/internal/event"
)

// Duplicate is an incoming event the vault already has.
type Duplicate struct {
	In *Incoming
	// ExistingID and ExistingTitle name the event in the vault.
	ExistingID, ExistingTitle string
	// SameUID is true when the file's UID is that of the vault's event
	// (a file exported by Safehouse), false for the same title and start.
	SameUID bool
}

// Preview says what importing a file would do ([MakePreview]). Nothing
// is written until it is applied (app.ApplyCalendarImport).
type Preview struct {
	// New are the events to add, with their tasks.
	New []*Incoming
	// Duplicates are left alone.
	Duplicates []Duplicate
	// Skipped cannot be imported (see their reasons).
	Skipped []Skip
	// Ignored counts components of no use to Safehouse.
	Ignored int
	// Warnings and MoreWarnings are the file's skipped lines (see
	// [Parsed]).
	Warnings     []Notice
	MoreWarnings int
}

// NewTasks returns how many tasks the new events bring.
func (p *Preview) NewTasks() int {
	n := 0
	for _, in := range p.New {
		n += len(in.Tasks)
	}
	return n
}

// dupKey identifies an event by title and start (to the second).
func dupKey(title string, e *event.Event) string {
	return strings.ToLower(strings.TrimSpace(title)) + "\x00" + strconv.FormatInt(e.Start.Unix(), 10)
}

// MakePreview compares what a file holds with the events of the vault
// (existing, every event of the vault). An incoming event is a duplicate
// when its UID is that of a vault event (a Safehouse export, or an event
// imported before with the same UID) or a vault event has the same title
// (ignoring case) and start; two events in the file with the same title
// and start are imported once. It reads nothing and writes nothing
// (app.PlanCalendarImport lists the vault's events and calls it).
func MakePreview(p *Parsed, existing []*event.Event) *Preview {
	byID := make(map[string]*event.Event, len(existing))
	byKey := make(map[string]*event.Event, len(existing))
	byUID := map[string]*event.Event{} // UIDs kept from earlier imports
	for _, e := range existing {
		byID[e.ID] = e
		byKey[dupKey(e.Title, e)] = e
		if e.UID != "" {
			byUID[e.UID] = e
		}
	}
	pv := &Preview{Skipped: append([]Skip(nil), p.Skipped...), Ignored: p.Ignored,
		Warnings: p.Warnings, MoreWarnings: p.MoreWarnings}
	seen := map[string]bool{}
	for _, in := range p.Events {
		e := byID[IDFromUID(in.UID)]
		if e == nil && in.UID != "" {
			e = byUID[in.UID]
		}
		if e != nil {
			pv.Duplicates = append(pv.Duplicates, Duplicate{In: in, ExistingID: e.ID, ExistingTitle: e.Title, SameUID: true})
			continue
		}
		key := dupKey(in.Event.Title, &in.Event)
		if e := byKey[key]; e != nil {
			pv.Duplicates = append(pv.Duplicates, Duplicate{In: in, ExistingID: e.ID, ExistingTitle: e.Title})
			continue
		}
		if seen[key] {
			pv.Skipped = append(pv.Skipped, Skip{Kind: KindEvent, Title: in.Event.Title, Reason: notice(ReasonTwiceInFile)})
			continue
		}
		seen[key] = true
		pv.New = append(pv.New, in)
	}
	return pv
}

// Result counts what importing a preview added (app.ApplyCalendarImport).
type Result struct {
	Events, Tasks int
	// EventIDs are the IDs of the new events, in file order.
	EventIDs []string
}

// ErrNothingToImport is returned when a preview with no new event is
// applied (app.ApplyCalendarImport).
var ErrNothingToImport = errors.New("nothing to import")
