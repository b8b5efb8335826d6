package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Records as a merge stores them: the origin is the fingerprint of the
// peer who signed the shared file (Bob), or of keys nobody added.
var (
	bobFP      = strings.Repeat("ab", 32)
	strangerFP = strings.Repeat("cd", 32)
)

func addBob(t *testing.T, e *scrEnv) {
	t.Helper()
	if _, err := e.Session.Store().Peers().Add(context.Background(), store.NewPeer{
		Keys: contact.PeerKeys{Recipient: "age1pq1x", SigningKey: "k"}, Fingerprint: bobFP, NameHint: "Bob"}); err != nil {
		t.Fatal(err)
	}
}

func mergedMeta() (string, time.Time) {
	return uuid.NewString(), time.Date(2027, 9, 1, 10, 0, 0, 0, time.UTC)
}

// TestDetailsSayWhoRecordsCameFrom: the detail of a contact, an event and
// a tutorial that arrived in a shared file says who signed it; a record
// made here says nothing.
func TestDetailsSayWhoRecordsCameFrom(t *testing.T) {
	ctx := context.Background()
	e := newScrEnv(t)
	addBob(t, e)
	st := e.Session.Store()
	id, at := mergedMeta()
	if err := st.Contacts().Put(ctx, &contact.Contact{ID: id, Created: at, Updated: at, Version: 1, Origin: bobFP,
		Name: "Amina from Bob", Kind: contact.KindPerson}); err != nil {
		t.Fatal(err)
	}
	e.addContacts(t, &contact.Contact{Name: "Made here", Kind: contact.KindPerson})
	cs := newTestContacts(t, e)
	for i, it := range cs.items {
		cs.list.Select(i)
		texts := scrCanvasTexts(e)
		if from := containsText(texts, "From Bob"); from != (it.Name == "Amina from Bob") {
			t.Errorf("contact %q: From Bob shown = %v (%q)", it.Name, from, texts)
		}
	}

	evID, at := mergedMeta()
	if err := st.Events().Put(ctx, &event.Event{ID: evID, Created: at, Updated: at, Version: 1, Origin: strangerFP,
		Title: "Vigil", Start: at.AddDate(0, 1, 0), TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	es := newTestEvents(t, e)
	es.list.Select(0)
	if texts := scrCanvasTexts(e); !containsText(texts, "From someone you don't know (fingerprint cdcd cdcd cdcd cdcd…)") {
		t.Errorf("event detail: %q", texts)
	}

	tuID, at := mergedMeta()
	tu := &tutorial.Tutorial{ID: tuID, Created: at, Updated: at, Version: 1, Origin: bobFP, Slug: "bobs-guide", Language: "en",
		Title: "Bob's guide", Body: "- [ ] step", ContentVersion: 1, Source: tutorial.SourceImported}
	if err := st.Tutorials().Put(ctx, tu); err != nil {
		t.Fatal(err)
	}
	ts := newTestTutorials(t, e)
	ts.open(tu)
	if texts := scrCanvasTexts(e); !containsText(texts, "From Bob") {
		t.Errorf("tutorial reader: %q", texts)
	}
}

// TestFormatCharactersMarkedInLabels: a name with U+202E (which would
// show "invoice<RLO>fdp.exe" as "invoiceexe.pdf") is shown with a
// visible marker in the list and the detail.
func TestFormatCharactersMarkedInLabels(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, &contact.Contact{Name: "invoice\u202efdp.exe", Kind: contact.KindPerson})
	s := newTestContacts(t, e)
	s.list.Select(0)
	texts := scrCanvasTexts(e)
	n := 0
	for _, text := range texts {
		if strings.ContainsRune(text, '\u202e') {
			t.Fatalf("raw U+202E shown: %q", text)
		}
		if strings.Contains(text, "invoice[U+202E]fdp.exe") {
			n++
		}
	}
	if n < 2 {
		t.Fatalf("marker shown %d times (list and detail expected): %q", n, texts)
	}
}
