package contactio

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-vcard"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// sampleContacts covers every exported field, awkward characters and
// every channel type.
func sampleContacts() []*contact.Contact {
	cs := []*contact.Contact{
		{Name: "Amina K.", Organization: "Open Rights, Berlin", Role: "Lawyer", Country: "DE",
			Languages: []string{"de", "en"}, Tags: []string{"legal", "press, media"},
			Channels: []contact.Channel{
				{Type: contact.ChannelSignal, Value: "+49 555 010", Label: "main"},
				{Type: contact.ChannelSignal, Value: "amina.01"},
				{Type: contact.ChannelPhone, Value: "+49 30 555 010", Label: "cell"},
				{Type: contact.ChannelPhone, Value: "030 555", Label: "Office (Berlin)"},
				{Type: contact.ChannelEmail, Value: "amina@example.org", Label: "work"},
				{Type: contact.ChannelMatrix, Value: "@amina:example.org"},
				{Type: contact.ChannelOther, Value: "xmpp:amina@example.org", Label: "XMPP"},
				{Type: contact.ChannelOther, Value: "Telegram: @amina; ask first"},
			},
			Notes: "Line one\nLine two; with \\ backslash, comma\n=SUM(A1)"},
		{Name: "Open Net", Kind: contact.KindOrganization, Country: "LB"},
		{Name: "Café Libre", Kind: contact.KindBusiness, Notes: "-1 is not a formula", Channels: []contact.Channel{{Type: contact.ChannelPhone, Value: "+961 1 555 010"}}},
		{Name: "@ سارا", Languages: []string{"ar"}},
	}
	for _, c := range cs {
		c.Normalize()
		c.Channels = canonicalChannels(c.Channels)
	}
	return cs
}

// exported is the part of a contact that export and import carry.
func exported(c *contact.Contact) string {
	var b strings.Builder
	for _, s := range []string{c.Name, string(c.Kind), c.Organization, c.Role, c.Country, c.Notes,
		strings.Join(c.Languages, "|"), strings.Join(c.Tags, "|"), strings.Join(channelStrings(c), "|")} {
		b.WriteString(s + "\x00")
	}
	return b.String()
}

func checkRoundTrip(t *testing.T, in []*contact.Contact, recs []Record) {
	t.Helper()
	if len(recs) != len(in) {
		t.Fatalf("%d records for %d contacts", len(recs), len(in))
	}
	for i, r := range recs {
		if !r.Valid() {
			t.Fatalf("record %d invalid: %v", r.Number, r.Problems)
		}
		if got, want := exported(r.Contact), exported(in[i]); got != want {
			t.Errorf("contact %d:\n got %q\nwant %q", i, got, want)
		}
	}
}

func TestVCardRoundTrip(t *testing.T) {
	t.Parallel()
	cs := sampleContacts()
	var buf bytes.Buffer
	if err := WriteVCard(&buf, cs); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadVCard(buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, cs, recs)
	// The library's own decoder reads the file as vCard 4.0.
	dec := vcard.NewDecoder(bytes.NewReader(buf.Bytes()))
	card, err := dec.Decode()
	if err != nil || card.Value(vcard.FieldVersion) != "4.0" || card.Value(vcard.FieldFormattedName) != "Amina K." {
		t.Errorf("library decode: %v %v", err, card)
	}
	for _, leak := range []string{"STAGE", "TRUST", "consent", "peer"} {
		if strings.Contains(buf.String(), leak) {
			t.Errorf("export contains %q", leak)
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	t.Parallel()
	cs := sampleContacts()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, cs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFFName,Kind,Organization,") || !strings.Contains(out, "\r\n") {
		t.Errorf("header: %q", out[:60])
	}
	// Formula injection: every cell a spreadsheet would run is defused.
	for _, s := range []string{`,'+49 555 010,`, `'+49 30 555 010`, `,'-1 is not a formula,`, `'@ سارا`} {
		if !strings.Contains(out, s) {
			t.Errorf("missing defused cell %s in\n%s", s, out)
		}
	}
	f, err := ParseCSV(buf.Bytes(), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := f.SuggestMapping()
	if slices.Contains(m, FieldIgnore) {
		t.Errorf("export columns not all recognised: %v %v", f.Headers, m)
	}
	// Tags with commas come back split: that is the one loss of CSV.
	cs[0].Tags = []string{"legal", "media", "press"}
	checkRoundTrip(t, cs, f.Records(m))
}

func TestDefuse(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"=1+1": "'=1+1", "+49": "'+49", "-x": "'-x", "@a": "'@a",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "": ""} {
		if got := defuse(in); got != want || unformula(got) != in {
			t.Errorf("defuse(%q) = %q (back %q)", in, got, unformula(got))
		}
	}
}
