package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/assets"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// DecoyContent is what a decoy vault holds: a small neighbourhood group's
// contacts and events, written for one language (assets/decoy/*.toml).
type DecoyContent struct {
	Contacts []DecoyContact `toml:"contacts"`
	Events   []DecoyEvent   `toml:"events"`
}

// DecoyContact is one contact of a decoy.
type DecoyContact struct {
	Name         string   `toml:"name"`
	Kind         string   `toml:"kind"`
	Role         string   `toml:"role"`
	Organization string   `toml:"organization"`
	Signal       string   `toml:"signal"`
	Tags         []string `toml:"tags"`
	Languages    []string `toml:"languages"`
	Notes        string   `toml:"notes"`
}

// DecoyEvent is one event of a decoy, dated from the day it is made.
type DecoyEvent struct {
	Title       string   `toml:"title"`
	Kind        string   `toml:"kind"`
	Days        int      `toml:"days"`
	Hour        int      `toml:"hour"`
	Hours       int      `toml:"hours"`
	Location    string   `toml:"location"`
	Description string   `toml:"description"`
	Outcome     string   `toml:"outcome"`
	Tasks       []string `toml:"tasks"`
}

// DecoyLanguages lists the languages the decoy is written in.
func DecoyLanguages() []string {
	entries, _ := fs.ReadDir(assets.Decoys, "decoy")
	var out []string
	for _, e := range entries {
		if name := e.Name(); len(name) > 5 && name[len(name)-5:] == ".toml" {
			out = append(out, name[:len(name)-5])
		}
	}
	return out
}

// LoadDecoy reads the decoy content for lang, falling back to English
// when there is none in that language.
func LoadDecoy(lang string) (*DecoyContent, error) {
	data, err := fs.ReadFile(assets.Decoys, "decoy/"+lang+".toml")
	if errors.Is(err, fs.ErrNotExist) {
		data, err = fs.ReadFile(assets.Decoys, "decoy/en.toml")
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read the decoy: %w", err)
	}
	return ParseDecoy(data)
}

// ParseDecoy parses and checks decoy content: unknown keys, unknown kinds,
// an hour outside the day and records that would not validate are refused.
func ParseDecoy(data []byte) (*DecoyContent, error) {
	var c DecoyContent
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err != nil {
		return nil, fmt.Errorf("failed to parse the decoy: %w", err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		return nil, fmt.Errorf("decoy: unknown key %q", undec[0].String())
	}
	if len(c.Contacts) == 0 || len(c.Events) == 0 {
		return nil, errors.New("decoy: it needs contacts and events")
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, dc := range c.Contacts {
		if err := dc.contact().Validate(); err != nil {
			return nil, fmt.Errorf("decoy contact %d: %w", i+1, err)
		}
	}
	for i, de := range c.Events {
		if de.Hour < 0 || de.Hour > 23 || de.Hours < 1 || de.Hours > 12 {
			return nil, fmt.Errorf("decoy event %d: hour %d for %d hours is not a time of day", i+1, de.Hour, de.Hours)
		}
		if err := de.event(now, time.UTC).Validate(); err != nil {
			return nil, fmt.Errorf("decoy event %d: %w", i+1, err)
		}
	}
	return &c, nil
}

func (dc DecoyContact) contact() *contact.Contact {
	c := &contact.Contact{
		Name:         dc.Name,
		Kind:         contact.Kind(dc.Kind),
		Role:         dc.Role,
		Organization: dc.Organization,
		Tags:         dc.Tags,
		Languages:    dc.Languages,
		Notes:        dc.Notes,
		Trust:        contact.TrustKnown,
	}
	if stages := contact.StagesFor(c.Kind); len(stages) > 0 {
		c.Stage = stages[0]
	}
	if dc.Signal != "" {
		c.Channels = []contact.Channel{{Type: contact.ChannelSignal, Value: dc.Signal}}
	}
	c.Normalize()
	return c
}

func (de DecoyEvent) event(now time.Time, loc *time.Location) *event.Event {
	day := date.Of(now.In(loc)).AddDays(de.Days)
	start := time.Date(day.Year, day.Month, day.Day, de.Hour, 0, 0, 0, loc)
	e := &event.Event{
		Title:       de.Title,
		Kind:        event.Kind(de.Kind),
		Start:       start,
		End:         start.Add(time.Duration(de.Hours) * time.Hour),
		TimeZone:    loc.String(),
		Location:    de.Location,
		Description: de.Description,
		Status:      event.StatusPlanned,
	}
	if de.Days < 0 {
		e.Status = event.StatusDone
		e.Outcome = de.Outcome
	}
	return e
}

// Decoy fills s, a fresh vault's database, with the decoy content in lang:
// the contacts, the events dated from now in the zone loc (tasks before
// now done, the rest open) and some progress in the built-in tutorials.
func Decoy(ctx context.Context, s *store.Store, lang string, now time.Time, loc *time.Location) error {
	c, err := LoadDecoy(lang)
	if err != nil {
		return err
	}
	if loc == nil {
		loc = time.UTC
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for i, dc := range c.Contacts {
			ct := dc.contact()
			ct.ID = uuid.NewString()
			// Known for a while, as a group's contacts are.
			ct.Created = now.Add(-time.Duration(40+10*i) * 24 * time.Hour)
			ct.Updated, ct.Version = ct.Created, 1
			if err := tx.Contacts().Put(ctx, ct); err != nil {
				return fmt.Errorf("decoy contact: %w", err)
			}
		}
		for _, de := range c.Events {
			e := de.event(now, loc)
			if err := tx.Events().Add(ctx, e); err != nil {
				return fmt.Errorf("decoy event: %w", err)
			}
			for i, title := range de.Tasks {
				due := date.Of(e.Start.In(loc)).AddDays(i - len(de.Tasks) - 2)
				t := &event.Task{EventID: e.ID, Title: title, Due: due, Position: i,
					Done: de.Days < 0 || due.Before(date.Of(now.In(loc)))}
				if err := tx.Tasks().Add(ctx, t); err != nil {
					return fmt.Errorf("decoy task: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Started reading, as someone who installed it a while ago would have.
	return tickTutorials(ctx, s, lang, map[string]float64{"make-the-switch": 0.5, "advocating-safely": 0.25})
}
