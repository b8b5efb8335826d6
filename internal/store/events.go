package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
)

// Events is the event repository.
type Events struct{ repo }

// Events returns the event repository.
func (s *Store) Events() *Events { return &Events{repo{s: s}} }

// Events returns the event repository bound to the transaction.
func (t *Tx) Events() *Events { return &Events{repo{s: t.s, tx: t.tx}} }

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	// Upcoming keeps events that have not ended at Now (ordered by start,
	// soonest first); Past keeps those that ended before Now (most recent
	// first). Setting both is the same as setting neither. A repeating
	// event is upcoming until its last occurrence ends and past once its
	// first has begun, so it can be in both lists.
	Upcoming, Past bool
	// Now is the reference time for Upcoming and Past; zero means the
	// current time.
	Now    time.Time
	Status event.Status
	// Search is user text matched with full-text search.
	Search string
	// Limit ≤ 0 means no limit.
	Limit  int
	Offset int
}

const eventColumns = `e.id, e.created, e.updated, e.origin, e.version, e.title, e.kind, e.start_at, e.end_at,
	e.time_zone, e.location, e.online, e.description, e.status, e.safety_threats, e.safety_mitigations,
	e.safety_emergency_contacts, e.safety_check_in, e.outcome, e.uid, e.rrule, e.exdates, e.rdates, e.series_id,
	e.recurrence_id,
	(SELECT json_group_array(objective) FROM (SELECT objective FROM event_objectives WHERE event_id = e.id ORDER BY objective))`

func scanEvent(sc interface{ Scan(...any) error }) (*event.Event, error) {
	var e event.Event
	var created, updated, start int64
	var end, recurrence sql.NullInt64
	var objs, rule, exdates, rdates string
	var series sql.NullString
	if err := sc.Scan(&e.ID, &created, &updated, &e.Origin, &e.Version, &e.Title, &e.Kind, &start, &end,
		&e.TimeZone, &e.Location, &e.Online, &e.Description, &e.Status, &e.Safety.Threats, &e.Safety.Mitigations,
		&e.Safety.EmergencyContacts, &e.Safety.CheckIn, &e.Outcome, &e.UID, &rule, &exdates, &rdates, &series,
		&recurrence, &objs); err != nil {
		return nil, err
	}
	e.Created, e.Updated, e.Start = fromMS(created), fromMS(updated), fromMS(start)
	if end.Valid {
		e.End = fromMS(end.Int64)
	}
	e.SeriesID = series.String
	if recurrence.Valid {
		e.RecurrenceID = fromMS(recurrence.Int64)
	}
	if rule != "" {
		e.Repeat = &event.Repeat{Rule: rule}
		var err error
		if e.Repeat.Except, err = msList(exdates); err != nil {
			return nil, fmt.Errorf("event %s exceptions: %w", e.ID, err)
		}
		if e.Repeat.Extra, err = msList(rdates); err != nil {
			return nil, fmt.Errorf("event %s extra dates: %w", e.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(objs), &e.Objectives); err != nil {
		return nil, fmt.Errorf("event %s objectives: %w", e.ID, err)
	}
	if len(e.Objectives) == 0 {
		e.Objectives = nil
	}
	return &e, nil
}

// msList reads a JSON array of Unix ms.
func msList(s string) ([]time.Time, error) {
	var v []int64
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, err
	}
	var out []time.Time
	for _, m := range v {
		out = append(out, fromMS(m))
	}
	return out, nil
}

// endless is series_end for a series that never ends.
const endless = int64(1<<53 - 1)

// seriesColumns returns the values of the columns rrule, exdates,
// rdates, series_end, series_id and recurrence_id for e.
func seriesColumns(e *event.Event) []any {
	rule, ex, rd := "", "[]", "[]"
	var end any
	if e.Repeats() {
		rule = e.Repeat.Rule
		list := func(ts []time.Time) string {
			v := make([]int64, len(ts))
			for i, t := range ts {
				v[i] = ms(t)
			}
			b, _ := json.Marshal(v)
			return string(b)
		}
		ex, rd = list(e.Repeat.Except), list(e.Repeat.Extra)
		end = endless
		if t, ok := e.LastEnd(); ok {
			end = ms(t)
		}
	}
	return []any{rule, ex, rd, end, nullStr(e.SeriesID), nullMS(e.RecurrenceID)}
}

// normalizeTimes keeps instants at the stored precision (milliseconds, UTC).
func normalizeTimes(e *event.Event) {
	e.Start = e.Start.UTC().Truncate(time.Millisecond)
	if !e.End.IsZero() {
		e.End = e.End.UTC().Truncate(time.Millisecond)
	}
}

// Add validates e and inserts it with a new ID, timestamps and version 1.
// Start and End are stored in UTC with millisecond precision; e is updated
// to what was stored.
func (r *Events) Add(ctx context.Context, e *event.Event) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	now := r.now()
	n := *e
	normalizeTimes(&n)
	n.ID, n.Created, n.Updated, n.Version = uuid.NewString(), now, now, 1
	err := r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO events(id, created, updated, origin, version, title, kind, start_at,
			end_at, time_zone, location, online, description, status, safety_threats, safety_mitigations,
			safety_emergency_contacts, safety_check_in, outcome, uid, rrule, exdates, rdates, series_end, series_id,
			recurrence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append([]any{n.ID, ms(n.Created), ms(n.Updated), n.Origin, n.Version, n.Title, string(n.Kind), ms(n.Start), nullMS(n.End),
				n.TimeZone, n.Location, n.Online, n.Description, string(n.Status), n.Safety.Threats, n.Safety.Mitigations,
				n.Safety.EmergencyContacts, n.Safety.CheckIn, n.Outcome, n.UID}, seriesColumns(&n)...)...)
		if err != nil {
			return fmt.Errorf("failed to add event: %w", err)
		}
		return writeEventChildren(ctx, tx, &n)
	})
	if err != nil {
		return err
	}
	*e = n
	return nil
}

