package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/safehouse-app/safehouse/internal/event"
)

// OccurrenceHorizon is how far from Now the occurrences of repeating
// events are listed by [Events.Occurrences] when the filter gives no
// window: a year ahead for upcoming, a year back for past.
const OccurrenceHorizon = 366 * 24 * time.Hour

// OccurrenceFilter selects occurrences: the events that do not repeat as
// [EventFilter] selects them, and the occurrences of repeating events in
// the window [From, To).
type OccurrenceFilter struct {
	EventFilter
	// From and To bound the window for series (zero: Now and Now plus
	// [OccurrenceHorizon] for Upcoming, Now minus the horizon and Now for
	// Past, both for neither). Events that do not repeat are also kept
	// only in the window when From or To is set.
	From, To time.Time
}

// Series returns every repeating event with its changed occurrences.
func (r *Events) Series(ctx context.Context) ([]*event.Event, map[string][]*event.Event, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+eventColumns+
		" FROM events e WHERE e.rrule <> '' OR e.series_id IS NOT NULL ORDER BY e.start_at, e.id")
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list repeating events: %w", err)
	}
	defer rows.Close()
	var series []*event.Event
	overrides := map[string][]*event.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("failed to list repeating events: %w", err)
		}
		if e.SeriesID != "" {
			overrides[e.SeriesID] = append(overrides[e.SeriesID], e)
		} else {
			series = append(series, e)
		}
	}
	return series, overrides, rows.Err()
}

// Overrides returns the changed occurrences of the series.
func (r *Events) Overrides(ctx context.Context, seriesID string) ([]*event.Event, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.series_id = ? ORDER BY e.recurrence_id", seriesID)
	if err != nil {
		return nil, fmt.Errorf("failed to list changed occurrences: %w", err)
	}
	defer rows.Close()
	var out []*event.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list changed occurrences: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Occurrences returns what happens: each event that does not repeat once,
// and each occurrence of a repeating event in the window, ordered by start
// (most recent first for Past). A series matches Status and Search by its
// own fields, a changed occurrence by its own. Limit and Offset apply to
// the merged list.
func (r *Events) Occurrences(ctx context.Context, f OccurrenceFilter) ([]event.Occurrence, error) {
	now := f.Now
	if now.IsZero() {
		now = r.now()
	}
	from, to := f.From, f.To
	windowed := !from.IsZero() || !to.IsZero()
	upcoming, past := f.Upcoming && !f.Past, f.Past && !f.Upcoming
	if from.IsZero() {
		from = now.Add(-OccurrenceHorizon)
		if upcoming {
			from = now
		}
	}
	if to.IsZero() {
		to = now.Add(OccurrenceHorizon)
		if past {
			to = now
		}
	}
	single := f.EventFilter
	single.Limit, single.Offset, single.Now = 0, 0, now
	evs, err := r.List(ctx, single)
	if err != nil {
		return nil, err
	}
	var out []event.Occurrence
	inSeries := map[string]bool{}
	for _, e := range evs {
		if e.Repeats() || e.SeriesID != "" {
			inSeries[e.ID] = true
			continue
		}
		if windowed && len(e.Occurrences(from, to, 1, nil)) == 0 {
			continue
		}
		out = append(out, event.Occurrence{Event: e, Start: e.Start, End: e.End})
	}
	if len(inSeries) > 0 {
		series, overrides, err := r.Series(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range series {
			for _, o := range s.Occurrences(from, to, 0, overrides[s.ID]) {
				// Status and search were applied by List: keep what it kept.
				if !inSeries[o.Event.ID] {
					continue
				}
				if (upcoming && o.Closed(now) && o.Event.Status != event.StatusDone && o.Event.Status != event.StatusCancelled) ||
					(past && !o.Closed(now)) {
					continue
				}
				out = append(out, o)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b event.Occurrence) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			if past {
				return -c
			}
			return c
		}
		return 0
	})
	if f.Offset > 0 {
		out = out[min(f.Offset, len(out)):]
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// DeleteOccurrence takes one date out of a series: the date becomes an
// exception (EXDATE) of the series, and the changed occurrence that
// replaced it and the tasks of that date are deleted. The error wraps
// [ErrNotFound] when there is no such series.
func (r *Events) DeleteOccurrence(ctx context.Context, seriesID string, orig time.Time) error {
	return r.write(ctx, func(t *txn) error {
		tx := &Tx{s: r.s, tx: t}
		s, err := tx.Events().Get(ctx, seriesID)
		if err != nil {
			return err
		}
		if !s.Repeats() {
			return fmt.Errorf("event %q does not repeat: %w", seriesID, ErrNotFound)
		}
		overrides, err := tx.Events().Overrides(ctx, seriesID)
		if err != nil {
			return err
		}
		for _, o := range overrides {
			if o.RecurrenceID.Equal(orig) {
				if err := tx.Events().Delete(ctx, o.ID); err != nil {
					return err
				}
			}
		}
		tasks, err := tx.Tasks().ListForEvent(ctx, seriesID)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			if t.Occurrence.Equal(orig) && !t.Occurrence.IsZero() {
				if err := tx.Tasks().Delete(ctx, t.ID); err != nil {
					return err
				}
			}
		}
		s.Repeat.Except = append(s.Repeat.Except, orig)
		return tx.Events().Update(ctx, s)
	})
}

// UpdateSeries is [Events.Update] for a series whose dates moved by shift
// (its start moved by that much): its exceptions and extra dates, the
// original starts of its changed occurrences and of the tasks of one
// date move with it, so they keep naming the same occurrences. When e no
// longer repeats, its changed occurrences are deleted and its tasks
// belong to the whole event.
func (r *Events) UpdateSeries(ctx context.Context, e *event.Event, shift time.Duration) error {
	if shift != 0 && e.Repeat != nil {
		move := func(ts []time.Time) []time.Time {
			out := make([]time.Time, len(ts))
			for i, t := range ts {
				out[i] = t.Add(shift)
			}
			return out
		}
		e.Repeat.Except, e.Repeat.Extra = move(e.Repeat.Except), move(e.Repeat.Extra)
	}
	return r.write(ctx, func(t *txn) error {
		tx := &Tx{s: r.s, tx: t}
		if err := tx.Events().Update(ctx, e); err != nil {
			return err
		}
		if !e.Repeats() {
			// No longer a series: its changed dates go, its tasks stay
			// with the event.
			ids, err := queryStrings(ctx, t, "SELECT id FROM events WHERE series_id = ?", e.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := deleteEvent(ctx, t, id, r.now()); err != nil {
					return err
				}
			}
			_, err = t.ExecContext(ctx, `UPDATE tasks SET occurrence = NULL, version = version + 1, updated = ?
				WHERE event_id = ? AND occurrence IS NOT NULL`, ms(r.now()), e.ID)
			return err
		}
		if shift == 0 {
			return nil
		}
		now := ms(r.now())
		if _, err := t.ExecContext(ctx, `UPDATE events SET recurrence_id = recurrence_id + ?, version = version + 1, updated = ?
			WHERE series_id = ?`, shift.Milliseconds(), now, e.ID); err != nil {
			return fmt.Errorf("failed to move changed occurrences: %w", err)
		}
		if _, err := t.ExecContext(ctx, `UPDATE tasks SET occurrence = occurrence + ?, version = version + 1, updated = ?
			WHERE event_id = ? AND occurrence IS NOT NULL`, shift.Milliseconds(), now, e.ID); err != nil {
			return fmt.Errorf("failed to move tasks: %w", err)
		}
		return nil
	})
}
