package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/store"
)

// CreateEventFromTemplate plans an event from t on day in the IANA zone
// (see [campaign.InstantiateWith]) and stores it with its tasks in one
// transaction: either all of it is saved or nothing is. The suggested
// tutorials are listed under heading (the interface language's words)
// with their titles in lang, as the vault holds them. It returns the new
// event's ID and marks the session changed.
func (s *Session) CreateEventFromTemplate(ctx context.Context, t *campaign.Template, day date.Date, zone, lang, heading string) (eventID string, err error) {
	eventID, err = createEventFromTemplate(ctx, s.store, t, day, zone, lang, heading)
	return eventID, s.changedAfter(err)
}

// createEventFromTemplate is [Session.CreateEventFromTemplate] on a
// store.
func createEventFromTemplate(ctx context.Context, st *store.Store, t *campaign.Template, day date.Date, zone, lang, heading string) (eventID string, err error) {
	e, tasks, err := campaign.InstantiateWith(t, day, zone, campaign.Wording{Heading: heading, Title: tutorialTitles(ctx, st, lang)})
	if err != nil {
		return "", err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Events().Add(ctx, e); err != nil {
			return err
		}
		for _, task := range tasks {
			task.EventID = e.ID
			if err := tx.Tasks().Add(ctx, task); err != nil {
				return fmt.Errorf("task %q: %w", task.Title, err)
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return e.ID, nil
}

// SaveEventAsTemplate turns the stored event and its tasks into a
// template named name (see [campaign.FromEvent]) and saves it in the
// vault. It returns the saved record and marks the session changed.
func (s *Session) SaveEventAsTemplate(ctx context.Context, eventID, name string) (*campaign.Record, error) {
	rec, err := saveEventAsTemplate(ctx, s.store, eventID, name)
	return rec, s.changedAfter(err)
}

// saveEventAsTemplate is [Session.SaveEventAsTemplate] on a store.
func saveEventAsTemplate(ctx context.Context, st *store.Store, eventID, name string) (*campaign.Record, error) {
	e, err := st.Events().Get(ctx, eventID)
	if err != nil {
		return nil, err
	}
	tasks, err := st.Tasks().ListForEvent(ctx, eventID)
	if err != nil {
		return nil, err
	}
	t := campaign.FromEvent(e, tasks)
	if name = strings.TrimSpace(name); name != "" {
		t.Title = name
	}
	rec, err := campaign.NewRecord(t)
	if err != nil {
		return nil, err
	}
	if err := st.Templates().Add(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// TemplateChoice is a template offered to the user: a built-in one or
// one saved in the vault.
type TemplateChoice struct {
	Template *campaign.Template
	// RecordID is the ID of the saved template, "" for a built-in.
	RecordID string
}

// Builtin reports whether the template ships with the app.
func (c TemplateChoice) Builtin() bool { return c.RecordID == "" }

// TemplateChoices lists the built-in templates in lang (English where not
// translated), then the saved ones by name. A saved template that no
// longer parses (written by a newer version, or damaged) is skipped and
// counted in skipped.
func (s *Session) TemplateChoices(ctx context.Context, lang string) (choices []TemplateChoice, skipped int, err error) {
	return templateChoices(ctx, s.store, lang)
}

// templateChoices is [Session.TemplateChoices] on a store.
func templateChoices(ctx context.Context, st *store.Store, lang string) (choices []TemplateChoice, skipped int, err error) {
	builtin, err := campaign.Builtin(lang)
	if err != nil {
		return nil, 0, err
	}
	for _, t := range builtin {
		choices = append(choices, TemplateChoice{Template: t})
	}
	saved, err := st.Templates().List(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, rec := range saved {
		t, err := rec.Template()
		if err != nil {
			skipped++
			continue
		}
		t.Title = rec.Name
		choices = append(choices, TemplateChoice{Template: t, RecordID: rec.ID})
	}
	return choices, skipped, nil
}

// tutorialTitles returns the titles of the vault's tutorials in lang (in
// English where lang has none), by ID.
func tutorialTitles(ctx context.Context, st *store.Store, lang string) func(id string) string {
	titles := map[string]string{}
	for _, l := range []string{"en", lang} {
		list, err := st.Tutorials().List(ctx, l)
		if err != nil {
			continue
		}
		for _, t := range list {
			titles[t.Slug] = t.Title
		}
	}
	return func(id string) string { return titles[id] }
}

// SavedTemplate returns the saved template whose record ID is or starts
// with prefix. The error wraps [store.ErrNotFound], [store.ErrAmbiguous]
// or [store.ErrPrefixTooShort].
func (s *Session) SavedTemplate(ctx context.Context, prefix string) (*campaign.Record, error) {
	id, err := s.store.Templates().Resolve(ctx, prefix)
	if err != nil {
		return nil, err
	}
	return s.store.Templates().Get(ctx, id)
}

// DeleteTemplate deletes the saved template with the given record ID and
// marks the session changed. The error wraps [store.ErrNotFound] if there
// is none.
func (s *Session) DeleteTemplate(ctx context.Context, id string) error {
	return s.changedAfter(s.store.Templates().Delete(ctx, id))
}
