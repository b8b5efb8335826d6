package ui

import (
	"context"
	"slices"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/store"
)

func kindValues() []string {
	out := make([]string, len(contact.Kinds))
	for i, k := range contact.Kinds {
		out[i] = string(k)
	}
	return out
}

func kindLabels(env *Env) []string {
	out := make([]string, len(contact.Kinds))
	for i, k := range contact.Kinds {
		out[i] = kindName(env, k)
	}
	return out
}

// allStages lists the stages of kind, or of every kind (once each) when
// kind is "".
func allStages(kind contact.Kind) []contact.Stage {
	if kind != "" {
		return contact.StagesFor(kind)
	}
	var out []contact.Stage
	for _, k := range contact.Kinds {
		for _, st := range contact.StagesFor(k) {
			if !slices.Contains(out, st) {
				out = append(out, st)
			}
		}
	}
	return out
}

func stageOptions(env *Env, kind contact.Kind) (values, labels []string) {
	for _, st := range allStages(kind) {
		values = append(values, string(st))
		labels = append(labels, stageName(env, st))
	}
	return values, labels
}

// fillStageFilter offers the stages of the chosen kind, keeping the
// chosen stage if it still fits.
func (s *contactsScreen) fillStageFilter() {
	cur := s.stage.Value()
	v, l := stageOptions(s.env, contact.Kind(s.kind.Value()))
	s.stage.setOptions(v, l, s.env.T("contacts.filter.any_stage"))
	if !slices.Contains(v, cur) {
		cur = ""
	}
	s.stage.SetValue(cur)
}

// fillStoreFilters refreshes the tag and country choices from the vault.
func (s *contactsScreen) fillStoreFilters() {
	ctx := context.Background()
	tags, err := s.env.Session.ContactTags(ctx)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	countries, err := s.env.Session.ContactCountries(ctx)
	if err != nil {
		s.env.ShowError(err)
		return
	}
	curTag, curCountry := s.tag.Value(), s.country.Value()
	s.tag.setOptions(tags, tags, s.env.T("contacts.filter.any_tag"))
	// Countries by name, in the order of the interface language.
	lang := s.env.Tr.Lang()
	cmp := names.Collator(lang)
	slices.SortStableFunc(countries, func(a, b string) int { return cmp(names.Country(lang, a), names.Country(lang, b)) })
	countryNames := make([]string, len(countries))
	for i, c := range countries {
		countryNames[i] = names.Country(lang, c)
	}
	s.country.setOptions(countries, countryNames, s.env.T("contacts.filter.any_country"))
	s.tag.SetValue(curTag)
	s.country.SetValue(curCountry)
}

// filter is the query the widgets describe.
func (s *contactsScreen) filter() store.ContactFilter {
	return store.ContactFilter{
		Search:          s.search.Text,
		SearchCountries: searchCountries(s.env, s.search.Text),
		Kind:            contact.Kind(s.kind.Value()),
		Stage:           contact.Stage(s.stage.Value()),
		Tag:             s.tag.Value(),
		Country:         s.country.Value(),
	}
}

func (s *contactsScreen) clearFilters() {
	cb := s.search.OnChanged
	s.search.OnChanged = nil
	s.search.SetText("")
	s.search.OnChanged = cb
	s.kind.SetValue("")
	s.fillStageFilter()
	s.stage.SetValue("")
	s.tag.SetValue("")
	s.country.SetValue("")
	s.reload()
}
