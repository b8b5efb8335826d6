package ui

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/names"
	"github.com/safehouse-app/safehouse/internal/textfold"
	"github.com/safehouse-app/safehouse/internal/zones"
)

// The fields that store codes but show words: a contact's country and
// languages, an event's time zone. Each keeps the stored value (ISO code,
// BCP 47 tag, IANA ID) and shows names in the interface language
// (package names).

// newCountryField picks one country, or none.
func newCountryField(env *Env) *choiceField {
	lang := env.Tr.Lang()
	all := []pickItem{newPickItem("", env.T("contacts.field.country_none"), "", "")}
	for _, c := range names.Countries(lang) {
		all = append(all, pickItem{value: c.Code, label: c.Name, trailing: c.Code, key: c.Key})
	}
	return newChoiceField(env, env.T("contacts.field.country_choose"), func(text string) []pickItem {
		if strings.TrimSpace(text) == "" {
			return all
		}
		return filterItems(all[1:], text)
	}, func(code string) string { return names.Country(lang, code) })
}

// newLanguagesField picks any number of languages. A tag typed into the
// search that Safehouse does not list but can name ("fr-CA") is offered
// too.
func newLanguagesField(env *Env) *multiChoiceField {
	lang := env.Tr.Lang()
	var all []pickItem
	for _, c := range names.Languages(lang) {
		all = append(all, pickItem{value: c.Code, label: c.Name, trailing: c.Code, key: c.Key})
	}
	return newMultiChoiceField(env, env.T("contacts.field.languages_add"), func(text string) []pickItem {
		items := filterItems(all, text)
		if tag, ok := typedLanguage(text); ok && !slices.ContainsFunc(all, func(it pickItem) bool { return it.value == tag }) {
			c := names.LanguageChoice(lang, tag)
			items = append([]pickItem{{value: tag, label: c.Name, trailing: tag, key: c.Key}}, items...)
		}
		return items
	}, func(tag string) string { return names.Language(lang, tag) })
}

// typedLanguage returns the canonical form of a language tag typed into
// the search ("fr-ca" → "fr-CA"), if a contact can store it and it has a
// name.
func typedLanguage(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if t == "" || strings.ContainsFunc(t, func(r rune) bool { return r == ' ' || r == '_' }) {
		return "", false
	}
	tag, err := language.Parse(t)
	if err != nil {
		return "", false
	}
	s := tag.String()
	probe := contact.Contact{Name: "x", Languages: []string{s}}
	probe.Normalize()
	if probe.Validate() != nil || names.Language("en", s) == s {
		return "", false
	}
	return s, true
}

// zoneLabel describes a zone in words: its city, its country in the
// interface language and its UTC offset at now ("Nairobi · Kenya ·
// UTC+03:00"). IDs outside the table (a link such as "Asia/Calcutta")
// show their city and offset.
func zoneLabel(env *Env, id string, now time.Time) string {
	z, ok := zones.Lookup(id)
	if !ok {
		loc, err := time.LoadLocation(id)
		if err != nil || id == "Local" {
			return id
		}
		return zones.City(id) + " · " + zones.Offset(loc, now)
	}
	if z.Country == "" {
		return z.City
	}
	return z.City + " · " + names.Country(env.Tr.Lang(), z.Country) + " · " + zones.Offset(z.Location, now)
}

// newZoneField picks a time zone. The list starts with the computer's
// own zone and UTC, then every zone by city; the search also matches
// country names (in the interface language and English), IANA IDs and
// offsets.
func newZoneField(env *Env) *choiceField {
	lang := env.Tr.Lang()
	now := pickerNow(env)
	local := zones.Local()
	var first, rest []pickItem
	for _, z := range zones.All() {
		label, trailing, extra := z.City, zones.Offset(z.Location, now), []string{z.ID}
		if z.Country != "" {
			c := names.CountryChoice(lang, z.Country)
			label += " · " + c.Name
			extra = append(extra, c.English)
		}
		if z.ID == local {
			label = env.T("events.field.zone_local", "Zone", label)
		}
		it := newPickItem(z.ID, label, "", trailing, extra...)
		if z.ID == local || z.ID == zones.UTC {
			first = append(first, it)
		} else {
			rest = append(rest, it)
		}
	}
	cmp := names.Collator(lang)
	slices.SortStableFunc(rest, func(a, b pickItem) int { return cmp(a.label, b.label) })
	slices.SortStableFunc(first, func(a, b pickItem) int { return boolOrder(a.value != local, b.value != local) })
	all := slices.Concat(first, rest)
	return newChoiceField(env, env.T("events.field.zone_choose"), func(text string) []pickItem {
		return filterItems(all, text)
	}, func(id string) string { return zoneLabel(env, id, now) })
}

// boolOrder orders false before true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// contactCountryText is the country of a contact in words ("" for none).
func contactCountryText(env *Env, code string) string {
	if code == "" {
		return ""
	}
	return names.Country(env.Tr.Lang(), code)
}

// searchCountries returns the codes of the countries whose names match a
// search, for store.ContactFilter.SearchCountries.
func searchCountries(env *Env, text string) string {
	if textfold.NewQuery(text).Empty() {
		return ""
	}
	return strings.Join(names.MatchCountries(env.Tr.Lang(), text), " ")
}

// shorten cuts s to at most n characters, ending it with "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