// Update validates e and replaces the stored event with the same ID,
// incrementing its version. The error wraps [ErrNotFound] for a missing ID.
func (r *Events) Update(ctx context.Context, e *event.Event) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	n := *e
	normalizeTimes(&n)
	n.Updated = r.now()
	err := r.write(ctx, func(tx *txn) error {
		var created int64
		err := tx.QueryRowContext(ctx, `UPDATE events SET updated = ?, version = version + 1, title = ?, kind = ?,
			start_at = ?, end_at = ?, time_zone = ?, location = ?, online = ?, description = ?, status = ?,
			safety_threats = ?, safety_mitigations = ?, safety_emergency_contacts = ?, safety_check_in = ?, outcome = ?,
			rrule = ?, exdates = ?, rdates = ?, series_end = ?, series_id = ?, recurrence_id = ?
			WHERE id = ? RETURNING version, created, origin, uid`,
			append(append([]any{ms(n.Updated), n.Title, string(n.Kind), ms(n.Start), nullMS(n.End), n.TimeZone, n.Location, n.Online,
				n.Description, string(n.Status), n.Safety.Threats, n.Safety.Mitigations, n.Safety.EmergencyContacts,
				n.Safety.CheckIn, n.Outcome}, seriesColumns(&n)...), n.ID)...).Scan(&n.Version, &created, &n.Origin, &n.UID)
		if err != nil {
			return notFound(err, record.Event, n.ID)
		}
		n.Created = fromMS(created)
		if _, err := tx.ExecContext(ctx, "DELETE FROM event_objectives WHERE event_id = ?", n.ID); err != nil {
			return fmt.Errorf("failed to update event: %w", err)
		}
		return writeEventChildren(ctx, tx, &n)
	})
	if err != nil {
		return err
	}
	*e = n
	return nil
}

func writeEventChildren(ctx context.Context, tx *txn, e *event.Event) error {
	for _, o := range e.Objectives {
		if _, err := tx.ExecContext(ctx, "INSERT INTO event_objectives(event_id, objective) VALUES (?, ?)", e.ID, int(o)); err != nil {
			return fmt.Errorf("failed to save objective: %w", err)
		}
	}
	return index(ctx, tx, record.Event, e.ID, e.Title, e.Location, e.Description, e.Outcome)
}

// Get returns the event with the given ID; the error wraps [ErrNotFound]
// if there is none.
func (r *Events) Get(ctx context.Context, id string) (*event.Event, error) {
	e, err := scanEvent(r.q().QueryRowContext(ctx, "SELECT "+eventColumns+" FROM events e WHERE e.id = ?", id))
	if err != nil {
		return nil, notFound(err, record.Event, id)
	}
	return e, nil
}

