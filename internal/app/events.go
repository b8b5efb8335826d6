package app

import (
	"context"
	"time"

	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Event returns the event with the given full ID; the error wraps
// [store.ErrNotFound] if there is none.
func (s *Session) Event(ctx context.Context, id string) (*event.Event, error) {
	return s.store.Events().Get(ctx, id)
}

// Occurrences returns the occurrences of events (a one-off event is one
// occurrence, a series one per date) that match f, in time order.
func (s *Session) Occurrences(ctx context.Context, f store.OccurrenceFilter) ([]event.Occurrence, error) {
	return s.store.Events().Occurrences(ctx, f)
}

// Overrides returns the changed occurrences of the series.
func (s *Session) Overrides(ctx context.Context, seriesID string) ([]*event.Event, error) {
	return s.store.Events().Overrides(ctx, seriesID)
}

// Participants returns the people taking part in the event, with their
// names.
func (s *Session) Participants(ctx context.Context, eventID string) ([]store.ParticipantDetail, error) {
	return s.store.Participants().ListForEvent(ctx, eventID)
}

// AddEvent validates e, gives it an ID and stores it, then marks the
// session changed.
func (s *Session) AddEvent(ctx context.Context, e *event.Event) error {
	return s.changedAfter(s.store.Events().Add(ctx, e))
}

// UpdateSeries saves e, whose dates moved by shift (see
// [store.Events.UpdateSeries]; 0 for an edit that kept its dates), then
// marks the session changed.
func (s *Session) UpdateSeries(ctx context.Context, e *event.Event, shift time.Duration) error {
	return s.changedAfter(s.store.Events().UpdateSeries(ctx, e, shift))
}

// DeleteEvent deletes the event with its tasks and participants and marks
// the session changed. The error wraps [store.ErrNotFound] if there is no
// such event.
func (s *Session) DeleteEvent(ctx context.Context, id string) error {
	return s.changedAfter(s.store.Events().Delete(ctx, id))
}

// Tasks returns the tasks of the event, in their order.
func (s *Session) Tasks(ctx context.Context, eventID string) ([]*event.Task, error) {
	return s.store.Tasks().ListForEvent(ctx, eventID)
}

// Task returns the task with the given full ID; the error wraps
// [store.ErrNotFound] if there is none.
func (s *Session) Task(ctx context.Context, id string) (*event.Task, error) {
	return s.store.Tasks().Get(ctx, id)
}

// AddTask validates t and stores it with a new ID, then marks the session
// changed.
func (s *Session) AddTask(ctx context.Context, t *event.Task) error {
	return s.changedAfter(s.store.Tasks().Add(ctx, t))
}

// SetTaskDone marks the task done or not done, then marks the session
// changed. The error wraps [store.ErrNotFound] if there is no such task.
func (s *Session) SetTaskDone(ctx context.Context, id string, done bool) error {
	return s.changedAfter(s.store.Tasks().SetDone(ctx, id, done))
}

// Events returns the events (series as one event) that match f, by start
// time (most recent first for f.Past).
func (s *Session) Events(ctx context.Context, f store.EventFilter) ([]*event.Event, error) {
	return s.store.Events().List(ctx, f)
}

// EventsForContact returns the events the contact takes part in, by
// start time.
func (s *Session) EventsForContact(ctx context.Context, contactID string) ([]*event.Event, error) {
	return s.store.Events().ForContact(ctx, contactID)
}

// UpdateEvent validates and saves e, then marks the session changed. The
// error wraps [store.ErrNotFound] if e no longer exists.
func (s *Session) UpdateEvent(ctx context.Context, e *event.Event) error {
	return s.changedAfter(s.store.Events().Update(ctx, e))
}

// DeleteOccurrence takes the date whose original start is orig out of the
// series (see [store.Events.DeleteOccurrence]) and marks the session
// changed. The error wraps [store.ErrNotFound] if there is no such series.
func (s *Session) DeleteOccurrence(ctx context.Context, seriesID string, orig time.Time) error {
	return s.changedAfter(s.store.Events().DeleteOccurrence(ctx, seriesID, orig))
}

// UpdateTask validates and saves t, then marks the session changed.
func (s *Session) UpdateTask(ctx context.Context, t *event.Task) error {
	return s.changedAfter(s.store.Tasks().Update(ctx, t))
}

// DeleteTask deletes the task and marks the session changed.
func (s *Session) DeleteTask(ctx context.Context, id string) error {
	return s.changedAfter(s.store.Tasks().Delete(ctx, id))
}

// SetParticipant adds the contact to the event or changes its role, then
// marks the session changed.
func (s *Session) SetParticipant(ctx context.Context, p event.Participant) error {
	return s.changedAfter(s.store.Participants().Set(ctx, p))
}

// RemoveParticipant takes the contact off the event and marks the session
// changed. The error wraps [store.ErrNotFound] if it was not a
// participant.
func (s *Session) RemoveParticipant(ctx context.Context, eventID, contactID string) error {
	return s.changedAfter(s.store.Participants().Remove(ctx, eventID, contactID))
}
