package app

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// announcements counts the times s tells its listeners it has unsaved
// changes, which is what wakes the autosaver.
func announcements(s *Session) *int {
	n := new(int)
	s.OnSaveState(func(st SaveState) {
		if st.Status == Unsaved {
			*n++
		}
	})
	return n
}

// savedAndReopened saves s, checks it is clean, and opens the saved vault
// in a second session.
func savedAndReopened(t *testing.T, dir string, s *Session) *Session {
	t.Helper()
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	if s.Dirty() {
		t.Fatal("dirty after Save")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Unlock(dir, pass, vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func TestSessionWritesAreAnnouncedAndSaved(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	write := func(what string, fn func() error) {
		t.Helper()
		before := *n
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !s.Dirty() || s.State().Status != Unsaved {
			t.Fatalf("%s: session not unsaved: %v", what, s.State())
		}
		if *n != before+1 {
			t.Fatalf("%s: announced %d times, want once", what, *n-before)
		}
		if err := s.Save(); err != nil {
			t.Fatalf("%s: save: %v", what, err)
		}
		if s.Dirty() {
			t.Fatalf("%s: dirty after Save", what)
		}
	}

	kept := &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson}
	gone := &contact.Contact{Name: "Temporary", Kind: contact.KindPerson}
	write("AddContact", func() error { return s.AddContact(ctx, kept) })
	write("AddContact", func() error { return s.AddContact(ctx, gone) })
	kept.Notes = "met at the clinic"
	write("UpdateContact", func() error { return s.UpdateContact(ctx, kept) })
	var impact store.DeleteImpact
	write("DeleteContact", func() (err error) { impact, err = s.DeleteContact(ctx, gone.ID); return err })
	if impact.Events != 0 || impact.TrustedPerson {
		t.Errorf("impact of deleting a lone contact: %+v", impact)
	}

	start := time.Date(2027, 3, 2, 19, 0, 0, 0, time.UTC)
	ev := &event.Event{Title: "Chapter meeting", Kind: event.KindMeeting, Status: event.StatusPlanned,
		Start: start, End: start.Add(time.Hour), TimeZone: "UTC"}
	drop := &event.Event{Title: "Cancelled", Kind: event.KindMeeting, Status: event.StatusPlanned,
		Start: start, End: start.Add(time.Hour), TimeZone: "UTC"}
	write("AddEvent", func() error { return s.AddEvent(ctx, ev) })
	write("AddEvent", func() error { return s.AddEvent(ctx, drop) })
	ev.Repeat = &event.Repeat{Rule: "FREQ=WEEKLY;COUNT=3"}
	write("UpdateSeries", func() error { return s.UpdateSeries(ctx, ev, 0) })
	write("DeleteEvent", func() error { return s.DeleteEvent(ctx, drop.ID) })
	first := &event.Task{EventID: ev.ID, Title: "Book the room", AssigneeID: kept.ID}
	second := &event.Task{EventID: ev.ID, Title: "Print flyers", Position: 1}
	write("AddTask", func() error { return s.AddTask(ctx, first) })
	write("AddTask", func() error { return s.AddTask(ctx, second) })
	write("SetTaskDone", func() error { return s.SetTaskDone(ctx, first.ID, true) })

	s2 := savedAndReopened(t, dir, s)
	c, err := s2.Contact(ctx, kept.ID)
	if err != nil || c.Notes != "met at the clinic" {
		t.Errorf("updated contact after reopening: %+v, %v", c, err)
	}
	if _, err := s2.Contact(ctx, gone.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted contact after reopening: %v", err)
	}
	e, err := s2.Event(ctx, ev.ID)
	if err != nil || e.Repeat == nil || e.Repeat.Rule != "FREQ=WEEKLY;COUNT=3" {
		t.Errorf("updated series after reopening: %+v, %v", e, err)
	}
	if _, err := s2.Event(ctx, drop.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted event after reopening: %v", err)
	}
	tk, err := s2.Task(ctx, first.ID)
	if err != nil || !tk.Done || tk.AssigneeID != kept.ID {
		t.Errorf("task after reopening: %+v, %v", tk, err)
	}
}

func TestVerifyPeerIsAnnouncedAndSaved(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	n := announcements(p.a)
	if err := p.a.VerifyPeer(ctx, p.bInA); err != nil {
		t.Fatal(err)
	}
	if *n != 1 || !p.a.Dirty() {
		t.Fatalf("VerifyPeer: announced %d times, dirty %v", *n, p.a.Dirty())
	}
	s2 := savedAndReopened(t, p.aDir, p.a)
	peers, err := s2.Peers(ctx)
	if err != nil || len(peers) != 1 || !peers[0].Verified || peers[0].ContactID != p.bInA {
		t.Fatalf("peers after reopening: %+v, %v", peers, err)
	}
}

func TestSessionMissingIDs(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	n := announcements(s)
	const missing = "0123456789abcdef0123456789abcdef"
	_, delErr := s.DeleteContact(ctx, missing)
	_, contactErr := s.Contact(ctx, missing)
	_, eventErr := s.Event(ctx, missing)
	_, taskErr := s.Task(ctx, missing)
	_, resolveErr := s.ResolveID(ctx, record.Contact, missing[:8])
	for what, err := range map[string]error{
		"Contact":       contactErr,
		"UpdateContact": s.UpdateContact(ctx, &contact.Contact{ID: missing, Name: "Nobody", Kind: contact.KindPerson}),
		"DeleteContact": delErr,
		"Event":         eventErr,
		"DeleteEvent":   s.DeleteEvent(ctx, missing),
		"Task":          taskErr,
		"SetTaskDone":   s.SetTaskDone(ctx, missing, true),
		"VerifyPeer":    s.VerifyPeer(ctx, missing),
		"ResolveID":     resolveErr,
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of a missing ID: %v, want it to wrap store.ErrNotFound", what, err)
		}
	}
	if _, err := s.ResolveID(ctx, record.Contact, "abc"); !errors.Is(err, store.ErrPrefixTooShort) {
		t.Errorf("ResolveID of a short prefix: %v", err)
	}
	if *n != 0 || s.Dirty() {
		t.Errorf("failed writes announced %d times, dirty %v", *n, s.Dirty())
	}
}

func TestSessionReadsAreTheStores(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	s, st := p.a, p.a.Store()
	tagged := &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson, Tags: []string{"clinic"}}
	other := &contact.Contact{Name: "Bo L.", Kind: contact.KindPerson}
	for _, c := range []*contact.Contact{tagged, other} {
		if err := s.AddContact(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2027, 3, 2, 19, 0, 0, 0, time.UTC)
	ev := &event.Event{Title: "Clinic open day", Kind: event.KindMeeting, Status: event.StatusPlanned,
		Start: start, End: start.Add(time.Hour), TimeZone: "UTC", Repeat: &event.Repeat{Rule: "FREQ=WEEKLY;COUNT=2"}}
	if err := s.AddEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := st.Participants().Set(ctx, event.Participant{EventID: ev.ID, ContactID: tagged.ID, Role: "host"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTask(ctx, &event.Task{EventID: ev.ID, Title: "Bring the leaflets"}); err != nil {
		t.Fatal(err)
	}

	same := func(what string, got, want any, gotErr, wantErr error) {
		t.Helper()
		if gotErr != nil || wantErr != nil {
			t.Fatalf("%s: %v / %v", what, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: session gives %+v, store %+v", what, got, want)
		}
	}
	f := store.ContactFilter{Tag: "clinic"}
	got, err := s.Contacts(ctx, f)
	want, werr := st.Contacts().List(ctx, f)
	same("Contacts", got, want, err, werr)
	if len(got) != 1 || got[0].ID != tagged.ID {
		t.Errorf("Contacts tagged clinic: %+v", got)
	}
	c, err := s.Contact(ctx, tagged.ID)
	wc, werr := st.Contacts().Get(ctx, tagged.ID)
	same("Contact", c, wc, err, werr)
	full, err := s.ResolveID(ctx, record.Contact, tagged.ID[:8])
	same("ResolveID", full, tagged.ID, err, nil)

	of := store.OccurrenceFilter{From: start.Add(-time.Hour), To: start.AddDate(0, 1, 0)}
	occ, err := s.Occurrences(ctx, of)
	wocc, werr := st.Events().Occurrences(ctx, of)
	same("Occurrences", occ, wocc, err, werr)
	if len(occ) != 2 {
		t.Errorf("Occurrences of a two-date series: %d", len(occ))
	}
	e, err := s.Event(ctx, ev.ID)
	we, werr := st.Events().Get(ctx, ev.ID)
	same("Event", e, we, err, werr)
	ts, err := s.Tasks(ctx, ev.ID)
	wts, werr := st.Tasks().ListForEvent(ctx, ev.ID)
	same("Tasks", ts, wts, err, werr)
	if len(ts) != 1 {
		t.Errorf("Tasks: %+v", ts)
	}
	tk, err := s.Task(ctx, ts[0].ID)
	wtk, werr := st.Tasks().Get(ctx, ts[0].ID)
	same("Task", tk, wtk, err, werr)
	ps, err := s.Participants(ctx, ev.ID)
	wps, werr := st.Participants().ListForEvent(ctx, ev.ID)
	same("Participants", ps, wps, err, werr)
	if len(ps) != 1 || ps[0].ContactID != tagged.ID {
		t.Errorf("Participants: %+v", ps)
	}
	hits, err := s.Search(ctx, "leaflets", 10)
	whits, werr := st.Search(ctx, "leaflets", 10)
	same("Search", hits, whits, err, werr)
	if len(hits) == 0 {
		t.Error("Search found nothing")
	}
	peers, err := s.Peers(ctx)
	wpeers, werr := st.Peers().List(ctx)
	same("Peers", peers, wpeers, err, werr)
	if len(peers) != 1 || peers[0].ContactID != p.bInA {
		t.Errorf("Peers: %+v", peers)
	}

	// The dashboard's reads.
	n, err := s.ContactCount(ctx, f)
	wn, werr := st.Contacts().Count(ctx, f)
	same("ContactCount", n, wn, err, werr)
	if n != 1 {
		t.Errorf("ContactCount tagged clinic: %d", n)
	}
	now := start.Add(48 * time.Hour)
	stats, err := s.Stats(ctx, now)
	wstats, werr := st.Stats(ctx, now)
	same("Stats", stats, wstats, err, werr)
	overdue, err := s.OverdueTasks(ctx, now)
	woverdue, werr := st.Tasks().Overdue(ctx, now)
	same("OverdueTasks", overdue, woverdue, err, werr)
	day := date.Of(now)
	follow, err := s.FollowUpsDue(ctx, day)
	wfollow, werr := st.Contacts().FollowUpsDue(ctx, day)
	same("FollowUpsDue", follow, wfollow, err, werr)
}

func TestSessionTemplateWritesAreAnnouncedAndSaved(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	choices, skipped, err := s.TemplateChoices(ctx, "en")
	if err != nil || skipped != 0 || len(choices) == 0 {
		t.Fatalf("TemplateChoices: %d choices, %d skipped, %v", len(choices), skipped, err)
	}
	ged := campaign.Find(templatesOf(choices), "global-encryption-day")
	if ged == nil {
		t.Fatal("no global-encryption-day among the choices")
	}
	check := func(what string, want int) {
		t.Helper()
		if *n != want || !s.Dirty() {
			t.Fatalf("%s: announced %d times in all, want %d; dirty %v", what, *n, want, s.Dirty())
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
	}
	eventID, err := s.CreateEventFromTemplate(ctx, ged, date.MustParse("2027-10-21"), "UTC", "en", "")
	if err != nil {
		t.Fatal(err)
	}
	check("CreateEventFromTemplate", 1)
	rec, err := s.SaveEventAsTemplate(ctx, eventID, "Our encryption day")
	if err != nil {
		t.Fatal(err)
	}
	check("SaveEventAsTemplate", 2)
	imp, err := s.PrepareTemplateImport(ctx, "stall.toml", []byte(importable()))
	if err != nil || imp.Replaces != nil {
		t.Fatalf("PrepareTemplateImport: %+v, %v", imp, err)
	}
	imported, err := s.ImportTemplate(ctx, imp, false)
	if err != nil {
		t.Fatal(err)
	}
	check("ImportTemplate", 3)
	got, err := s.SavedTemplate(ctx, rec.ID[:8])
	if err != nil || got.ID != rec.ID || got.Name != "Our encryption day" {
		t.Fatalf("SavedTemplate by prefix: %+v, %v", got, err)
	}
	if err := s.DeleteTemplate(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	check("DeleteTemplate", 4)

	s2 := savedAndReopened(t, dir, s)
	if _, err := s2.Event(ctx, eventID); err != nil {
		t.Errorf("event from the template after reopening: %v", err)
	}
	if _, err := s2.SavedTemplate(ctx, rec.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted template after reopening: %v", err)
	}
	if got, err := s2.SavedTemplate(ctx, imported.ID); err != nil || got.Name != imported.Name {
		t.Errorf("imported template after reopening: %+v, %v", got, err)
	}
	n2 := announcements(s2)
	if err := s2.DeleteTemplate(ctx, rec.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteTemplate of a missing ID: %v", err)
	}
	if _, err := s2.SaveEventAsTemplate(ctx, "missing", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveEventAsTemplate of a missing event: %v", err)
	}
	if *n2 != 0 || s2.Dirty() {
		t.Errorf("failed template writes announced %d times, dirty %v", *n2, s2.Dirty())
	}
}

func templatesOf(cs []TemplateChoice) []*campaign.Template {
	ts := make([]*campaign.Template, len(cs))
	for i, c := range cs {
		ts[i] = c.Template
	}
	return ts
}

func TestSessionTutorialsAndCounts(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	ts, err := s.Tutorials(ctx, "en")
	wts, werr := s.Store().Tutorials().List(ctx, "en")
	if err != nil || werr != nil || len(ts) == 0 || !reflect.DeepEqual(ts, wts) {
		t.Fatalf("Tutorials: %d, %v; store %d, %v", len(ts), err, len(wts), werr)
	}
	safety, err := s.TutorialBySlug(ctx, store.SafetyTutorialSlug, "en")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Tutorial(ctx, safety.ID); err != nil || !reflect.DeepEqual(got, safety) {
		t.Fatalf("Tutorial: %+v, %v", got, err)
	}
	if err := s.SetTutorialItemDone(ctx, safety.Slug, "item-1", true); err != nil {
		t.Fatal(err)
	}
	if *n != 1 || !s.Dirty() {
		t.Fatalf("SetTutorialItemDone: announced %d times, dirty %v", *n, s.Dirty())
	}
	other := ts[0]
	if other.ID == safety.ID {
		other = ts[1]
	}
	if err := s.DeleteTutorial(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if *n != 2 {
		t.Fatalf("DeleteTutorial: announced %d times in all, want 2", *n)
	}
	now := time.Date(2027, 3, 2, 12, 0, 0, 0, time.UTC)
	c, err := s.Counts(ctx, now)
	wc, werr := s.Store().CountsAt(ctx, now)
	if err != nil || werr != nil || !reflect.DeepEqual(c, wc) {
		t.Errorf("Counts: %+v, %v; store %+v, %v", c, err, wc, werr)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Errorf("IntegrityCheck of a new vault: %v", err)
	}

	s2 := savedAndReopened(t, dir, s)
	p, err := s2.TutorialProgress(ctx, safety.Slug)
	if err != nil || !p["item-1"] {
		t.Errorf("progress after reopening: %v, %v", p, err)
	}
	if _, err := s2.Tutorial(ctx, other.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted tutorial after reopening: %v", err)
	}
	// Opening syncs the built-in tutorials, which brings the deleted one
	// back under a new ID: the session may start unsaved.
	dirty := s2.Dirty()
	n2 := announcements(s2)
	if err := s2.DeleteTutorial(ctx, other.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteTutorial of a missing ID: %v", err)
	}
	if _, err := s2.TutorialBySlug(ctx, "no-such-tutorial", "en"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("TutorialBySlug of a missing slug: %v", err)
	}
	if *n2 != 0 || s2.Dirty() != dirty {
		t.Errorf("failed tutorial writes announced %d times, dirty %v", *n2, s2.Dirty())
	}
}

func TestSessionEventDetailWrites(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	writes := 0
	write := func(what string, err error) {
		t.Helper()
		writes++
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if *n != writes || !s.Dirty() {
			t.Fatalf("%s: announced %d times in all, want %d; dirty %v", what, *n, writes, s.Dirty())
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
	}
	c := &contact.Contact{Name: "Amina K.", Kind: contact.KindPerson}
	write("AddContact", s.AddContact(ctx, c))
	start := time.Date(2027, 3, 2, 19, 0, 0, 0, time.UTC)
	ev := &event.Event{Title: "Chapter meeting", Kind: event.KindMeeting, Status: event.StatusPlanned,
		Start: start, End: start.Add(time.Hour), TimeZone: "UTC", Repeat: &event.Repeat{Rule: "FREQ=WEEKLY;COUNT=3"}}
	write("AddEvent", s.AddEvent(ctx, ev))
	ev.Location = "Community hall"
	write("UpdateEvent", s.UpdateEvent(ctx, ev))
	write("DeleteOccurrence", s.DeleteOccurrence(ctx, ev.ID, start.AddDate(0, 0, 7)))
	write("SetParticipant", s.SetParticipant(ctx, event.Participant{EventID: ev.ID, ContactID: c.ID, Role: "host"}))
	tk := &event.Task{EventID: ev.ID, Title: "Book the room"}
	gone := &event.Task{EventID: ev.ID, Title: "Old task", Position: 1}
	write("AddTask", s.AddTask(ctx, tk))
	write("AddTask", s.AddTask(ctx, gone))
	tk.Title = "Book the hall"
	write("UpdateTask", s.UpdateTask(ctx, tk))
	write("DeleteTask", s.DeleteTask(ctx, gone.ID))

	events, err := s.EventsForContact(ctx, c.ID)
	wevents, werr := s.Store().Events().ForContact(ctx, c.ID)
	if err != nil || werr != nil || len(events) != 1 || !reflect.DeepEqual(events, wevents) {
		t.Errorf("EventsForContact: %+v, %v; store %+v, %v", events, err, wevents, werr)
	}
	all, err := s.Events(ctx, store.EventFilter{})
	wall, werr := s.Store().Events().List(ctx, store.EventFilter{})
	if err != nil || werr != nil || len(all) != 1 || !reflect.DeepEqual(all, wall) {
		t.Errorf("Events: %+v, %v; store %+v, %v", all, err, wall, werr)
	}
	imp, err := s.ContactDeleteImpact(ctx, c.ID)
	if err != nil || imp.Participations != 1 {
		t.Errorf("ContactDeleteImpact: %+v, %v", imp, err)
	}
	f := store.ContactFilter{Search: "Ami"}
	sums, err := s.ContactSummaries(ctx, f)
	wsums, werr := s.Store().Contacts().ListSummaries(ctx, f)
	if err != nil || werr != nil || len(sums) != 1 || !reflect.DeepEqual(sums, wsums) {
		t.Errorf("ContactSummaries: %+v, %v; store %+v, %v", sums, err, wsums, werr)
	}
	choices, err := s.ContactChoices(ctx, f)
	wchoices, werr := s.Store().Contacts().Choices(ctx, f)
	if err != nil || werr != nil || len(choices) != 1 || !reflect.DeepEqual(choices, wchoices) {
		t.Errorf("ContactChoices: %+v, %v; store %+v, %v", choices, err, wchoices, werr)
	}
	ids, err := s.ContactIDs(ctx, f)
	if err != nil || !reflect.DeepEqual(ids, []string{c.ID}) {
		t.Errorf("ContactIDs: %v, %v", ids, err)
	}
	write("RemoveParticipant", s.RemoveParticipant(ctx, ev.ID, c.ID))
	c.Tags, c.Country = []string{"clinic"}, "BR"
	write("UpdateContact", s.UpdateContact(ctx, c))
	if tags, err := s.ContactTags(ctx); err != nil || !reflect.DeepEqual(tags, []string{"clinic"}) {
		t.Errorf("ContactTags: %v, %v", tags, err)
	}
	if cs, err := s.ContactCountries(ctx); err != nil || !reflect.DeepEqual(cs, []string{"BR"}) {
		t.Errorf("ContactCountries: %v, %v", cs, err)
	}
	moved := &event.Event{Title: "Chapter meeting", Kind: event.KindMeeting, Status: event.StatusPlanned,
		Start: start.AddDate(0, 0, 15), End: start.AddDate(0, 0, 15).Add(time.Hour), TimeZone: "UTC",
		SeriesID: ev.ID, RecurrenceID: start.AddDate(0, 0, 14)}
	write("AddEvent", s.AddEvent(ctx, moved))
	overrides, err := s.Overrides(ctx, ev.ID)
	woverrides, werr := s.Store().Events().Overrides(ctx, ev.ID)
	if err != nil || werr != nil || len(overrides) != 1 || overrides[0].ID != moved.ID || !reflect.DeepEqual(overrides, woverrides) {
		t.Errorf("Overrides: %+v, %v; store %+v, %v", overrides, err, woverrides, werr)
	}

	s2 := savedAndReopened(t, dir, s)
	e, err := s2.Event(ctx, ev.ID)
	if err != nil || e.Location != "Community hall" || e.Repeat == nil || len(e.Repeat.Except) != 1 {
		t.Errorf("event after reopening: %+v, %v", e, err)
	}
	ts, err := s2.Tasks(ctx, ev.ID)
	if err != nil || len(ts) != 1 || ts[0].Title != "Book the hall" {
		t.Errorf("tasks after reopening: %+v, %v", ts, err)
	}
	if ps, err := s2.Participants(ctx, ev.ID); err != nil || len(ps) != 0 {
		t.Errorf("participants after reopening: %+v, %v", ps, err)
	}

	const missing = "0123456789abcdef0123456789abcdef"
	n2 := announcements(s2)
	_, peerErr := s2.Peer(ctx, c.ID)
	_, fpErr := s2.PeerByFingerprint(ctx, "00"+missing+missing[2:])
	for what, err := range map[string]error{
		"UpdateEvent":       s2.UpdateEvent(ctx, &event.Event{ID: missing, Title: "x", Kind: event.KindMeeting, Status: event.StatusPlanned, Start: start, TimeZone: "UTC"}),
		"DeleteOccurrence":  s2.DeleteOccurrence(ctx, missing, start),
		"DeleteTask":        s2.DeleteTask(ctx, missing),
		"RemoveParticipant": s2.RemoveParticipant(ctx, ev.ID, c.ID),
		"Peer":              peerErr,
		"PeerByFingerprint": fpErr,
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s of a missing ID: %v, want it to wrap store.ErrNotFound", what, err)
		}
	}
	if *n2 != 0 || s2.Dirty() {
		t.Errorf("failed writes announced %d times, dirty %v", *n2, s2.Dirty())
	}
}

func TestSessionPeerReads(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	got, err := p.a.Peer(ctx, p.bInA)
	want, werr := p.a.Store().Peers().Get(ctx, p.bInA)
	if err != nil || werr != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Peer: %+v, %v; store %+v, %v", got, err, want, werr)
	}
	byFP, err := p.a.PeerByFingerprint(ctx, got.Fingerprint)
	if err != nil || !reflect.DeepEqual(byFP, got) {
		t.Errorf("PeerByFingerprint: %+v, %v", byFP, err)
	}
}

// TestHasIdentity: a vault made by Create holds its sharing identity; a
// database without one (a vault from before sharing) says so without an
// error, and does not get one from being asked.
func TestHasIdentity(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	if has, err := s.HasIdentity(ctx); err != nil || !has {
		t.Fatalf("new vault: HasIdentity = %v, %v", has, err)
	}
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bare := &Session{store: st}
	for range 2 {
		if has, err := bare.HasIdentity(ctx); err != nil || has {
			t.Fatalf("database without an identity: HasIdentity = %v, %v", has, err)
		}
	}
}

// TestSessionTutorialWrites: a tutorial the user writes is announced,
// saved and found again; its slug is chosen among the vault's and the
// built-in tutorials; an update of a missing one wraps ErrNotFound and
// announces nothing.
func TestSessionTutorialWrites(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	slug, err := s.CustomTutorialSlug(ctx, "street-stall-notes", "en", nil)
	if err != nil || slug != "street-stall-notes" {
		t.Fatalf("CustomTutorialSlug = %q, %v", slug, err)
	}
	tu := &tutorial.Tutorial{Slug: slug, Language: "en", Title: "Street stall notes",
		Body: "# Street stall notes\n\nBring the leaflets.\n", ContentVersion: 1, Source: tutorial.SourceCustom}
	if err := s.AddTutorial(ctx, tu); err != nil {
		t.Fatal(err)
	}
	if again, err := s.CustomTutorialSlug(ctx, "street-stall-notes", "en", nil); err != nil || again == slug {
		t.Fatalf("a taken slug was offered again: %q, %v", again, err)
	}
	tu.Title = "Street stall checklist"
	if err := s.UpdateTutorial(ctx, tu); err != nil {
		t.Fatal(err)
	}
	if *n != 2 || !s.Dirty() {
		t.Fatalf("two tutorial writes announced %d times, dirty %v", *n, s.Dirty())
	}
	s2 := savedAndReopened(t, dir, s)
	got, err := s2.TutorialBySlug(ctx, slug, "en")
	if err != nil || got.Title != "Street stall checklist" {
		t.Fatalf("after reopening: %+v, %v", got, err)
	}
	n2 := announcements(s2)
	missing := *got
	missing.ID = "missing"
	if err := s2.UpdateTutorial(ctx, &missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateTutorial of a missing tutorial: %v", err)
	}
	if *n2 != 0 {
		t.Errorf("a failed update announced %d times", *n2)
	}
}

// TestSessionDrafts: a draft kept is listed, survives a save and an
// unlock, and is gone once dropped; keeping and dropping announce nothing
// (the lock's save keeps a draft).
func TestSessionDrafts(t *testing.T) {
	ctx := context.Background()
	dir, s := newSession(t)
	n := announcements(s)
	if err := s.KeepDraft(ctx, "contact:new", []byte(`{"name":"Amina"}`)); err != nil {
		t.Fatal(err)
	}
	if *n != 0 {
		t.Fatalf("keeping a draft announced %d times", *n)
	}
	s2 := savedAndReopened(t, dir, s)
	ds, err := s2.Drafts(ctx)
	if err != nil || len(ds) != 1 || ds[0].Key != "contact:new" || string(ds[0].Data) != `{"name":"Amina"}` {
		t.Fatalf("drafts after reopening: %+v, %v", ds, err)
	}
	if err := s2.DropDraft(ctx, "contact:new"); err != nil {
		t.Fatal(err)
	}
	if ds, err := s2.Drafts(ctx); err != nil || len(ds) != 0 {
		t.Fatalf("drafts after dropping: %+v, %v", ds, err)
	}
}