// Delete removes the event with its tasks, participants and objectives,
// recording tombstones for the event and its tasks. The error wraps
// [ErrNotFound] for a missing ID.
func (r *Events) Delete(ctx context.Context, id string) error {
	return r.write(ctx, func(tx *txn) error {
		now := r.now()
		overrides, err := queryStrings(ctx, tx, "SELECT id FROM events WHERE series_id = ?", id)
		if err != nil {
			return err
		}
		for _, o := range overrides {
			if err := deleteEvent(ctx, tx, o, now); err != nil {
				return err
			}
		}
		return deleteEvent(ctx, tx, id, now)
	})
}

// deleteEvent removes one event row with its tasks, with tombstones.
func deleteEvent(ctx context.Context, tx *txn, id string, now time.Time) error {
	{
		taskIDs, err := queryStrings(ctx, tx, "SELECT id FROM tasks WHERE event_id = ?", id)
		if err != nil {
			return err
		}
		var origin string
		if err := tx.QueryRowContext(ctx, "DELETE FROM events WHERE id = ? RETURNING origin", id).Scan(&origin); err != nil {
			return notFound(err, record.Event, id)
		}
		for _, tid := range taskIDs {
			if err := tombstone(ctx, tx, record.Task, tid, "", now); err != nil {
				return err
			}
		}
		if err := unindex(ctx, tx, append(taskIDs, id)...); err != nil {
			return err
		}
		return tombstone(ctx, tx, record.Event, id, origin, now)
	}
}

func (f EventFilter) query() (string, []any) {
	var conds []string
	var a []any
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	from := "events e"
	order := "e.start_at, e.id"
	if q := FTSQuery(f.Search); q != "" {
		from = `(SELECT d.id AS hit_id FROM search JOIN search_docs d ON d.doc = search.rowid
			WHERE search MATCH ? AND d.kind = 'event') h JOIN events e ON e.id = h.hit_id`
		a = append(a, q)
	} else if strings.TrimSpace(f.Search) != "" {
		conds = append(conds, "0")
	}
	switch {
	case f.Upcoming && !f.Past:
		// A series is upcoming until its last occurrence ends.
		conds = append(conds, "coalesce(e.series_end, e.end_at, e.start_at) >= ?")
		a = append(a, ms(now))
	case f.Past && !f.Upcoming:
		// A series is past once its first occurrence has begun.
		conds = append(conds, "CASE WHEN e.rrule <> '' THEN e.start_at < ? ELSE coalesce(e.end_at, e.start_at) < ? END")
		a = append(a, ms(now), ms(now))
		order = "e.start_at DESC, e.id"
	}
	if f.Status != "" {
		conds = append(conds, "e.status = ?")
		a = append(a, string(f.Status))
	}
	q := "SELECT " + eventColumns + " FROM " + from
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY " + order
	if f.Limit > 0 || f.Offset > 0 {
		limit := f.Limit
		if limit <= 0 {
			limit = -1
		}
		q += " LIMIT ? OFFSET ?"
		a = append(a, limit, max(f.Offset, 0))
	}
	return q, a
}

// List returns the events matching f, ordered by start time (most recent
// first for Past).
func (r *Events) List(ctx context.Context, f EventFilter) ([]*event.Event, error) {
	q, args := f.query()
	rows, err := r.q().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("failed to list events: %w", err)
	}
	defer rows.Close()
	var out []*event.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ForContact returns the events the contact takes part in, by start time.
func (r *Events) ForContact(ctx context.Context, contactID string) ([]*event.Event, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+eventColumns+` FROM events e
		WHERE e.id IN (SELECT event_id FROM participants WHERE contact_id = ?) ORDER BY e.start_at, e.id`, contactID)
	if err != nil {
		return nil, fmt.Errorf("failed to list events: %w", err)
	}
	defer rows.Close()
	var out []*event.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Tasks is the task repository.
type Tasks struct{ repo }

// Tasks returns the task repository.
func (s *Store) Tasks() *Tasks { return &Tasks{repo{s: s}} }

// Tasks returns the task repository bound to the transaction.
func (t *Tx) Tasks() *Tasks { return &Tasks{repo{s: t.s, tx: t.tx}} }

