package contactio

import (
	"slices"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
)

func rec(n int, c *contact.Contact) Record {
	c.Normalize()
	return Record{Number: n, Contact: c}
}

func ch(t contact.ChannelType, v string) contact.Channel { return contact.Channel{Type: t, Value: v} }

func TestKeys(t *testing.T) {
	t.Parallel()
	if NameKey("  Amina  K. ") != NameKey("amina k") {
		t.Error("names differ")
	}
	same := [][2]contact.Channel{
		{ch(contact.ChannelPhone, "+49 (30) 555-010"), ch(contact.ChannelPhone, "+4930555010")},
		{ch(contact.ChannelSignal, "+49 30 555010"), ch(contact.ChannelPhone, "+4930555010")},
		{ch(contact.ChannelEmail, "Amina@Example.org"), ch(contact.ChannelEmail, "amina@example.ORG")},
	}
	for _, p := range same {
		if ChannelKey(p[0]) != ChannelKey(p[1]) {
			t.Errorf("%v and %v differ", p[0], p[1])
		}
	}
	if ChannelKey(ch(contact.ChannelPhone, "+4930555010")) == ChannelKey(ch(contact.ChannelPhone, "004930555010")) {
		t.Error("no country code guessing")
	}
}

func TestMakePlan(t *testing.T) {
	t.Parallel()
	existing := []*contact.Contact{
		{ID: "a", Version: 3, Name: "Amina K.", Kind: contact.KindPerson, Role: "lawyer",
			Channels: []contact.Channel{ch(contact.ChannelSignal, "+49 555 010")}, Tags: []string{"legal"}},
		{ID: "b", Version: 1, Name: "Bo", Kind: contact.KindPerson},
		{ID: "c", Version: 1, Name: "Chidi", Kind: contact.KindPerson, Channels: []contact.Channel{ch(contact.ChannelEmail, "chidi@example.ng")}},
	}
	records := []Record{
		// Same name and channel: fills the organization, adds a channel
		// and a tag, keeps the role.
		rec(1, &contact.Contact{Name: "amina k", Organization: "Open Rights", Role: "attorney",
			Channels: []contact.Channel{ch(contact.ChannelPhone, "+49555010"), ch(contact.ChannelEmail, "amina@example.org")},
			Tags:     []string{"press", "legal"}}),
		// Same name, no channels on either side.
		rec(2, &contact.Contact{Name: "Bo"}),
		// Same channel, other name: a duplicate with nothing new.
		rec(3, &contact.Contact{Name: "C. Okafor", Channels: []contact.Channel{ch(contact.ChannelEmail, "CHIDI@example.ng")}}),
		rec(4, &contact.Contact{Name: "Dara", Channels: []contact.Channel{ch(contact.ChannelEmail, "dara@example.org")}}),
		// Same as record 4.
		rec(5, &contact.Contact{Name: "Dara O.", Channels: []contact.Channel{ch(contact.ChannelEmail, "Dara@example.org")}}),
		{Number: 6, Problems: []Reason{{Code: CodeNoName}}},
		// Same name as Bo but with a channel: a new person.
		rec(7, &contact.Contact{Name: "Bo", Channels: []contact.Channel{ch(contact.ChannelPhone, "+1 555 0100")}}),
		// A second merge into Amina builds on the first.
		rec(8, &contact.Contact{Name: "Amina K.", Channels: []contact.Channel{ch(contact.ChannelSignal, "+49555010")}, Tags: []string{"berlin"}}),
	}
	p := MakePlan(records, existing)
	var actions []Action
	for _, it := range p.Items {
		actions = append(actions, it.Action)
	}
	want := []Action{ActionMerge, ActionUnchanged, ActionUnchanged, ActionNew, ActionRepeated, ActionInvalid, ActionNew, ActionMerge}
	if !slices.Equal(actions, want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	it := p.Items[0]
	if it.Existing.ID != "a" || it.Merged.Organization != "Open Rights" || it.Merged.Role != "lawyer" ||
		len(it.Merged.Channels) != 3 || !slices.Equal(it.Merged.Tags, []string{"legal", "press"}) {
		t.Errorf("merged %+v", it.Merged)
	}
	var kinds []string
	for _, c := range it.Changes {
		kinds = append(kinds, c.Field+"/"+string(c.Kind))
	}
	if w := []string{"role/keep", "organization/fill", "channels/add", "channels/add", "tags/add"}; !slices.Equal(kinds, w) {
		// the order of fields is fixed: name, organization, role, ...
		if w2 := []string{"organization/fill", "role/keep", "channels/add", "channels/add", "tags/add"}; !slices.Equal(kinds, w2) {
			t.Errorf("changes %v", kinds)
		}
	}
	if got := p.Items[4].Record.Notices; len(got) != 1 || got[0].Code != CodeRepeated || got[0].Args["Record"] != 4 || p.Items[4].Into != 3 {
		t.Errorf("repeated: %v into %d", got, p.Items[4].Into)
	}
	if m := p.Items[7].Merged; !slices.Contains(m.Tags, "press") || !slices.Contains(m.Tags, "berlin") || m.Organization != "Open Rights" {
		t.Errorf("second merge lost the first: %+v", m)
	}
	if p.Writes() != 3 || p.Count(ActionMerge) != 2 {
		t.Errorf("writes %d merges %d", p.Writes(), p.Count(ActionMerge))
	}
	if existing[0].Organization != "" || len(existing[0].Tags) != 1 {
		t.Error("MakePlan changed an existing contact")
	}
}

func TestSteps(t *testing.T) {
	t.Parallel()
	existing := []*contact.Contact{{ID: "a", Version: 2, Name: "A", Channels: []contact.Channel{ch(contact.ChannelEmail, "a@example.org")}}}
	p := MakePlan([]Record{
		rec(1, &contact.Contact{Name: "A", Country: "DE", Channels: []contact.Channel{ch(contact.ChannelEmail, "a@example.org")}}),
		rec(2, &contact.Contact{Name: "B"}),
		rec(3, &contact.Contact{Name: "A", Role: "x", Channels: []contact.Channel{ch(contact.ChannelEmail, "a@example.org")}}),
	}, existing)
	steps := p.Steps(ApplyOptions{})
	if len(steps) != 2 || steps[0].Contact.Name != "B" || steps[1].Existing.ID != "a" ||
		steps[1].Contact.Country != "DE" || steps[1].Contact.Role != "x" {
		t.Fatalf("steps %+v", steps)
	}
	if s := p.Steps(ApplyOptions{SkipMerges: true}); len(s) != 1 {
		t.Errorf("SkipMerges: %+v", s)
	}
}

// A card that repeats an earlier card of the same file adds its details
// to that card's contact: nothing it holds is dropped.
func TestMakePlanRepeatInFileMerges(t *testing.T) {
	t.Parallel()
	p := MakePlan([]Record{
		rec(1, &contact.Contact{Name: "Dara Okoye", Channels: []contact.Channel{ch(contact.ChannelPhone, "+234 803 555 0101")}, Tags: []string{"press"}}),
		rec(2, &contact.Contact{Name: "Dara Okoye", Role: "editor", Languages: []string{"en"},
			Channels: []contact.Channel{ch(contact.ChannelPhone, "+2348035550101"), ch(contact.ChannelEmail, "dara@example.ng")},
			Tags:     []string{"coalition"}}),
		// Same e-mail, other name: still the same person.
		rec(3, &contact.Contact{Name: "D. O.", Channels: []contact.Channel{ch(contact.ChannelEmail, "DARA@example.ng"), ch(contact.ChannelMatrix, "@dara:example.org")}}),
	}, nil)
	var actions []Action
	for _, it := range p.Items {
		actions = append(actions, it.Action)
	}
	if want := []Action{ActionNew, ActionRepeated, ActionRepeated}; !slices.Equal(actions, want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	steps := p.Steps(ApplyOptions{SkipMerges: true})
	if len(steps) != 1 {
		t.Fatalf("steps %+v", steps)
	}
	c := steps[0].Contact
	if c.Role != "editor" || !slices.Equal(c.Tags, []string{"coalition", "press"}) || !slices.Equal(c.Languages, []string{"en"}) ||
		len(c.Channels) != 3 {
		t.Errorf("combined contact lost details: %+v", c)
	}
	var added []string
	for _, c := range p.Items[1].Changes {
		added = append(added, c.Field+"/"+string(c.Kind)+"/"+c.Value)
	}
	if want := []string{"role/fill/editor", "channels/add/email: dara@example.ng", "tags/add/coalition", "languages/add/en"}; !slices.Equal(added, want) {
		t.Errorf("changes %q, want %q", added, want)
	}
	if p.Writes() != 1 || p.Count(ActionNew) != 1 {
		t.Errorf("writes %d", p.Writes())
	}
}

// A shared phone number alone does not make two people one; an e-mail
// address, a phone with a compatible name, or the vCard UID does.
func TestMakePlanMatchRules(t *testing.T) {
	t.Parallel()
	office := "+254 20 555 0100"
	existing := []*contact.Contact{{ID: "0b1c0000-0000-4000-8000-0000000000aa", Version: 1, Name: "Wanjiru Kamau", Kind: contact.KindPerson,
		Channels: []contact.Channel{ch(contact.ChannelPhone, office)}}}
	withUID := func(r Record, uid string) Record { r.UID = uid; return r }
	p := MakePlan([]Record{
		// Same office phone, another name: another person.
		rec(1, &contact.Contact{Name: "Otieno Odhiambo", Channels: []contact.Channel{ch(contact.ChannelPhone, office)}}),
		// Same phone, a compatible name (initial): the same person.
		rec(2, &contact.Contact{Name: "Wanjiru K.", Channels: []contact.Channel{ch(contact.ChannelPhone, office), ch(contact.ChannelEmail, "w@example.ke")}}),
		// Again the office phone, a third name: a third person.
		rec(3, &contact.Contact{Name: "Amani Njeri", Channels: []contact.Channel{ch(contact.ChannelSignal, office)}}),
		// The vault contact's ID as UID: that contact, whatever else.
		withUID(rec(4, &contact.Contact{Name: "W.", Role: "director"}), "urn:uuid:0b1c0000-0000-4000-8000-0000000000aa"[9:]),
		// Two cards with one UID in the file are one person.
		withUID(rec(5, &contact.Contact{Name: "Zawadi"}), "abc"),
		withUID(rec(6, &contact.Contact{Name: "Zawadi Achieng", Country: "KE"}), "abc"),
	}, existing)
	var actions []Action
	for _, it := range p.Items {
		actions = append(actions, it.Action)
	}
	want := []Action{ActionNew, ActionMerge, ActionNew, ActionMerge, ActionNew, ActionRepeated}
	if !slices.Equal(actions, want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	if !namesCompatible(NameKey("Amina K."), NameKey("Amina Kamau")) || namesCompatible(NameKey("Amina K."), NameKey("Amani Kamau")) {
		t.Error("namesCompatible")
	}
}
