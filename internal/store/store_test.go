package store_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/validate"
)

var ctx = context.Background()

func newStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func addContact(t testing.TB, s *store.Store, c contact.Contact) *contact.Contact {
	t.Helper()
	must(t, s.Contacts().Add(ctx, &c))
	return &c
}

func addEvent(t testing.TB, s *store.Store, title string, start time.Time) *event.Event {
	t.Helper()
	e := &event.Event{Title: title, Start: start, End: start.Add(time.Hour), Kind: event.KindWorkshop}
	must(t, s.Events().Add(ctx, e))
	return e
}

func TestContactCRUD(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	c := addContact(t, s, contact.Contact{
		Name: " Amara Okonkwo ", Country: "ke", Tags: []string{"Press", "legal", "press"},
		Languages: []string{"en", "sw"}, Channels: []contact.Channel{{Type: contact.ChannelSignal, Value: "amara.01"}, {Type: contact.ChannelEmail, Value: "amara@example.org", Label: "work"}},
		FollowUp: date.MustParse("2027-10-01"), Notes: "Met at the meetup", Consent: "ok", PeerKeys: &contact.PeerKeys{Recipient: "age1xyz", SigningKey: "ed25519:abc"},
	})
	if c.ID == "" || c.Version != 1 || c.Created.IsZero() || !c.Created.Equal(c.Updated) || c.Created.Location() != time.UTC {
		t.Fatalf("bad add: %+v", c)
	}
	got, err := s.Contacts().Get(ctx, c.ID)
	must(t, err)
	if !contactEqual(got, c) {
		t.Fatalf("get:\n%+v\nwant\n%+v", got, c)
	}
	got.Stage = contact.StageAdvocate
	got.Channels = got.Channels[:1]
	got.Tags = []string{"tech"}
	got.PeerKeys = nil
	must(t, s.Contacts().Update(ctx, got))
	if got.Version != 2 || !got.Updated.After(c.Updated) && !got.Updated.Equal(c.Updated) || !got.Created.Equal(c.Created) {
		t.Fatalf("bad update: %+v", got)
	}
	again, err := s.Contacts().Get(ctx, c.ID)
	must(t, err)
	if !contactEqual(again, got) || again.PeerKeys != nil || len(again.Channels) != 1 {
		t.Fatalf("after update:\n%+v\nwant\n%+v", again, got)
	}
	if _, err := s.Contacts().Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Contacts().Get(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if _, err := s.Contacts().Delete(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	missing := contact.Contact{ID: "00000000-0000-4000-8000-000000000000", Name: "x"}
	if err := s.Contacts().Update(ctx, &missing); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	ts, err := s.Tombstones(ctx, time.Time{})
	must(t, err)
	if len(ts) != 1 || ts[0].ID != c.ID || ts[0].Kind != record.Contact {
		t.Fatalf("tombstones %+v", ts)
	}
}

func contactEqual(a, b *contact.Contact) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Kind == b.Kind && a.Stage == b.Stage && a.Trust == b.Trust &&
		a.Country == b.Country && a.Organization == b.Organization && a.Role == b.Role && a.Notes == b.Notes &&
		a.Consent == b.Consent && a.FollowUp == b.FollowUp && a.Version == b.Version && a.Origin == b.Origin &&
		a.Created.Equal(b.Created) && a.Updated.Equal(b.Updated) && slices.Equal(a.Tags, b.Tags) &&
		slices.Equal(a.Languages, b.Languages) && slices.Equal(a.Channels, b.Channels) &&
		(a.PeerKeys == nil) == (b.PeerKeys == nil) && (a.PeerKeys == nil || *a.PeerKeys == *b.PeerKeys)
}

func TestValidationFailures(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	tests := []struct {
		name string
		add  func() error
		code string
	}{
		{"contact name", func() error { return s.Contacts().Add(ctx, &contact.Contact{}) }, validate.CodeNameRequired},
		{"contact country", func() error { return s.Contacts().Add(ctx, &contact.Contact{Name: "a", Country: "ZZ"}) }, validate.CodeCountryInvalid},
		{"contact stage", func() error {
			return s.Contacts().Add(ctx, &contact.Contact{Name: "a", Kind: contact.KindBusiness, Stage: contact.StageSupporter})
		}, validate.CodeStageInvalidForKind},
		{"event end", func() error {
			now := time.Now()
			return s.Events().Add(ctx, &event.Event{Title: "x", Start: now, End: now.Add(-time.Hour)})
		}, validate.CodeEndBeforeStart},
		{"task title", func() error { return s.Tasks().Add(ctx, &event.Task{EventID: "x"}) }, validate.CodeTitleRequired},
		{"tutorial slug", func() error { return s.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "No Good", Title: "t"}) }, validate.CodeSlugInvalid},
	}
	before := s.Changes()
	for _, tt := range tests {
		var fe *validate.FieldError
		if err := tt.add(); !errors.As(err, &fe) || fe.Code != tt.code {
			t.Errorf("%s: got %v, want code %s", tt.name, err, tt.code)
		}
	}
	if s.Changes() != before {
		t.Fatal("failed validations must not count as changes")
	}
}