const taskColumns = "id, created, updated, origin, version, event_id, title, assignee_id, due, done, notes, position, occurrence"

func scanTask(sc interface{ Scan(...any) error }) (*event.Task, error) {
	var t event.Task
	var created, updated int64
	var assignee sql.NullString
	var due string
	var occ sql.NullInt64
	if err := sc.Scan(&t.ID, &created, &updated, &t.Origin, &t.Version, &t.EventID, &t.Title, &assignee, &due,
		&t.Done, &t.Notes, &t.Position, &occ); err != nil {
		return nil, err
	}
	if occ.Valid {
		t.Occurrence = fromMS(occ.Int64)
	}
	t.Created, t.Updated, t.AssigneeID = fromMS(created), fromMS(updated), assignee.String
	var err error
	if t.Due, err = date.Parse(due); err != nil {
		return nil, fmt.Errorf("task %s: %w", t.ID, err)
	}
	return &t, nil
}

func (r *Tasks) list(ctx context.Context, where string, args ...any) ([]*event.Task, error) {
	rows, err := r.q().QueryContext(ctx, "SELECT "+taskColumns+" FROM tasks "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("failed to list tasks: %w", err)
	}
	defer rows.Close()
	var out []*event.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list tasks: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Add validates t and inserts it with a new ID, timestamps and version 1.
// The event (and assignee, if any) must exist.
func (r *Tasks) Add(ctx context.Context, t *event.Task) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	now := r.now()
	n := *t
	n.ID, n.Created, n.Updated, n.Version = uuid.NewString(), now, now, 1
	err := r.write(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tasks(`+taskColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.ID, ms(n.Created), ms(n.Updated), n.Origin, n.Version, n.EventID, n.Title, nullStr(n.AssigneeID),
			n.Due.String(), n.Done, n.Notes, n.Position, nullMS(n.Occurrence))
		if err != nil {
			return fmt.Errorf("failed to add task: %w", err)
		}
		return index(ctx, tx, record.Task, n.ID, n.Title, n.Notes)
	})
	if err != nil {
		return err
	}
	*t = n
	return nil
}

// Update validates t and replaces the stored task with the same ID,
// incrementing its version.
func (r *Tasks) Update(ctx context.Context, t *event.Task) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	n := *t
	n.Updated = r.now()
	err := r.write(ctx, func(tx *txn) error {
		var created int64
		err := tx.QueryRowContext(ctx, `UPDATE tasks SET updated = ?, version = version + 1, event_id = ?, title = ?,
			assignee_id = ?, due = ?, done = ?, notes = ?, position = ?, occurrence = ? WHERE id = ? RETURNING version, created, origin`,
			ms(n.Updated), n.EventID, n.Title, nullStr(n.AssigneeID), n.Due.String(), n.Done, n.Notes, n.Position,
			nullMS(n.Occurrence), n.ID).
			Scan(&n.Version, &created, &n.Origin)
		if err != nil {
			return notFound(err, record.Task, n.ID)
		}
		n.Created = fromMS(created)
		return index(ctx, tx, record.Task, n.ID, n.Title, n.Notes)
	})
	if err != nil {
		return err
	}
	*t = n
	return nil
}

// SetDone marks the task done or not done.
func (r *Tasks) SetDone(ctx context.Context, id string, done bool) error {
	return r.write(ctx, func(tx *txn) error {
		var v int64
		err := tx.QueryRowContext(ctx, "UPDATE tasks SET done = ?, updated = ?, version = version + 1 WHERE id = ? RETURNING version",
			done, ms(r.now()), id).Scan(&v)
		if err != nil {
			return notFound(err, record.Task, id)
		}
		return nil
	})
}

// Get returns the task with the given ID; the error wraps [ErrNotFound].
func (r *Tasks) Get(ctx context.Context, id string) (*event.Task, error) {
	t, err := scanTask(r.q().QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks WHERE id = ?", id))
	if err != nil {
		return nil, notFound(err, record.Task, id)
	}
	return t, nil
}

// Delete removes the task and records a tombstone.
func (r *Tasks) Delete(ctx context.Context, id string) error {
	return r.write(ctx, func(tx *txn) error {
		var origin string
		if err := tx.QueryRowContext(ctx, "DELETE FROM tasks WHERE id = ? RETURNING origin", id).Scan(&origin); err != nil {
			return notFound(err, record.Task, id)
		}
		if err := unindex(ctx, tx, id); err != nil {
			return err
		}
		return tombstone(ctx, tx, record.Task, id, origin, r.now())
	})
}

// ListForEvent returns the event's tasks ordered by position.
func (r *Tasks) ListForEvent(ctx context.Context, eventID string) ([]*event.Task, error) {
	return r.list(ctx, "WHERE event_id = ? ORDER BY position, created, id", eventID)
}

// Open returns all tasks not done: dated ones by due date first, then
// undated ones. limit ≤ 0 means no limit.
func (r *Tasks) Open(ctx context.Context, limit int) ([]*event.Task, error) {
	if limit <= 0 {
		limit = -1
	}
	return r.list(ctx, "WHERE done = 0 ORDER BY due = '', due, position, id LIMIT ?", limit)
}

// Overdue returns tasks not done whose due date is before the date of now
// (in now's location) and whose event is still open at now (see
// [OpenEventSQL]), earliest first.
func (r *Tasks) Overdue(ctx context.Context, now time.Time) ([]*event.Task, error) {
	return r.list(ctx, "WHERE done = 0 AND due <> '' AND due < ? AND "+OpenEventSQL+" ORDER BY due, position, id",
		date.Of(now).String(), ms(now))
}

// ForAssignee returns the tasks assigned to the contact, open ones first.
func (r *Tasks) ForAssignee(ctx context.Context, contactID string) ([]*event.Task, error) {
	return r.list(ctx, "WHERE assignee_id = ? ORDER BY done, due = '', due, id", contactID)
}

// Participants is the repository of event participants. Changing the
// participants of an event counts as a change of the event: its version
// is incremented.
type Participants struct{ repo }

// Participants returns the participant repository.
func (s *Store) Participants() *Participants { return &Participants{repo{s: s}} }

// Participants returns the participant repository bound to the transaction.
func (t *Tx) Participants() *Participants { return &Participants{repo{s: t.s, tx: t.tx}} }

func bumpEvent(ctx context.Context, tx *txn, id string, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE events SET version = version + 1, updated = ? WHERE id = ?", ms(now), id)
	if err != nil {
		return fmt.Errorf("failed to update event %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("event %q: %w", id, ErrNotFound)
	}
	return nil
}

// Set adds the contact to the event or changes its role.
func (r *Participants) Set(ctx context.Context, p event.Participant) error {
	p.Role = strings.TrimSpace(p.Role)
	if err := p.Validate(); err != nil {
		return err
	}
	return r.write(ctx, func(tx *txn) error {
		if err := bumpEvent(ctx, tx, p.EventID, r.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO participants(event_id, contact_id, role) VALUES (?, ?, ?)
			ON CONFLICT(event_id, contact_id) DO UPDATE SET role = excluded.role`, p.EventID, p.ContactID, p.Role)
		if err != nil {
			return fmt.Errorf("failed to add participant: %w", err)
		}
		return nil
	})
}

