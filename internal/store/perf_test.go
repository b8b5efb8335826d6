package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func summaryNames(list []store.ContactSummary) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.Name)
	}
	return out
}

func TestShortPrefixSearch(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	for _, n := range []string{"Amara Obi", "alex", "Abara Lab", "Maria Abara", "Zanele", "Émile", "Ab\tTab", "b"} {
		addContact(t, s, contact.Contact{Name: n, Notes: "abacus"})
	}
	addContact(t, s, contact.Contact{Name: "ZZ Org", Kind: contact.KindOrganization})
	tests := []struct {
		f    store.ContactFilter
		want []string
	}{
		// One or two characters match name prefixes, case-insensitively,
		// in name order (not words inside names or notes).
		{store.ContactFilter{Search: "a"}, []string{"Ab\tTab", "Abara Lab", "alex", "Amara Obi"}},
		{store.ContactFilter{Search: " A"}, []string{"Ab\tTab", "Abara Lab", "alex", "Amara Obi"}},
		{store.ContactFilter{Search: "AB"}, []string{"Ab\tTab", "Abara Lab"}},
		{store.ContactFilter{Search: "a", Limit: 2, Offset: 1}, []string{"Abara Lab", "alex"}},
		{store.ContactFilter{Search: "z", Kind: contact.KindOrganization}, []string{"ZZ Org"}},
		{store.ContactFilter{Search: "É"}, []string{"Émile"}},
		{store.ContactFilter{Search: "q"}, nil},
		// Three characters or more, or a finished word, use full-text search.
		{store.ContactFilter{Search: "aba"}, []string{"Ab\tTab", "Abara Lab", "alex", "Amara Obi", "b", "Maria Abara", "Zanele", "Émile"}},
		{store.ContactFilter{Search: "b "}, []string{"b"}},
	}
	for _, tt := range tests {
		list, err := s.Contacts().ListSummaries(ctx, tt.f)
		must(t, err)
		got := summaryNames(list)
		if tt.f.Search == "aba" {
			slices.Sort(got)
			slices.Sort(tt.want)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: got %q want %q", tt.f, got, tt.want)
		}
		ids, err := s.Contacts().IDs(ctx, tt.f)
		must(t, err)
		if len(ids) != len(got) {
			t.Errorf("%+v: %d IDs for %d summaries", tt.f, len(ids), len(got))
		}
		n, err := s.Contacts().Count(ctx, store.ContactFilter{Search: tt.f.Search, Kind: tt.f.Kind})
		must(t, err)
		if tt.f.Limit == 0 && n != len(got) {
			t.Errorf("%+v: count %d != %d", tt.f, n, len(got))
		}
	}
}

func TestListSummariesPaging(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	// Duplicate and case-variant names check the (name, id) tie-break.
	for i := range 57 {
		name := fmt.Sprintf("%c%d", "aBcAbC"[i%6], i%7)
		tags := []string{"odd"}
		if i%2 == 0 {
			tags = []string{"even"}
		}
		addContact(t, s, contact.Contact{Name: name, Tags: tags})
	}
	for _, f := range []store.ContactFilter{{}, {Tag: "even"}, {Search: "a"}, {Search: "B4"}} {
		all, err := s.Contacts().ListSummaries(ctx, f)
		must(t, err)
		if len(all) == 0 {
			t.Fatalf("%+v: empty", f)
		}
		for _, size := range []int{1, 5, 10, 100} {
			var byOffset, byKey []store.ContactSummary
			for off := 0; ; off += size {
				g := f
				g.Limit, g.Offset = size, off
				page, err := s.Contacts().ListSummaries(ctx, g)
				must(t, err)
				byOffset = append(byOffset, page...)
				if len(page) < size {
					break
				}
			}
			var last store.ContactSummary
			for {
				g := f
				g.Limit = size
				page, err := s.Contacts().ListSummariesAfter(ctx, g, last.Name, last.ID)
				must(t, err)
				byKey = append(byKey, page...)
				if len(page) < size {
					break
				}
				last = page[len(page)-1]
			}
			if !slices.Equal(byOffset, all) || !slices.Equal(byKey, all) {
				t.Fatalf("%+v size %d: paging differs:\nall    %v\noffset %v\nkey    %v", f, size, summaryNames(all), summaryNames(byOffset), summaryNames(byKey))
			}
		}
	}
	// The unfiltered list (sorted in Go) and a filtered one (sorted by
	// SQLite) agree on the order.
	all, err := s.Contacts().ListSummaries(ctx, store.ContactFilter{})
	must(t, err)
	sqlOrder, err := s.Contacts().ListSummaries(ctx, store.ContactFilter{Limit: 1000})
	must(t, err)
	if !slices.Equal(all, sqlOrder) {
		t.Fatalf("orders differ:\n%v\n%v", summaryNames(all), summaryNames(sqlOrder))
	}
	full, err := s.Contacts().Get(ctx, all[0].ID)
	must(t, err)
	if all[0].Name != full.Name || all[0].Kind != full.Kind || all[0].Stage != full.Stage {
		t.Fatalf("summary %+v of %+v", all[0], full)
	}
	if _, err := s.Contacts().ListSummariesAfter(ctx, store.ContactFilter{Search: "ranked words"}, "", ""); err == nil {
		t.Fatal("keyset paging of a ranked search must fail")
	}
}

