// Package event defines campaign events, their tasks and participants,
// with validation rules. It does no I/O.
package event

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/validate"
)

// Kind is the type of an event.
type Kind string

// Event kinds.
const (
	KindMeeting  Kind = "meeting"
	KindWorkshop Kind = "workshop"
	KindPublic   Kind = "public"
	KindPress    Kind = "press"
	KindPolicy   Kind = "policy"
	KindOnline   Kind = "online"
	KindOther    Kind = "other"
)

// Kinds lists all event kinds.
var Kinds = []Kind{KindMeeting, KindWorkshop, KindPublic, KindPress, KindPolicy, KindOnline, KindOther}

// Status is the planning state of an event.
type Status string

// Event statuses.
const (
	StatusIdea      Status = "idea"
	StatusPlanned   Status = "planned"
	StatusConfirmed Status = "confirmed"
	StatusDone      Status = "done"
	StatusCancelled Status = "cancelled"
)

// Statuses lists all statuses in workflow order.
var Statuses = []Status{StatusIdea, StatusPlanned, StatusConfirmed, StatusDone, StatusCancelled}

// Objective is one of the six campaign objectives, numbered 1 to 6. The
// numbers are stable and stored in the database and bundles.
type Objective int

// The six campaign objectives.
const (
	ObjectiveMovement   Objective = 1 + iota // build a global movement of partners
	ObjectiveSwitch                          // get users to make the switch to end-to-end encryption
	ObjectiveOpinion                         // shift public opinion in favour of encryption
	ObjectiveMembers                         // recruit strategic members to the coalition
	ObjectiveSupporters                      // turn supporters in target countries into advocates
	ObjectiveBusinesses                      // businesses commit to end-to-end encryption on the day
)

// Objectives lists all six objectives in order.
var Objectives = []Objective{ObjectiveMovement, ObjectiveSwitch, ObjectiveOpinion, ObjectiveMembers, ObjectiveSupporters, ObjectiveBusinesses}

var objectiveNames = [...]string{
	"",
	"Build a global movement of partners",
	"Get users to make the switch to end-to-end encryption",
	"Shift public opinion in favour of encryption",
	"Recruit strategic members to the coalition",
	"Turn supporters in target countries into advocates",
	"Businesses commit to end-to-end encryption on the day",
}

// Valid reports whether o is one of the six objectives.
func (o Objective) Valid() bool { return o >= ObjectiveMovement && o <= ObjectiveBusinesses }

// String returns the stable English name of o (used in docs and logs; the
// UI translates by number).
func (o Objective) String() string {
	if !o.Valid() {
		return "Objective(" + strconv.Itoa(int(o)) + ")"
	}
	return objectiveNames[o]
}

// Field length limits, in characters.
const (
	MaxTitle    = 200
	MaxLocation = 500
	MaxText     = 20000 // description, outcome, notes, safety fields
	MaxRole     = 100
	MaxUID      = 255 // an imported calendar UID
)

// SafetyPlan records how the people at an event stay safe.
type SafetyPlan struct {
	Threats           string `json:"threats,omitempty"`
	Mitigations       string `json:"mitigations,omitempty"`
	EmergencyContacts string `json:"emergency_contacts,omitempty"`
	CheckIn           string `json:"check_in,omitempty"`
}

// Event is a campaign event.
type Event struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Origin  string    `json:"origin,omitempty"`
	Version int64     `json:"version"`

	Title string `json:"title"`
	Kind  Kind   `json:"kind"`
	// Start is the instant the event begins (required).
	Start time.Time `json:"start"`
	// End is the instant it ends; the zero time means unknown.
	End time.Time `json:"end"`
	// TimeZone is the IANA zone the event is planned in, e.g. "Europe/Berlin".
	TimeZone    string      `json:"time_zone"`
	Location    string      `json:"location,omitempty"`
	Online      bool        `json:"online"`
	Description string      `json:"description,omitempty"`
	Objectives  []Objective `json:"objectives,omitempty"`
	Status      Status      `json:"status"`
	Safety      SafetyPlan  `json:"safety"`
	Outcome     string      `json:"outcome,omitempty"`
	// UID is the event's UID in the calendar file it was imported from
	// (RFC 5545), written again when it is exported; "" for events made
	// in Safehouse, whose UID comes from their ID.
	UID string `json:"uid,omitempty"`
	// Repeat makes the event a series (see [Repeat]); nil when it
	// happens once.
	Repeat *Repeat `json:"repeat,omitempty"`
	// SeriesID is set on a changed occurrence of a series: the ID of the
	// series. RecurrenceID is then the start the series' rule gives the
	// occurrence it replaces (RFC 5545 RECURRENCE-ID).
	SeriesID     string    `json:"series_id,omitempty"`
	RecurrenceID time.Time `json:"recurrence_id,omitzero"`
}