// Remove takes the contact off the event; the error wraps [ErrNotFound]
// if it was not a participant.
func (r *Participants) Remove(ctx context.Context, eventID, contactID string) error {
	return r.write(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM participants WHERE event_id = ? AND contact_id = ?", eventID, contactID)
		if err != nil {
			return fmt.Errorf("failed to remove participant: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("participant %s in event %s: %w", contactID, eventID, ErrNotFound)
		}
		return bumpEvent(ctx, tx, eventID, r.now())
	})
}

// ParticipantDetail is a participant with the contact's name.
type ParticipantDetail struct {
	event.Participant
	Name string
}

// ListForEvent returns the event's participants ordered by contact name.
func (r *Participants) ListForEvent(ctx context.Context, eventID string) ([]ParticipantDetail, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT p.event_id, p.contact_id, p.role, c.name FROM participants p
		JOIN contacts c ON c.id = p.contact_id WHERE p.event_id = ? ORDER BY c.name COLLATE NOCASE, c.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("failed to list participants: %w", err)
	}
	defer rows.Close()
	var out []ParticipantDetail
	for rows.Next() {
		var p ParticipantDetail
		if err := rows.Scan(&p.EventID, &p.ContactID, &p.Role, &p.Name); err != nil {
			return nil, fmt.Errorf("failed to list participants: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
