package app

import (
	"context"
	"errors"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/store"
)

func importRec(n int, c *contact.Contact) contactio.Record {
	c.Normalize()
	return contactio.Record{Number: n, Contact: c}
}

func chn(t contact.ChannelType, v string) contact.Channel { return contact.Channel{Type: t, Value: v} }

func TestContactImportApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, s := newSession(t)
	st := s.Store()
	amina := &contact.Contact{Name: "Amina", Channels: []contact.Channel{chn(contact.ChannelEmail, "amina@example.org")}}
	if err := st.Contacts().Add(ctx, amina); err != nil {
		t.Fatal(err)
	}
	records := []contactio.Record{
		importRec(1, &contact.Contact{Name: "Amina", Country: "DE", Channels: []contact.Channel{chn(contact.ChannelEmail, "amina@example.org")}}),
		importRec(2, &contact.Contact{Name: "Bo", Channels: []contact.Channel{chn(contact.ChannelPhone, "+1 555 0100")}}),
	}
	p, err := PlanContactImport(ctx, s, records)
	if err != nil {
		t.Fatal(err)
	}
	// Planning writes nothing.
	if n, _ := st.Contacts().Count(ctx, store.ContactFilter{}); n != 1 {
		t.Fatalf("%d contacts after planning", n)
	}
	// A change to Amina after the plan: nothing is written.
	amina.Notes = "edited"
	if err := st.Contacts().Update(ctx, amina); err != nil {
		t.Fatal(err)
	}
	if _, err := ApplyContactImport(ctx, s, p, contactio.ApplyOptions{}); !errors.Is(err, contactio.ErrStale) {
		t.Fatalf("Apply on a changed vault = %v", err)
	}
	if n, _ := st.Contacts().Count(ctx, store.ContactFilter{}); n != 1 {
		t.Fatalf("stale apply wrote: %d contacts", n)
	}
	p, _ = PlanContactImport(ctx, s, records)
	got, err := ApplyContactImport(ctx, s, p, contactio.ApplyOptions{})
	if err != nil || got != (contactio.Applied{Added: 1, Merged: 1}) {
		t.Fatalf("Apply = %+v, %v", got, err)
	}
	if !s.Dirty() {
		t.Error("the import is not marked for saving")
	}
	a, _ := st.Contacts().Get(ctx, amina.ID)
	if a.Country != "DE" || a.Notes != "edited" {
		t.Errorf("merged contact %+v", a)
	}
	// Importing the same file again changes nothing.
	p, _ = PlanContactImport(ctx, s, records)
	if p.Writes() != 0 {
		t.Errorf("second import would write %d", p.Writes())
	}
	got, err = ApplyContactImport(ctx, s, p, contactio.ApplyOptions{SkipMerges: true})
	if err != nil || got != (contactio.Applied{}) {
		t.Errorf("Apply = %+v, %v", got, err)
	}
}