// Normalize trims text, sorts and deduplicates objectives, and fills the
// defaults: kind other, status planned, zone UTC.
func (e *Event) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.Location = strings.TrimSpace(e.Location)
	e.Description = strings.TrimSpace(e.Description)
	e.Outcome = strings.TrimSpace(e.Outcome)
	e.UID = strings.TrimSpace(e.UID)
	e.TimeZone = strings.TrimSpace(e.TimeZone)
	e.Safety.Threats = strings.TrimSpace(e.Safety.Threats)
	e.Safety.Mitigations = strings.TrimSpace(e.Safety.Mitigations)
	e.Safety.EmergencyContacts = strings.TrimSpace(e.Safety.EmergencyContacts)
	e.Safety.CheckIn = strings.TrimSpace(e.Safety.CheckIn)
	if e.Kind == "" {
		e.Kind = KindOther
	}
	if e.Status == "" {
		e.Status = StatusPlanned
	}
	if e.TimeZone == "" {
		e.TimeZone = "UTC"
	}
	e.SeriesID = strings.TrimSpace(e.SeriesID)
	if e.Repeat != nil {
		e.Repeat.normalize()
	}
	if !e.RecurrenceID.IsZero() {
		e.RecurrenceID = e.RecurrenceID.UTC().Truncate(time.Millisecond)
	}
	slices.Sort(e.Objectives)
	e.Objectives = slices.Compact(e.Objectives)
	if len(e.Objectives) == 0 {
		e.Objectives = nil
	}
}

// Validate checks e and returns nil or a [validate.Errors].
func (e *Event) Validate() error {
	var es validate.Errors
	if strings.TrimSpace(e.Title) == "" {
		es.Add("title", validate.CodeTitleRequired, nil)
	}
	es.MaxLen("title", e.Title, MaxTitle)
	es.MaxLen("location", e.Location, MaxLocation)
	es.MaxLen("description", e.Description, MaxText)
	es.MaxLen("outcome", e.Outcome, MaxText)
	es.MaxLen("uid", e.UID, MaxUID)
	if strings.ContainsFunc(e.UID, unicode.IsControl) {
		es.Add("uid", validate.CodeInvalid, map[string]any{"value": e.UID})
	}
	es.MaxLen("safety.threats", e.Safety.Threats, MaxText)
	es.MaxLen("safety.mitigations", e.Safety.Mitigations, MaxText)
	es.MaxLen("safety.emergency_contacts", e.Safety.EmergencyContacts, MaxText)
	es.MaxLen("safety.check_in", e.Safety.CheckIn, MaxText)
	if !slices.Contains(Kinds, e.Kind) {
		es.Add("kind", validate.CodeKindInvalid, map[string]any{"value": string(e.Kind)})
	}
	if !slices.Contains(Statuses, e.Status) {
		es.Add("status", validate.CodeStatusInvalid, map[string]any{"value": string(e.Status)})
	}
	if e.Start.IsZero() {
		es.Add("start", validate.CodeStartRequired, nil)
	}
	if !e.End.IsZero() && e.End.Before(e.Start) {
		es.Add("end", validate.CodeEndBeforeStart, nil)
	}
	if _, err := loadZone(e.TimeZone); err != nil {
		es.Add("time_zone", validate.CodeTimeZoneInvalid, map[string]any{"value": e.TimeZone})
	}
	for _, o := range e.Objectives {
		if !o.Valid() {
			es.Add("objectives", validate.CodeObjectiveInvalid, map[string]any{"value": int(o)})
		}
	}
	e.validateRepeat(func(field, code string, args map[string]any) { es.Add(field, code, args) })
	return es.Err()
}

