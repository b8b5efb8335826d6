package app

import (
	"context"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/store"
)

// The calendar use cases: package ics reads and writes iCalendar files;
// what they mean for the vault (which events are new, adding them, which
// events go into an export) is decided here, as for contacts
// (contacts_io.go).

// PlanCalendarImport previews importing a calendar file (read with
// [ics.Parse]) into the vault: which events are new, which the vault has
// already (see [ics.MakePreview]) and what cannot be imported. It writes
// nothing.
func PlanCalendarImport(ctx context.Context, s *Session, p *ics.Parsed) (*ics.Preview, error) {
	return planCalendar(ctx, s.Store(), p)
}

func planCalendar(ctx context.Context, st *store.Store, p *ics.Parsed) (*ics.Preview, error) {
	existing, err := st.Events().List(ctx, store.EventFilter{})
	if err != nil {
		return nil, err
	}
	return ics.MakePreview(p, existing), nil
}

// ApplyCalendarImport adds the new events of a preview the user confirmed,
// with their tasks and changed occurrences, in one store transaction:
// either all are added or, on error, none. A preview with nothing new
// gives [ics.ErrNothingToImport].
func ApplyCalendarImport(ctx context.Context, s *Session, pv *ics.Preview) (ics.Result, error) {
	res, err := applyCalendar(ctx, s.Store(), pv)
	if err != nil {
		return res, err
	}
	s.compactNext()
	s.Changed()
	return res, nil
}

func applyCalendar(ctx context.Context, st *store.Store, pv *ics.Preview) (ics.Result, error) {
	var res ics.Result
	if pv == nil || len(pv.New) == 0 {
		return res, ics.ErrNothingToImport
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
		res = ics.Result{}
		for _, in := range pv.New {
			e := in.Event
			e.ID = ""
			if err := tx.Events().Add(ctx, &e); err != nil {
				return err
			}
			res.EventIDs = append(res.EventIDs, e.ID)
			res.Events++
			for _, ch := range in.Changed {
				o := ch.Event
				o.ID, o.SeriesID = "", e.ID
				if err := tx.Events().Add(ctx, &o); err != nil {
					return err
				}
			}
			for _, t := range in.Tasks {
				t.ID, t.EventID, t.AssigneeID = "", e.ID, ""
				if err := tx.Tasks().Add(ctx, &t); err != nil {
					return err
				}
				res.Tasks++
			}
		}
		return nil
	})
	if err != nil {
		return ics.Result{}, err
	}
	return res, nil
}

// CollectCalendar loads what a calendar export of the events with the
// given IDs holds (all events, by start time, when ids is empty): each
// event with its tasks, a changed occurrence with its series and a
// series with its changed occurrences. The error wraps
// [store.ErrNotFound] for a missing ID.
func CollectCalendar(ctx context.Context, s *Session, ids []string) ([]ics.Item, error) {
	return collectCalendar(ctx, s.Store(), ids)
}

func collectCalendar(ctx context.Context, st *store.Store, ids []string) ([]ics.Item, error) {
	var evs []*event.Event
	if len(ids) == 0 {
		all, err := st.Events().List(ctx, store.EventFilter{})
		if err != nil {
			return nil, err
		}
		evs = all
	} else {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			e, err := st.Events().Get(ctx, id)
			if err != nil {
				return nil, err
			}
			if e.SeriesID != "" {
				// A changed occurrence goes with its series.
				if seen[e.SeriesID] {
					continue
				}
				seen[e.SeriesID] = true
				if e, err = st.Events().Get(ctx, e.SeriesID); err != nil {
					return nil, err
				}
			}
			evs = append(evs, e)
			if e.Repeats() {
				changed, err := st.Events().Overrides(ctx, e.ID)
				if err != nil {
					return nil, err
				}
				for _, o := range changed {
					seen[o.ID] = true
				}
				evs = append(evs, changed...)
			}
		}
	}
	items := make([]ics.Item, 0, len(evs))
	for _, e := range evs {
		tasks, err := st.Tasks().ListForEvent(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		items = append(items, ics.Item{Event: e, Tasks: tasks})
	}
	return items, nil
}
