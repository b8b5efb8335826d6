package cli

import (
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// The --json output. These views are the CLI's stable contract (documented
// in docs/cli.md): they are defined here, apart from the domain types, so
// a change inside the store never silently changes what scripts read.
// Lists are never null (an empty list is []); absent dates and IDs are
// null; instants are RFC 3339 in UTC.

type channelJSON struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Label string `json:"label"`
}

type contactJSON struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Kind         string        `json:"kind"`
	Organization string        `json:"organization"`
	Role         string        `json:"role"`
	Country      string        `json:"country"`
	Languages    []string      `json:"languages"`
	Channels     []channelJSON `json:"channels"`
	Tags         []string      `json:"tags"`
	Stage        string        `json:"stage"`
	Trust        string        `json:"trust"`
	Consent      string        `json:"consent"`
	FollowUp     *string       `json:"follow_up"`
	Notes        string        `json:"notes"`
	Created      time.Time     `json:"created"`
	Updated      time.Time     `json:"updated"`
	Origin       string        `json:"origin"`
	From         *fromJSON     `json:"from"`
	Version      int64         `json:"version"`
}

func contactView(c *contact.Contact) contactJSON {
	chans := make([]channelJSON, len(c.Channels))
	for i, ch := range c.Channels {
		chans[i] = channelJSON{Type: string(ch.Type), Value: ch.Value, Label: ch.Label}
	}
	return contactJSON{
		ID: c.ID, Name: c.Name, Kind: string(c.Kind), Organization: c.Organization, Role: c.Role,
		Country: c.Country, Languages: nonNil(c.Languages), Channels: chans, Tags: nonNil(c.Tags),
		Stage: string(c.Stage), Trust: string(c.Trust), Consent: c.Consent, FollowUp: dateJSON(c.FollowUp),
		Notes: c.Notes, Created: c.Created.UTC(), Updated: c.Updated.UTC(), Origin: c.Origin, Version: c.Version,
	}
}

type safetyPlanJSON struct {
	Threats           string `json:"threats"`
	Mitigations       string `json:"mitigations"`
	EmergencyContacts string `json:"emergency_contacts"`
	CheckIn           string `json:"check_in"`
}

type eventJSON struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Start       time.Time      `json:"start"`
	End         *time.Time     `json:"end"`
	TimeZone    string         `json:"time_zone"`
	Location    string         `json:"location"`
	Online      bool           `json:"online"`
	Description string         `json:"description"`
	Objectives  []int          `json:"objectives"`
	Status      string         `json:"status"`
	SafetyPlan  safetyPlanJSON `json:"safety_plan"`
	Outcome     string         `json:"outcome"`
	Created     time.Time      `json:"created"`
	Updated     time.Time      `json:"updated"`
	Origin      string         `json:"origin"`
	From        *fromJSON      `json:"from"`
	Version     int64          `json:"version"`
	// Repeat is the RRULE of a repeating event (see docs/cli.md).
	Repeat *event.Repeat `json:"repeat,omitempty"`
	// SeriesID and OccurrenceOf are set, by event list, on one date of a
	// repeating event: the series' ID and the date's original start.
	SeriesID     string     `json:"series_id,omitempty"`
	OccurrenceOf *time.Time `json:"occurrence_of,omitempty"`
	// Tasks and Participants are filled by event show only.
	Tasks        []taskJSON        `json:"tasks,omitempty"`
	Participants []participantJSON `json:"participants,omitempty"`
}

func eventView(e *event.Event) eventJSON {
	objs := make([]int, len(e.Objectives))
	for i, o := range e.Objectives {
		objs[i] = int(o)
	}
	v := eventJSON{
		ID: e.ID, Title: e.Title, Kind: string(e.Kind), Start: e.Start.UTC(), TimeZone: e.TimeZone,
		Location: e.Location, Online: e.Online, Description: e.Description, Objectives: objs,
		Status: string(e.Status), Outcome: e.Outcome, Created: e.Created.UTC(), Updated: e.Updated.UTC(),
		Origin: e.Origin, Version: e.Version, Repeat: e.Repeat,
		SafetyPlan: safetyPlanJSON{
			Threats: e.Safety.Threats, Mitigations: e.Safety.Mitigations,
			EmergencyContacts: e.Safety.EmergencyContacts, CheckIn: e.Safety.CheckIn,
		},
	}
	if !e.End.IsZero() {
		end := e.End.UTC()
		v.End = &end
	}
	return v
}

type taskJSON struct {
	ID         string  `json:"id"`
	EventID    string  `json:"event_id"`
	Title      string  `json:"title"`
	AssigneeID *string `json:"assignee_id"`
	Due        *string `json:"due"`
	Done       bool    `json:"done"`
	Notes      string  `json:"notes"`
}

func taskView(t *event.Task) taskJSON {
	v := taskJSON{ID: t.ID, EventID: t.EventID, Title: t.Title, Due: dateJSON(t.Due), Done: t.Done, Notes: t.Notes}
	if t.AssigneeID != "" {
		a := t.AssigneeID
		v.AssigneeID = &a
	}
	return v
}

type participantJSON struct {
	ContactID string `json:"contact_id"`
	Name      string `json:"name"`
	Role      string `json:"role"`
}

type progressJSON struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

type tutorialJSON struct {
	ID       string       `json:"id"`
	Slug     string       `json:"slug"`
	Language string       `json:"language"`
	Title    string       `json:"title"`
	Summary  string       `json:"summary"`
	Version  int          `json:"version"`
	Source   string       `json:"source"`
	Origin   string       `json:"origin"`
	From     *fromJSON    `json:"from"`
	Progress progressJSON `json:"progress"`
}

// fromJSON says who a record came from: the peer whose signed shared file
// brought it (null for records made on this device).
type fromJSON struct {
	Fingerprint string `json:"fingerprint"`
	// Name is the peer's contact name; "" when the key belongs to nobody
	// the user added (any more).
	Name string `json:"name"`
}

// origins maps the fingerprints of peers to their contact names, to say
// who a record came from.
type origins map[string]string

// origins reads the peers of the vault.
func (r *runner) origins(s *app.Session) (origins, error) {
	peers, err := s.Peers(r.ctx)
	if err != nil {
		return nil, err
	}
	o := origins{}
	for _, p := range peers {
		o[p.Fingerprint] = p.Name
	}
	return o, nil
}

// from is the --json view of a record origin.
func (o origins) from(origin string) *fromJSON {
	if origin == "" {
		return nil
	}
	return &fromJSON{Fingerprint: origin, Name: o[origin]}
}

// describe is the human view of a record origin: the peer's name, or a
// note with the start of an unknown fingerprint; "" for records made here.
func (o origins) describe(r *runner, origin string) string {
	if origin == "" {
		return ""
	}
	if name, ok := o[origin]; ok {
		return name
	}
	return r.tr.T("cli.from.unknown", args1("Fingerprint", shortFingerprint(origin)))
}

// shortFingerprint is the first 16 hex digits of a fingerprint, in groups.
func shortFingerprint(fp string) string {
	if len(fp) < 16 {
		return fp
	}
	return fp[0:4] + " " + fp[4:8] + " " + fp[8:12] + " " + fp[12:16] + "…"
}

type hitJSON struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
}

func hitView(h store.Hit) hitJSON {
	return hitJSON{Kind: string(h.Kind), ID: h.ID, Title: h.Title, Snippet: plainSnippet(h.Snippet)}
}

// plainSnippet removes the store's highlight markers.
func plainSnippet(s string) string {
	return strings.NewReplacer(store.HighlightStart, "", store.HighlightEnd, "").Replace(s)
}

func dateJSON(d date.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
