package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func contactNames(t *testing.T, s *store.Store, f store.ContactFilter) []string {
	t.Helper()
	cs, err := s.Contacts().List(ctx, f)
	must(t, err)
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// Searches find records however their words are written: accents,
// Arabic and Persian letter variants and vowel marks, other digits.
func TestSearchFoldsTextAndQuery(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	addContact(t, s, contact.Contact{Name: "علی رضایی", Notes: "هماهنگ\u200cکنندهٔ کارگاه"})
	addContact(t, s, contact.Contact{Name: "كريم الأحمد", Organization: "مدرسة النور"})
	addContact(t, s, contact.Contact{Name: "مُحَمَّد", Notes: "رقم ۱۲۳۴ و ٥٦"})
	addContact(t, s, contact.Contact{Name: "Jörg Strauß", Organization: "Ærøskøbing Forening"})
	addContact(t, s, contact.Contact{Name: "Nuñez", Notes: "Café crème"})
	addContact(t, s, contact.Contact{Name: "王小明", Organization: "北京大学"})
	ev := addEvent(t, s, "Réunion à Mombasa", time.Date(2027, 10, 21, 9, 0, 0, 0, time.UTC))

	tests := map[string][]string{
		"علي":        {"علی رضایی"}, // Arabic yeh finds Persian yeh
		"رضايي":      {"علی رضایی"},
		"کریم":       {"كريم الأحمد"}, // Persian kaf and yeh find Arabic
		"الاحمد":     {"كريم الأحمد"}, // alef with hamza
		"مدرسه":      {"كريم الأحمد"}, // teh marbuta
		"محمد":       {"مُحَمَّد"},    // tashkeel
		"مُحمّد":     {"مُحَمَّد"},    // marks in the query too
		"1234":       {"مُحَمَّد"},    // Persian digits
		"١٢٣٤":       {"مُحَمَّد"},    // Arabic-Indic digits
		"۱۲۳":        {"مُحَمَّد"},    // as a prefix
		"joerg":      nil,             // ö is not oe
		"jorg":       {"Jörg Strauß"},
		"strauss":    {"Jörg Strauß"},
		"aeroskob":   {"Jörg Strauß"},
		"NUNEZ":      {"Nuñez"},
		"creme cafe": {"Nuñez"},
		"北京":         {"王小明"}, // two Chinese characters are a word, not a name prefix
		"北":          nil,     // one is a name prefix
		"王":          {"王小明"},
		"هماهنگ":     {"علی رضایی"}, // the word before a zero-width non-joiner
	}
	for q, want := range tests {
		got := contactNames(t, s, store.ContactFilter{Search: q})
		if !slices.Equal(got, want) {
			t.Errorf("contacts %q = %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"reunion", "RÉUNION mombasa", "réun"} {
		evs, err := s.Events().List(ctx, store.EventFilter{Search: q})
		must(t, err)
		if len(evs) != 1 || evs[0].ID != ev.ID {
			t.Errorf("events %q = %d", q, len(evs))
		}
	}
	hits, err := s.Search(ctx, "strauss", 10)
	must(t, err)
	if len(hits) != 1 || hits[0].Title != "Jörg Strauß" || hits[0].Snippet != "Jörg "+store.HighlightStart+"Strauß"+store.HighlightEnd {
		t.Fatalf("hits %+v", hits)
	}
	must(t, s.IntegrityCheck())
}

// The interface turns a search into country codes; the store adds the
// contacts of those countries to the text matches, after them.
func TestSearchCountries(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	addContact(t, s, contact.Contact{Name: "Wanjiru", Country: "KE"})
	addContact(t, s, contact.Contact{Name: "Achieng", Country: "KE"})
	addContact(t, s, contact.Contact{Name: "Musa", Country: "UG", Notes: "moved from Kenya"})
	addContact(t, s, contact.Contact{Name: "Lin", Country: "CN"})
	addContact(t, s, contact.Contact{Name: "中山", Country: "JP"})

	f := store.ContactFilter{Search: "Kenya", SearchCountries: "KE"}
	if got, want := contactNames(t, s, f), []string{"Musa", "Achieng", "Wanjiru"}; !slices.Equal(got, want) {
		t.Fatalf("Kenya = %q, want %q (text match first, then the country by name)", got, want)
	}
	if n, err := s.Contacts().Count(ctx, f); err != nil || n != 3 {
		t.Fatalf("count %d %v", n, err)
	}
	if got := contactNames(t, s, store.ContactFilter{Search: "Kenya"}); !slices.Equal(got, []string{"Musa"}) {
		t.Fatalf("without codes = %q", got)
	}
	// Bad and repeated codes are ignored; case does not matter.
	f = store.ContactFilter{Search: "Kenia", SearchCountries: "xx, ke KE;; 1"}
	if got := contactNames(t, s, f); !slices.Equal(got, []string{"Achieng", "Wanjiru"}) {
		t.Fatalf("Kenia = %q", got)
	}
	// Other filters still apply.
	f.Country = "UG"
	if got := contactNames(t, s, f); len(got) != 0 {
		t.Fatalf("with a country filter = %q", got)
	}
	// A short search matches name prefixes or the countries, in name order,
	// and can still be paged by name.
	f = store.ContactFilter{Search: "中国", SearchCountries: "CN"}
	if got := contactNames(t, s, f); !slices.Equal(got, []string{"Lin"}) {
		t.Fatalf("中国 = %q", got)
	}
	f = store.ContactFilter{Search: "中", SearchCountries: "CN", Limit: 1}
	page, err := s.Contacts().ListSummariesAfter(ctx, f, "", "")
	must(t, err)
	if len(page) != 1 || page[0].Name != "Lin" {
		t.Fatalf("first page %+v", page)
	}
	page, err = s.Contacts().ListSummariesAfter(ctx, f, page[0].Name, page[0].ID)
	must(t, err)
	if len(page) != 1 || page[0].Name != "中山" {
		t.Fatalf("second page %+v", page)
	}
	// Codes without a search do nothing.
	if got := contactNames(t, s, store.ContactFilter{SearchCountries: "KE"}); len(got) != 5 {
		t.Fatalf("codes alone filtered: %q", got)
	}
}

func TestContactChoices(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := addContact(t, s, contact.Contact{Name: "Amina K.", Organization: "Open Net", Country: "KE"})
	addContact(t, s, contact.Contact{Name: "Amina K.", Country: "LB"})
	addContact(t, s, contact.Contact{Name: "Bao"})
	got, err := s.Contacts().Choices(ctx, store.ContactFilter{Search: "amina", Limit: 10})
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("choices %+v", got)
	}
	slices.SortFunc(got, func(x, y store.ContactChoice) int { return len(y.Organization) - len(x.Organization) })
	if got[0] != (store.ContactChoice{ID: a.ID, Name: "Amina K.", Organization: "Open Net", Country: "KE"}) || got[1].Country != "LB" {
		t.Fatalf("choices %+v", got)
	}
	got, err = s.Contacts().Choices(ctx, store.ContactFilter{Limit: 2})
	must(t, err)
	if len(got) != 2 || got[0].Name != "Amina K." {
		t.Fatalf("limited choices %+v", got)
	}
}

var _ = event.KindWorkshop