func TestTagFilterOrderAndLimit(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	var want []string
	for i := range 40 {
		c := contact.Contact{Name: fmt.Sprintf("n%02d", 39-i)}
		if i%3 == 0 {
			c.Tags = []string{"press"}
			want = append(want, c.Name)
		}
		addContact(t, s, c)
	}
	slices.Sort(want)
	list, err := s.Contacts().List(ctx, store.ContactFilter{Tag: "press", Limit: 5, Offset: 2})
	must(t, err)
	var got []string
	for _, c := range list {
		got = append(got, c.Name)
	}
	if !slices.Equal(got, want[2:7]) {
		t.Fatalf("got %v want %v", got, want[2:7])
	}
}

// TestSearchIndexInSync checks the external-content full-text index after
// adds, updates, no-op updates and deletes of every kind of record.
func TestSearchIndexInSync(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	c := addContact(t, s, contact.Contact{Name: "Quokka Person", Notes: "wombat", Tags: []string{"numbat"}})
	e := addEvent(t, s, "Platypus meetup", time.Now())
	task := &event.Task{EventID: e.ID, Title: "Echidna flyers"}
	must(t, s.Tasks().Add(ctx, task))
	count := func(q string) int {
		t.Helper()
		hits, err := s.Search(ctx, q, 100)
		must(t, err)
		return len(hits)
	}
	for _, q := range []string{"quokka", "wombat", "numbat", "platypus", "echidna"} {
		if count(q) != 1 {
			t.Fatalf("%q not found", q)
		}
	}
	c.Notes = "dingo"
	c.Tags = nil
	must(t, s.Contacts().Update(ctx, c))
	must(t, s.Contacts().Update(ctx, c)) // unchanged text
	task.Title = "Emu flyers"
	must(t, s.Tasks().Update(ctx, task))
	e.Title = "Kiwi meetup"
	must(t, s.Events().Update(ctx, e))
	for q, want := range map[string]int{"wombat": 0, "numbat": 0, "dingo": 1, "quokka": 1, "echidna": 0, "emu": 1, "platypus": 0, "kiwi": 1} {
		if n := count(q); n != want {
			t.Errorf("after update %q: %d hits, want %d", q, n, want)
		}
	}
	must(t, s.IntegrityCheck())
	_, err := s.Contacts().Delete(ctx, c.ID)
	must(t, err)
	must(t, s.Events().Delete(ctx, e.ID))
	for _, q := range []string{"quokka", "dingo", "emu", "kiwi"} {
		if n := count(q); n != 0 {
			t.Errorf("after delete %q: %d hits", q, n)
		}
	}
	// IntegrityCheck also re-tokenizes all indexed text.
	must(t, s.IntegrityCheck())
}

func TestSearchApproximateRanking(t *testing.T) {
	if testing.Short() {
		t.Skip("adds 1,600 records")
	}
	t.Parallel()
	s := newStore(t)
	must(t, s.InTx(ctx, func(tx *store.Tx) error {
		for i := range 1600 {
			c := contact.Contact{Name: fmt.Sprintf("Person %d", i), Notes: "likes signal"}
			if i%100 == 0 {
				c.Name = fmt.Sprintf("Signal fan %d", i)
			}
			if err := tx.Contacts().Add(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	}))
	hits, err := s.Search(ctx, "sig", 30)
	must(t, err)
	if len(hits) != 30 {
		t.Fatalf("%d hits", len(hits))
	}
	for i, h := range hits {
		title := strings.HasPrefix(h.Title, "Signal fan")
		if title != (i < 16) {
			t.Fatalf("hit %d %q: title matches must come first", i, h.Title)
		}
		if i > 0 && h.Rank <= hits[i-1].Rank {
			t.Fatalf("ranks not ascending: %v then %v", hits[i-1].Rank, h.Rank)
		}
	}
}