// Closed reports whether the event is behind us at now: done, cancelled,
// or over (it ended, or without an end it started, before now). The open
// tasks of a closed event are history, not work to do: they are never
// counted or marked as overdue or due soon.
func (e *Event) Closed(now time.Time) bool {
	if e.Status == StatusDone || e.Status == StatusCancelled {
		return true
	}
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	return end.Before(now)
}

// Zone returns the event's time zone as a location, or UTC if it is invalid.
func (e *Event) Zone() *time.Location {
	loc, err := loadZone(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// loadZone is time.LoadLocation, refusing "Local" (which depends on the
// machine, not on the event) and empty names other than the default.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" || strings.ContainsAny(name, "\\") || strings.Contains(name, "..") {
		return nil, fmt.Errorf("invalid time zone %q", name)
	}
	return time.LoadLocation(name)
}

// ErrBadTime is returned (wrapped) by [ParseLocal] for unparseable input.
var ErrBadTime = errors.New("invalid date or time")

var localLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseLocal parses s as a wall-clock time in the IANA zone (e.g.
// "2027-10-21T10:00" in "Europe/Berlin"). It also accepts "YYYY-MM-DD HH:MM",
// seconds, a date alone (midnight in zone) and RFC 3339 instants, whose own
// offset wins over zone. An empty zone means UTC. A time in an hour the
// clocks repeat or skip is read as [ParseLocalAdjusted] says.
func ParseLocal(s, zone string) (time.Time, error) {
	t, _, err := ParseLocalAdjusted(s, zone)
	return t, err
}

// Task is a to-do item belonging to an event.
type Task struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Origin  string    `json:"origin,omitempty"`
	Version int64     `json:"version"`

	EventID string `json:"event_id"`
	Title   string `json:"title"`
	// AssigneeID is the ID of the contact doing the task, or "".
	AssigneeID string    `json:"assignee_id,omitempty"`
	Due        date.Date `json:"due"`
	Done       bool      `json:"done"`
	Notes      string    `json:"notes,omitempty"`
	// Position orders the tasks of an event (ascending).
	Position int `json:"position"`
	// Occurrence is, for a task of one occurrence of a repeating event,
	// that occurrence's original start (see [Occurrence.Original]); zero
	// for a task of the whole event or series.
	Occurrence time.Time `json:"occurrence,omitzero"`
}

// Normalize trims the task's text fields.
func (t *Task) Normalize() {
	t.Title = strings.TrimSpace(t.Title)
	t.Notes = strings.TrimSpace(t.Notes)
	t.EventID = strings.TrimSpace(t.EventID)
	t.AssigneeID = strings.TrimSpace(t.AssigneeID)
}

// Validate checks t and returns nil or a [validate.Errors].
func (t *Task) Validate() error {
	var es validate.Errors
	if strings.TrimSpace(t.Title) == "" {
		es.Add("title", validate.CodeTitleRequired, nil)
	}
	if t.EventID == "" {
		es.Add("event_id", validate.CodeRequired, nil)
	}
	es.MaxLen("title", t.Title, MaxTitle)
	es.MaxLen("notes", t.Notes, MaxText)
	return es.Err()
}

// Participant links a contact to an event with a free-text role.
type Participant struct {
	EventID   string `json:"event_id"`
	ContactID string `json:"contact_id"`
	// Role is what the contact does at the event, e.g. "speaker".
	Role string `json:"role,omitempty"`
}

// Validate checks p and returns nil or a [validate.Errors].
func (p *Participant) Validate() error {
	var es validate.Errors
	if p.EventID == "" {
		es.Add("event_id", validate.CodeRequired, nil)
	}
	if p.ContactID == "" {
		es.Add("contact_id", validate.CodeRequired, nil)
	}
	es.MaxLen("role", p.Role, MaxRole)
	return es.Err()
}
