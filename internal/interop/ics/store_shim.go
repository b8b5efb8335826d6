package ics

import (
	"context"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Plan, Apply and Collect are kept only until the desktop app's call
// sites move to app.PlanCalendarImport, app.ApplyCalendarImport and
// app.CollectCalendar (the last commit of this change deletes this file).

// Plan is [MakePreview] over every event of st.
//
// Deprecated: use app.PlanCalendarImport.
func Plan(ctx context.Context, st *store.Store, p *Parsed) (*Preview, error) {
	existing, err := st.Events().List(ctx, store.EventFilter{})
	if err != nil {
		return nil, err
	}
	return MakePreview(p, existing), nil
}

// Apply adds the new events of pv in one transaction.
//
// Deprecated: use app.ApplyCalendarImport.
func Apply(ctx context.Context, st *store.Store, pv *Preview) (Result, error) {
	var res Result
	if pv == nil || len(pv.New) == 0 {
		return res, ErrNothingToImport
	}
	err := st.InTx(ctx, func(tx *store.Tx) error {
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
		return Result{}, err
	}
	return res, nil
}

// Collect loads the events with the given IDs (all events, by start time,
// when ids is empty) and their tasks. The error wraps [store.ErrNotFound]
// for a missing ID.
//
// Deprecated: use app.CollectCalendar.
func Collect(ctx context.Context, st *store.Store, ids []string) ([]Item, error) {
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
	items := make([]Item, 0, len(evs))
	for _, e := range evs {
		tasks, err := st.Tasks().ListForEvent(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		items = append(items, Item{Event: e, Tasks: tasks})
	}
	return items, nil
}
