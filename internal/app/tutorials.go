package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// SyncBuiltinTutorials brings the built-in tutorials of the vault up to
// date with the ones shipped in the binary (from [tutorial.LoadBuiltin]):
//
//   - a shipped tutorial missing from the vault is added (source builtin,
//     slug = id, content version = version);
//   - a built-in whose shipped version is newer gets the new title,
//     summary, text, level, minutes, tags and objectives; an older or
//     equal shipped version changes nothing (an older app opening a newer
//     vault does not downgrade it), except that a built-in with none of
//     level, minutes, tags and objectives (synced before the vault kept
//     them) gets those of the same shipped version;
//   - custom and imported tutorials are never touched. If one holds the
//     slug and language of a shipped tutorial, that shipped tutorial is
//     skipped (see [CustomTutorialSlug], which keeps this from happening
//     for tutorials created in this app);
//   - built-ins no longer shipped stay as they are.
//
// Checklist progress is stored per slug and item ID, not per text, so it
// is left alone: after a version bump, the items that still exist keep
// their ticks and the progress of removed items is simply not shown.
//
// All changes happen in one transaction. When nothing needs changing,
// nothing is written (store.Changes stays the same), so calling it after
// every unlock does not mark the vault unsaved.
func SyncBuiltinTutorials(ctx context.Context, st *store.Store, docs []*tutorial.Document) (added, updated int, err error) {
	existing, err := st.Tutorials().List(ctx, "")
	if err != nil {
		return 0, 0, err
	}
	type key struct{ slug, lang string }
	have := make(map[key]*tutorial.Tutorial, len(existing))
	for _, t := range existing {
		have[key{t.Slug, t.Language}] = t
	}
	var adds, updates []*tutorial.Tutorial
	seen := map[key]bool{}
	for _, d := range docs {
		k := key{d.Meta.ID, d.Meta.Language}
		if seen[k] {
			return 0, 0, fmt.Errorf("built-in tutorial %s/%s is shipped twice", k.slug, k.lang)
		}
		seen[k] = true
		cur := have[k]
		switch {
		case cur == nil:
			adds = append(adds, d.Tutorial(tutorial.SourceBuiltin))
		case cur.Source != tutorial.SourceBuiltin:
			// A custom or imported tutorial holds the slug: leave it.
		case d.Meta.Version > cur.ContentVersion:
			n := *cur
			n.Title, n.Summary, n.Body, n.ContentVersion = d.Meta.Title, d.Meta.Summary, d.Body, d.Meta.Version
			setMeta(&n, d)
			updates = append(updates, &n)
		case d.Meta.Version == cur.ContentVersion && (!hasMeta(cur) && hasMeta(d.Tutorial(tutorial.SourceBuiltin)) ||
			!hasSeries(cur) && hasSeries(d.Tutorial(tutorial.SourceBuiltin))):
			// Synced before the vault kept level, minutes, tags and
			// objectives, or series, part and reviewed: fill them in,
			// leaving the text alone.
			n := *cur
			setMeta(&n, d)
			updates = append(updates, &n)
		}
	}
	if len(adds) == 0 && len(updates) == 0 {
		return 0, 0, nil
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, t := range adds {
			if err := tx.Tutorials().Add(ctx, t); err != nil {
				return fmt.Errorf("failed to add built-in tutorial %s/%s: %w", t.Slug, t.Language, err)
			}
		}
		for _, t := range updates {
			if err := tx.Tutorials().Update(ctx, t); err != nil {
				return fmt.Errorf("failed to update built-in tutorial %s/%s: %w", t.Slug, t.Language, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return len(adds), len(updates), nil
}

// hasMeta reports whether t has any of level, minutes, tags and objectives.
func hasMeta(t *tutorial.Tutorial) bool {
	return t.Level != "" || t.Minutes != 0 || len(t.Tags) > 0 || len(t.Objectives) > 0
}

// hasSeries reports whether t has any of series, part and reviewed.
func hasSeries(t *tutorial.Tutorial) bool {
	return t.Series != "" || t.Part != 0 || t.Reviewed != ""
}

// setMeta copies the front matter values other than the text from d to t.
func setMeta(t *tutorial.Tutorial, d *tutorial.Document) {
	s := d.Tutorial(tutorial.SourceBuiltin)
	t.Level, t.Minutes, t.Tags, t.Objectives = s.Level, s.Minutes, s.Tags, s.Objectives
	t.Series, t.Part, t.Reviewed = s.Series, s.Part, s.Reviewed
}

// CustomTutorialSlug returns the slug a new custom or imported tutorial in
// language lang should get when its author asks for want. Built-in and
// custom tutorials share one slug namespace (checklist progress is stored
// per slug), and the ids of built-in tutorials are reserved for them in
// every language: if want is a built-in id, or a tutorial with that slug
// and language is already in the vault, a suffix "-2", "-3", ... is
// added. A custom tutorial in another language with the same slug is
// allowed: that is how users translate their own tutorials (they then
// share checklist progress). An invalid want gives an error.
func CustomTutorialSlug(ctx context.Context, st *store.Store, want, lang string, builtin []*tutorial.Document) (string, error) {
	if !tutorial.ValidSlug(want) {
		return "", fmt.Errorf("invalid tutorial slug %q", want)
	}
	existing, err := st.Tutorials().List(ctx, "")
	if err != nil {
		return "", err
	}
	taken := map[string]bool{}
	for _, t := range existing {
		if t.Language == lang || t.Source == tutorial.SourceBuiltin {
			taken[t.Slug] = true
		}
	}
	for _, d := range builtin {
		taken[d.Meta.ID] = true
	}
	slug := want
	for n := 2; taken[slug]; n++ {
		suffix := "-" + strconv.Itoa(n)
		base := want
		if len(base)+len(suffix) > tutorial.MaxSlug {
			base = base[:tutorial.MaxSlug-len(suffix)]
			for len(base) > 0 && base[len(base)-1] == '-' {
				base = base[:len(base)-1]
			}
		}
		slug = base + suffix
	}
	return slug, nil
}