func TestContactFilters(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	addContact(t, s, contact.Contact{Name: "Beatriz", Country: "BR", Tags: []string{"press"}})
	addContact(t, s, contact.Contact{Name: "alex", Country: "DE", Tags: []string{"press", "tech"}, Stage: contact.StageSupporter})
	addContact(t, s, contact.Contact{Name: "Civic Lab", Kind: contact.KindOrganization, Country: "DE", Tags: []string{"tech"}})
	addContact(t, s, contact.Contact{Name: "Quiet Cafe", Kind: contact.KindBusiness, Stage: contact.StageCommitted})
	names := func(f store.ContactFilter) []string {
		t.Helper()
		list, err := s.Contacts().ListSummaries(ctx, f)
		must(t, err)
		var out []string
		for _, c := range list {
			out = append(out, c.Name)
		}
		n, err := s.Contacts().Count(ctx, store.ContactFilter{Search: f.Search, Kind: f.Kind, Stage: f.Stage, Tag: f.Tag, Country: f.Country})
		must(t, err)
		if f.Limit == 0 && f.Offset == 0 && n != len(out) {
			t.Fatalf("count %d != %d for %+v", n, len(out), f)
		}
		return out
	}
	tests := []struct {
		f    store.ContactFilter
		want []string
	}{
		{store.ContactFilter{}, []string{"alex", "Beatriz", "Civic Lab", "Quiet Cafe"}},
		{store.ContactFilter{Tag: " PRESS "}, []string{"alex", "Beatriz"}},
		{store.ContactFilter{Country: "de"}, []string{"alex", "Civic Lab"}},
		{store.ContactFilter{Country: "DE", Tag: "tech", Kind: contact.KindOrganization}, []string{"Civic Lab"}},
		{store.ContactFilter{Stage: contact.StageSupporter}, []string{"alex"}},
		{store.ContactFilter{Kind: contact.KindBusiness, Stage: contact.StageCommitted}, []string{"Quiet Cafe"}},
		{store.ContactFilter{Limit: 2, Offset: 1}, []string{"Beatriz", "Civic Lab"}},
		{store.ContactFilter{Offset: 3}, []string{"Quiet Cafe"}},
		{store.ContactFilter{Search: "civ"}, []string{"Civic Lab"}},
		{store.ContactFilter{Search: "tech", Country: "DE"}, []string{"alex", "Civic Lab"}},
		{store.ContactFilter{Search: `"(*`}, nil},
	}
	for _, tt := range tests {
		if got := names(tt.f); !slices.Equal(got, tt.want) {
			t.Errorf("%+v: got %q want %q", tt.f, got, tt.want)
		}
	}
	tags, err := s.Contacts().Tags(ctx)
	must(t, err)
	countries, err := s.Contacts().Countries(ctx)
	must(t, err)
	if !slices.Equal(tags, []string{"press", "tech"}) || !slices.Equal(countries, []string{"BR", "DE"}) {
		t.Fatalf("tags %v countries %v", tags, countries)
	}
	ids, err := s.Contacts().IDs(ctx, store.ContactFilter{Tag: "tech"})
	must(t, err)
	if len(ids) != 2 {
		t.Fatal(ids)
	}
	full, err := s.Contacts().List(ctx, store.ContactFilter{Tag: "tech"})
	must(t, err)
	if len(full) != 2 || full[0].ID != ids[0] || !slices.Contains(full[0].Tags, "tech") {
		t.Fatalf("list %+v", full)
	}
}

