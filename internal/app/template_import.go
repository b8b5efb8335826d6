package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Importing a template file lets a translator or an organizer load a
// campaign template without a new release of the app (docs/templates.md,
// "Load your own template"). The file is read with a size limit
// ([ReadTemplateFile]), parsed ([CheckTemplateFile]: every problem
// refuses it), linted (what would keep it from shipping with the app is
// only a warning) and saved as a saved template ([ImportTemplate]), the
// same storage as "Save as template".

// MaxListedProblems is how many problems of a template file are listed
// to the user; the rest are only counted (see [ListProblems]), so a
// hostile file with a hundred thousand of them fills no more than a page.
const MaxListedProblems = 50

// ErrTemplateExists is returned by [ImportTemplate] when a saved template
// has the imported template's ID and replacing it was not confirmed.
var ErrTemplateExists = errors.New("a saved template has the same id")

// ReadTemplateFile reads a template file from r with [campaign.ReadFile]:
// at most one byte more than [campaign.MaxSize], so a huge file costs no
// more than that. A larger file gives an error wrapping
// [campaign.ErrTooLarge].
// Any other failure to read wraps [ErrTemplateUnreadable].
func ReadTemplateFile(r io.Reader) ([]byte, error) {
	data, err := campaign.ReadFile(r)
	if err != nil && !errors.Is(err, campaign.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", ErrTemplateUnreadable, err)
	}
	return data, err
}

// ErrTemplateUnreadable means a template file could not be read (not
// that it was too large or malformed).
var ErrTemplateUnreadable = errors.New("template file unreadable")

// TemplateImport is a template file that parsed, ready to be saved.
type TemplateImport struct {
	// Name is the file name, as given to [CheckTemplateFile].
	Name     string
	Template *campaign.Template
	// Lint lists what would keep the template from shipping with the app
	// ([campaign.Lint]), in file order; it is imported anyway unless the
	// user asks for strictness.
	Lint campaign.Errors
	// SameAsBuiltin reports that a built-in template has the same ID.
	// The import is kept apart from it, as a saved template.
	SameAsBuiltin bool
	// Replaces is the saved template with the same ID, which importing
	// replaces once the user confirms, or nil. Only
	// [Session.PrepareTemplateImport] sets it.
	Replaces *campaign.Record

	body string
}

// CheckTemplateFile parses and lints a template file without a vault.
// A file that does not parse gives the [campaign.Errors] of every
// problem found.
func CheckTemplateFile(name string, data []byte) (*TemplateImport, error) {
	t, err := campaign.Parse(name, data)
	if err != nil {
		return nil, err
	}
	imp := &TemplateImport{Name: name, Template: t, body: string(data)}
	if err := campaign.Lint(t); err != nil && !errors.As(err, &imp.Lint) {
		return nil, err
	}
	slices.SortStableFunc(imp.Lint, func(a, b *campaign.ParseError) int { return a.Line - b.Line })
	// Built-in IDs are the same in every language.
	builtin, err := campaign.Builtin("en")
	if err != nil {
		return nil, err
	}
	imp.SameAsBuiltin = campaign.Find(builtin, t.ID) != nil
	return imp, nil
}

// PrepareTemplateImport checks a template file as [CheckTemplateFile]
// does and finds the saved template it would replace.
func (s *Session) PrepareTemplateImport(ctx context.Context, name string, data []byte) (*TemplateImport, error) {
	return prepareTemplateImport(ctx, s.store, name, data)
}

// prepareTemplateImport is [Session.PrepareTemplateImport] on a store.
func prepareTemplateImport(ctx context.Context, st *store.Store, name string, data []byte) (*TemplateImport, error) {
	imp, err := CheckTemplateFile(name, data)
	if err != nil {
		return nil, err
	}
	if imp.Replaces, err = savedTemplateWithID(ctx, st, imp.Template.ID); err != nil {
		return nil, err
	}
	return imp, nil
}

// ImportTemplate saves the template of imp in the vault, named after its
// title, with the file's text as it was. When a saved template has its
// ID, it is replaced in place (same record ID) only if replace is set
// and it is still the one in imp.Replaces; otherwise the error wraps
// [ErrTemplateExists] and nothing changes, so a template is never
// overwritten without the user's word. It returns the stored record and
// marks the session changed.
func (s *Session) ImportTemplate(ctx context.Context, imp *TemplateImport, replace bool) (*campaign.Record, error) {
	rec, err := importTemplate(ctx, s.store, imp, replace)
	return rec, s.changedAfter(err)
}

// importTemplate is [Session.ImportTemplate] on a store.
func importTemplate(ctx context.Context, st *store.Store, imp *TemplateImport, replace bool) (*campaign.Record, error) {
	existing, err := savedTemplateWithID(ctx, st, imp.Template.ID)
	if err != nil {
		return nil, err
	}
	rec := &campaign.Record{Name: imp.Template.Title, Body: imp.body}
	switch {
	case existing == nil:
		err = st.Templates().Add(ctx, rec)
	case !replace || imp.Replaces == nil || imp.Replaces.ID != existing.ID:
		return nil, fmt.Errorf("template %q: %w", imp.Template.ID, ErrTemplateExists)
	default:
		rec.ID = existing.ID
		err = st.Templates().Update(ctx, rec)
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// savedTemplateWithID returns the first saved template (by name) whose
// template ID is id, or nil. Saved templates that no longer parse are
// passed over.
func savedTemplateWithID(ctx context.Context, st *store.Store, id string) (*campaign.Record, error) {
	saved, err := st.Templates().List(ctx)
	if err != nil {
		return nil, err
	}
	for _, rec := range saved {
		if t, err := rec.Template(); err == nil && t.ID == id {
			return rec, nil
		}
	}
	return nil, nil
}

// ListProblems returns the first [MaxListedProblems] problems of err (a
// [campaign.Errors], or an error wrapping one) and how many more there
// are; nil and 0 for other errors.
func ListProblems(err error) (shown campaign.Errors, more int) {
	var es campaign.Errors
	if !errors.As(err, &es) {
		return nil, 0
	}
	if len(es) > MaxListedProblems {
		return es[:MaxListedProblems], len(es) - MaxListedProblems
	}
	return es, 0
}
