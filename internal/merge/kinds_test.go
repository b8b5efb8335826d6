package merge

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// TestEveryKindHasAnEntry: the merge table has a complete entry for
// every kind peers share and none for the others, and records lists
// every shared kind it finds in a payload.
func TestEveryKindHasAnEntry(t *testing.T) {
	for _, k := range record.All {
		ops, ok := kinds[k]
		if ok != k.Shared() {
			t.Errorf("%s: in the merge table %v, shared %v", k, ok, k.Shared())
			continue
		}
		if ok && (ops.get == nil || ops.same == nil || ops.put == nil || ops.del == nil) {
			t.Errorf("%s: incomplete entry", k)
		}
	}
	if len(kinds) != len(record.All)-1 {
		t.Errorf("the table has %d entries", len(kinds))
	}
	v := newVault(t, 0xa1)
	f := addOneOfEach(t, v.st)
	p, err := Collect(context.Background(), v.st, f.sel, v.fp, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := map[record.Kind]bool{}
	for _, in := range records(p) {
		found[in.kind] = true
	}
	for k := range kinds {
		if !found[k] {
			t.Errorf("records lists no %s", k)
		}
	}
}

type vault struct {
	st *store.Store
	fp string
}

func newVault(t *testing.T, b byte) vault {
	t.Helper()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return vault{st, strings.Repeat(string("0123456789abcdef"[b>>4])+string("0123456789abcdef"[b&15]), 32)}
}

type oneOfEach struct {
	ids map[record.Kind]string
	sel Selection
}

func addOneOfEach(t *testing.T, st *store.Store) oneOfEach {
	t.Helper()
	ctx := context.Background()
	c := &contact.Contact{Name: "Amina", Kind: contact.KindPerson, Notes: "kept here"}
	e := &event.Event{Title: "Crypto party", Start: time.Date(2027, 10, 21, 10, 0, 0, 0, time.UTC)}
	u := &tutorial.Tutorial{Slug: "our-guide", Title: "Our guide", Body: "# Hi"}
	must(t, st.Contacts().Add(ctx, c))
	must(t, st.Events().Add(ctx, e))
	k := &event.Task{EventID: e.ID, Title: "Book a room", AssigneeID: c.ID}
	must(t, st.Tasks().Add(ctx, k))
	must(t, st.Tutorials().Add(ctx, u))
	return oneOfEach{
		ids: map[record.Kind]string{record.Contact: c.ID, record.Event: e.ID, record.Task: k.ID, record.Tutorial: u.ID},
		sel: Selection{Contacts: []string{c.ID}, Events: []string{e.ID}, Tutorials: []string{u.ID}},
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// title reads and, when to is not "", changes the title (a contact's
// name) of the record of kind k.
func title(t *testing.T, st *store.Store, k record.Kind, id, to string) string {
	t.Helper()
	ctx := context.Background()
	var got string
	var err error
	switch k {
	case record.Contact:
		var c *contact.Contact
		if c, err = st.Contacts().Get(ctx, id); err == nil && to != "" {
			c.Name = to
			err = st.Contacts().Update(ctx, c)
		} else if err == nil {
			got = c.Name
		}
	case record.Event:
		var e *event.Event
		if e, err = st.Events().Get(ctx, id); err == nil && to != "" {
			e.Title = to
			err = st.Events().Update(ctx, e)
		} else if err == nil {
			got = e.Title
		}
	case record.Task:
		var k *event.Task
		if k, err = st.Tasks().Get(ctx, id); err == nil && to != "" {
			k.Title = to
			err = st.Tasks().Update(ctx, k)
		} else if err == nil {
			got = k.Title
		}
	case record.Tutorial:
		var u *tutorial.Tutorial
		if u, err = st.Tutorials().Get(ctx, id); err == nil && to != "" {
			u.Title = to
			err = st.Tutorials().Update(ctx, u)
		} else if err == nil {
			got = u.Title
		}
	default:
		t.Fatalf("no test case for kind %s", k)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", k, id, err)
	}
	return got
}

// TestEveryKindMerges runs the generic merge over one record of each
// shared kind through its whole life: new, unchanged, changed by the
// sender, changed on both sides (a conflict copy), deleted by its
// creator.
func TestEveryKindMerges(t *testing.T) {
	ctx := context.Background()
	a, b := newVault(t, 0xa1), newVault(t, 0xb2)
	f := addOneOfEach(t, a.st)
	for k := range kinds {
		if f.ids[k] == "" {
			t.Fatalf("the test has no %s", k)
		}
	}
	seq := int64(0)
	send := func(p *bundle.Payload) *Plan {
		t.Helper()
		seq++
		o := &bundle.Opened{Manifest: &bundle.Manifest{ID: uuid.NewString(), Sender: bundle.Sender{Fingerprint: a.fp}, Sequence: seq}, Payload: p}
		preview, err := MakePlan(ctx, b.st, o, b.fp)
		if err != nil {
			t.Fatal(err)
		}
		pl, err := Apply(ctx, b.st, o, b.fp, preview, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pl
	}
	sendAll := func() *Plan {
		t.Helper()
		p, err := Collect(ctx, a.st, f.sel, a.fp, nil)
		if err != nil {
			t.Fatal(err)
		}
		return send(p)
	}
	action := func(pl *Plan, k record.Kind) Action {
		t.Helper()
		for _, it := range pl.Items {
			if it.Kind == k && it.ID == f.ids[k] {
				return it.Action
			}
		}
		t.Fatalf("no %s in the plan %+v", k, pl.Items)
		return ""
	}

	pl := sendAll()
	for k, id := range f.ids {
		if action(pl, k) != New || title(t, b.st, k, id, "") != title(t, a.st, k, id, "") {
			t.Errorf("%s: first import %s", k, action(pl, k))
		}
	}
	if pl = sendAll(); !pl.Empty() {
		t.Errorf("second import: %+v", pl.Items)
	}
	for k, id := range f.ids {
		title(t, a.st, k, id, "Sender's "+string(k))
		if got := action(sendAll(), k); got != Changed || title(t, b.st, k, id, "") != "Sender's "+string(k) {
			t.Errorf("%s changed by the sender: %s, title %q", k, got, title(t, b.st, k, id, ""))
		}
	}
	for k, id := range f.ids {
		title(t, a.st, k, id, "Theirs "+string(k))
		title(t, b.st, k, id, "Ours "+string(k))
		if got := action(sendAll(), k); got != Conflict || title(t, b.st, k, id, "") != "Ours "+string(k) {
			t.Errorf("%s changed on both sides: %s, title %q", k, got, title(t, b.st, k, id, ""))
		}
		cs, err := b.st.Sync().Conflicts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		copied := false
		for _, c := range cs {
			copied = copied || c.Kind == k && c.OriginalID == id && c.Peer == a.fp && title(t, b.st, k, c.CopyID, "") == "Theirs "+string(k)
		}
		if !copied {
			t.Errorf("%s: no conflict copy with the sender's version in %+v", k, cs)
		}
	}
	// Deletions by the creator, one kind at a time (an event's deletion
	// takes its tasks along).
	for _, k := range []record.Kind{record.Task, record.Tutorial, record.Contact, record.Event} {
		pl := send(&bundle.Payload{Deleted: []bundle.Deletion{{ID: f.ids[k], Kind: string(k)}}})
		if got := action(pl, k); got != Deleted {
			t.Errorf("%s deleted by its creator: %s", k, got)
		}
		if _, err := kinds[k].get(ctx, b.st, f.ids[k]); err == nil {
			t.Errorf("%s is still here", k)
		}
	}
}