func TestEventsTasksParticipants(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	now := time.Date(2027, 10, 1, 12, 0, 0, 0, time.UTC)
	past := addEvent(t, s, "Spring meetup", now.AddDate(0, -5, 0))
	gec := addEvent(t, s, "Global Encryption Day fair", time.Date(2027, 10, 21, 8, 0, 0, 0, time.UTC))
	later := addEvent(t, s, "Follow-up call", time.Date(2027, 11, 2, 8, 0, 0, 0, time.UTC))

	gec.Objectives = []event.Objective{event.ObjectiveBusinesses, event.ObjectiveMovement}
	gec.TimeZone = "Europe/Berlin"
	gec.Safety = event.SafetyPlan{Threats: "photos", CheckIn: "22:00"}
	gec.Status = event.StatusConfirmed
	must(t, s.Events().Update(ctx, gec))
	got, err := s.Events().Get(ctx, gec.ID)
	must(t, err)
	if got.Version != 2 || !slices.Equal(got.Objectives, []event.Objective{1, 6}) || got.TimeZone != "Europe/Berlin" ||
		got.Safety != gec.Safety || !got.Start.Equal(gec.Start) || !got.End.Equal(gec.End) || got.Status != event.StatusConfirmed {
		t.Fatalf("event round trip %+v", got)
	}

	titles := func(f store.EventFilter) []string {
		list, err := s.Events().List(ctx, f)
		must(t, err)
		var out []string
		for _, e := range list {
			out = append(out, e.Title)
		}
		return out
	}
	if got := titles(store.EventFilter{Upcoming: true, Now: now}); !slices.Equal(got, []string{gec.Title, later.Title}) {
		t.Fatal(got)
	}
	if got := titles(store.EventFilter{Past: true, Now: now}); !slices.Equal(got, []string{past.Title}) {
		t.Fatal(got)
	}
	if got := titles(store.EventFilter{Status: event.StatusConfirmed}); !slices.Equal(got, []string{gec.Title}) {
		t.Fatal(got)
	}
	if got := titles(store.EventFilter{Search: "encryption"}); !slices.Equal(got, []string{gec.Title}) {
		t.Fatal(got)
	}

	ana := addContact(t, s, contact.Contact{Name: "Ana"})
	bo := addContact(t, s, contact.Contact{Name: "Bo"})
	var tasks []*event.Task
	for i, title := range []string{"Book venue", "Print flyers", "Brief stewards"} {
		tk := &event.Task{EventID: gec.ID, Title: title, Position: i, Due: date.MustParse("2027-09-25").AddDays(i * 5)}
		if i < 2 {
			tk.AssigneeID = ana.ID
		}
		must(t, s.Tasks().Add(ctx, tk))
		tasks = append(tasks, tk)
	}
	must(t, s.Tasks().Add(ctx, &event.Task{EventID: later.ID, Title: "Send notes", AssigneeID: ana.ID}))
	must(t, s.Tasks().SetDone(ctx, tasks[2].ID, true))
	if err := s.Tasks().SetDone(ctx, "nope", true); !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	if err := s.Tasks().Add(ctx, &event.Task{EventID: "missing-event", Title: "x"}); err == nil {
		t.Fatal("task for a missing event must fail")
	}
	list, err := s.Tasks().ListForEvent(ctx, gec.ID)
	must(t, err)
	if len(list) != 3 || list[0].Title != "Book venue" || !list[2].Done || list[2].Version != 2 || list[0].AssigneeID != ana.ID {
		t.Fatalf("tasks %+v", list)
	}
	open, err := s.Tasks().Open(ctx, 0)
	must(t, err)
	overdue, err := s.Tasks().Overdue(ctx, now)
	must(t, err)
	if len(open) != 3 || len(overdue) != 2 || overdue[0].Title != "Book venue" {
		t.Fatalf("open %d overdue %+v", len(open), overdue)
	}
	tasks[1].Title = "Print posters"
	tasks[1].Notes = "risograph"
	must(t, s.Tasks().Update(ctx, tasks[1]))
	tk, err := s.Tasks().Get(ctx, tasks[1].ID)
	must(t, err)
	if tk.Title != "Print posters" || tk.Version != 2 || tk.Due != tasks[1].Due {
		t.Fatalf("task %+v", tk)
	}

	must(t, s.Participants().Set(ctx, event.Participant{EventID: gec.ID, ContactID: ana.ID, Role: "speaker"}))
	must(t, s.Participants().Set(ctx, event.Participant{EventID: gec.ID, ContactID: bo.ID}))
	must(t, s.Participants().Set(ctx, event.Participant{EventID: gec.ID, ContactID: bo.ID, Role: "steward"}))
	must(t, s.Participants().Set(ctx, event.Participant{EventID: past.ID, ContactID: ana.ID}))
	ps, err := s.Participants().ListForEvent(ctx, gec.ID)
	must(t, err)
	if len(ps) != 2 || ps[0].Name != "Ana" || ps[1].Role != "steward" {
		t.Fatalf("participants %+v", ps)
	}
	must(t, s.Participants().Remove(ctx, gec.ID, bo.ID))
	if err := s.Participants().Remove(ctx, gec.ID, bo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	evs, err := s.Events().ForContact(ctx, ana.ID)
	must(t, err)
	if len(evs) != 2 {
		t.Fatal(len(evs))
	}

	// Deleting Ana: she takes part in 2 events and has tasks in gec and later.
	impact, err := s.Contacts().Impact(ctx, ana.ID)
	must(t, err)
	want := store.DeleteImpact{Events: 3, Participations: 2, TasksUnassigned: 3}
	if impact != want {
		t.Fatalf("impact %+v want %+v", impact, want)
	}
	d, err := s.Contacts().Delete(ctx, ana.ID)
	must(t, err)
	if d != want {
		t.Fatalf("delete impact %+v", d)
	}
	ps, err = s.Participants().ListForEvent(ctx, gec.ID)
	must(t, err)
	tk, err = s.Tasks().Get(ctx, tasks[0].ID)
	must(t, err)
	if len(ps) != 0 || tk.AssigneeID != "" || tk.Version != 2 {
		t.Fatalf("after contact delete: participants %v task %+v", ps, tk)
	}

	must(t, s.Events().Delete(ctx, gec.ID))
	if _, err := s.Tasks().Get(ctx, tasks[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("tasks must go with their event")
	}
	hits, err := s.Search(ctx, "flyers posters venue", 10)
	must(t, err)
	if len(hits) != 0 {
		t.Fatalf("deleted tasks still searchable: %+v", hits)
	}
	c, err := s.CountsAt(ctx, now)
	must(t, err)
	if c.Events != 2 || c.Tasks != 1 || c.Contacts != 1 || c.OpenTasks != 1 || c.UpcomingEvents != 1 || c.ContactsByStage["contact"] != 1 {
		t.Fatalf("counts %+v", c)
	}
	must(t, s.IntegrityCheck())
}

func TestTutorials(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	en := &tutorial.Tutorial{Slug: "secure-messaging", Title: "Secure messaging", Summary: "Signal basics", Body: "- [ ] Install Signal {#install}\n"}
	fr := &tutorial.Tutorial{Slug: "secure-messaging", Language: "fr", Title: "Messagerie sécurisée", Body: "- [ ] Installer Signal {#install}\n"}
	must(t, s.Tutorials().Add(ctx, en))
	must(t, s.Tutorials().Add(ctx, fr))
	if err := s.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "secure-messaging", Title: "dup"}); err == nil {
		t.Fatal("duplicate slug+language must fail")
	}
	got, err := s.Tutorials().GetBySlug(ctx, "secure-messaging", "fr")
	must(t, err)
	if got.ID != fr.ID || got.Title != fr.Title || got.ContentVersion != 1 || got.Source != tutorial.SourceCustom {
		t.Fatalf("%+v", got)
	}
	if _, err := s.Tutorials().GetBySlug(ctx, "secure-messaging", "de"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	got.ContentVersion = 2
	got.Body += "- [ ] Vérifier les numéros de sécurité {#verify}\n"
	must(t, s.Tutorials().Update(ctx, got))
	all, err := s.Tutorials().List(ctx, "")
	must(t, err)
	onlyFR, err := s.Tutorials().List(ctx, "fr")
	must(t, err)
	if len(all) != 2 || len(onlyFR) != 1 || onlyFR[0].ContentVersion != 2 || onlyFR[0].Version != 2 {
		t.Fatalf("list %d %+v", len(all), onlyFR)
	}
	must(t, s.Tutorials().SetItemDone(ctx, "secure-messaging", "install", true))
	must(t, s.Tutorials().SetItemDone(ctx, "secure-messaging", "verify", true))
	must(t, s.Tutorials().SetItemDone(ctx, "secure-messaging", "verify", false))
	p, err := s.Tutorials().Progress(ctx, "secure-messaging")
	must(t, err)
	if len(p) != 2 || !p["install"] || p["verify"] {
		t.Fatal(p)
	}
	if err := s.Tutorials().SetItemDone(ctx, "../x", "a", true); err == nil {
		t.Fatal("bad slug accepted")
	}
	hits, err := s.Search(ctx, "numeros", 10) // diacritics removed
	must(t, err)
	if len(hits) != 1 || hits[0].Kind != record.Tutorial || hits[0].ID != fr.ID {
		t.Fatalf("hits %+v", hits)
	}
	must(t, s.Tutorials().Delete(ctx, en.ID))
	if _, err := s.Tutorials().Get(ctx, en.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	if p, _ := s.Tutorials().Progress(ctx, "secure-messaging"); len(p) != 2 {
		t.Fatal("progress must survive deleting one language")
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	a := addContact(t, s, contact.Contact{Name: "Kestrel", Notes: "encryption trainer"})
	b := addContact(t, s, contact.Contact{Name: "Encryption Collective", Kind: contact.KindOrganization})
	c := addContact(t, s, contact.Contact{Name: "Noa", Channels: []contact.Channel{{Type: contact.ChannelEmail, Value: "noa@example.org"}}, Tags: []string{"crypto-party"}})
	e := addEvent(t, s, "Crypto party", time.Now())

	hits, err := s.Search(ctx, "encryption", 10)
	must(t, err)
	if len(hits) != 2 || hits[0].ID != b.ID || hits[1].ID != a.ID {
		t.Fatalf("title match must rank first: %+v", hits)
	}
	if !strings.Contains(hits[1].Snippet, store.HighlightStart+"encryption"+store.HighlightEnd) {
		t.Fatalf("snippet %q", hits[1].Snippet)
	}
	for _, q := range []string{"encr", "ENCRYPT", "encryption "} {
		hits, err := s.Search(ctx, q, 10)
		must(t, err)
		if len(hits) != 2 {
			t.Errorf("%q: %d hits", q, len(hits))
		}
	}
	if hits, _ := s.Search(ctx, "encr ", 10); len(hits) != 0 {
		t.Error("a finished word must not prefix-match")
	}
	hits, err = s.Search(ctx, "noa@example", 10)
	must(t, err)
	if len(hits) != 1 || hits[0].ID != c.ID || hits[0].Title != "Noa" {
		t.Fatalf("channel search %+v", hits)
	}
	hits, err = s.Search(ctx, "crypto party", 10)
	must(t, err)
	if len(hits) != 2 || hits[0].ID != e.ID || hits[0].Kind != record.Event {
		t.Fatalf("crypto party %+v", hits)
	}
	// Hostile or broken FTS syntax never errors.
	for _, q := range []string{`"`, `a OR`, `NEAR(`, `*`, `col:x`, `-x`, `^`, `""""`, "AND", ")(", "\x00", "   "} {
		if _, err := s.Search(ctx, q, 10); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	// Sync after update and delete.
	a.Notes = "photographer"
	must(t, s.Contacts().Update(ctx, a))
	hits, _ = s.Search(ctx, "encryption", 10)
	if len(hits) != 1 || hits[0].ID != b.ID {
		t.Fatalf("after update %+v", hits)
	}
	if hits, _ := s.Search(ctx, "photographer", 10); len(hits) != 1 {
		t.Fatal("updated text not found")
	}
	_, err = s.Contacts().Delete(ctx, b.ID)
	must(t, err)
	if hits, _ := s.Search(ctx, "encryption", 10); len(hits) != 0 {
		t.Fatalf("after delete %+v", hits)
	}
}

func TestFTSQuery(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":               "",
		"  ":             "",
		"ana":            `"ana"*`,
		"ana ":           `"ana"`,
		"ana mar":        `"ana" "mar"*`,
		`a"b`:            `"a""b"*`,
		"foo OR bar":     `"foo" "OR" "bar"*`,
		"foo -- ":        `"foo"`,
		"foo --":         `"foo"`,
		"NEAR(x y)":      `"NEAR(x" "y)"*`,
		"!!! ???":        "",
		"São Paulo":      `"Sao" "Paulo"*`, // folded like the index
		"أَحمد ":         `"احمد"`,
		"می\u200cخواهم":  `"مي" "خواهم"*`,
		"title:secret *": `"title:secret"`,
	}
	for in, want := range tests {
		if got := store.FTSQuery(in); got != want {
			t.Errorf("FTSQuery(%q) = %q want %q", in, got, want)
		}
	}
}

func TestResolveID(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	var ids []string
	for i := range 40 {
		ids = append(ids, addContact(t, s, contact.Contact{Name: "c" + string(rune('a'+i%26))}).ID)
	}
	id := ids[0]
	got, err := s.ResolveID(ctx, record.Contact, strings.ToUpper(id[:8]))
	must(t, err)
	if got != id {
		t.Fatal(got)
	}
	if got, err := s.ResolveID(ctx, record.Contact, id); err != nil || got != id {
		t.Fatal(got, err)
	}
	if _, err := s.ResolveID(ctx, record.Contact, id[:5]); !errors.Is(err, store.ErrPrefixTooShort) {
		t.Fatal(err)
	}
	if _, err := s.ResolveID(ctx, record.Event, id[:8]); !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := s.ResolveID(ctx, "spaceship", id[:8]); err == nil {
		t.Fatal("unknown kind accepted")
	}
	must(t, s.InTx(ctx, func(tx *store.Tx) error { return nil }))
}

func TestResolveAmbiguous(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	// Two records whose IDs share their first 8 characters (as happens by
	// chance with random UUIDs, or with records received from peers).
	now := time.Now().UTC()
	for _, id := range []string{"abcdef01-1111-4111-8111-111111111111", "abcdef01-2222-4222-8222-222222222222"} {
		must(t, s.Contacts().Put(ctx, &contact.Contact{ID: id, Name: "x", Kind: contact.KindPerson, Created: now, Updated: now, Version: 1}))
	}
	if _, err := s.ResolveID(ctx, record.Contact, "abcdef01"); !errors.Is(err, store.ErrAmbiguous) {
		t.Fatalf("shared prefix: %v, want ErrAmbiguous", err)
	}
	if id, err := s.ResolveID(ctx, record.Contact, "abcdef01-2"); err != nil || !strings.HasPrefix(id, "abcdef01-2222") {
		t.Fatalf("longer prefix: %q %v", id, err)
	}
}

func TestChanges(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	c0 := s.Changes()
	c := addContact(t, s, contact.Contact{Name: "a"})
	if s.Changes() != c0+1 {
		t.Fatal("add must count")
	}
	if _, err := s.Contacts().Get(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	s.Contacts().List(ctx, store.ContactFilter{})
	s.Search(ctx, "a", 5)
	s.Counts(ctx)
	if s.Changes() != c0+1 {
		t.Fatal("reads must not count")
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Contacts().Add(ctx, &contact.Contact{Name: "b"}); err != nil {
			return err
		}
		return errors.New("abort")
	})
	if err == nil || s.Changes() != c0+1 {
		t.Fatal("rolled-back transactions must not count")
	}
	if n, _ := s.Contacts().Count(ctx, store.ContactFilter{}); n != 1 {
		t.Fatal("rollback did not roll back")
	}
	must(t, s.InTx(ctx, func(tx *store.Tx) error {
		for range 3 {
			if err := tx.Contacts().Add(ctx, &contact.Contact{Name: "c"}); err != nil {
				return err
			}
		}
		return nil
	}))
	if s.Changes() != c0+2 {
		t.Fatal("one transaction is one change")
	}
	if _, err := s.Contacts().Delete(ctx, "missing"); err == nil || s.Changes() != c0+2 {
		t.Fatal("failed delete must not count")
	}
}

func TestNoFiles(t *testing.T) {
	// Not parallel: changes the working directory and environment.
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Setenv("SQLITE_TMPDIR", dir)
	t.Chdir(dir)
	s, err := store.New()
	must(t, err)
	c := addContact(t, s, contact.Contact{Name: "Canary Person", Notes: "canary-7f3a"})
	e := addEvent(t, s, "Canary event", time.Now())
	must(t, s.Tasks().Add(ctx, &event.Task{EventID: e.ID, Title: "canary task"}))
	must(t, s.Participants().Set(ctx, event.Participant{EventID: e.ID, ContactID: c.ID}))
	must(t, s.Tutorials().Add(ctx, &tutorial.Tutorial{Slug: "canary", Title: "Canary", Body: "- [ ] x"}))
	for i := range 200 {
		addContact(t, s, contact.Contact{Name: "filler " + strings.Repeat("z", i%100), Notes: strings.Repeat("lorem ipsum ", 200)})
	}
	if _, err := s.Search(ctx, "canary", 10); err != nil {
		t.Fatal(err)
	}
	// Large sorts would spill to temp files if temp_store were not MEMORY.
	if _, err := s.Contacts().List(ctx, store.ContactFilter{}); err != nil {
		t.Fatal(err)
	}
	img, err := s.Serialize()
	must(t, err)
	must(t, s.Close())
	s2, err := store.Load(img)
	must(t, err)
	must(t, s2.Contacts().Update(ctx, c))
	_, err = s2.Contacts().Delete(ctx, c.ID)
	must(t, err)
	must(t, s2.Close())
	entries, err := os.ReadDir(dir)
	must(t, err)
	if len(entries) != 0 {
		t.Fatalf("files created: %v", entries)
	}
}
