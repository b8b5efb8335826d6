package contactio

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// want is what a test expects of one record.
type want struct {
	name, kind, org, role, country string
	languages, tags                []string
	channels                       []string // "type:value:label"
	notes                          string
	problems                       []string // reason codes
	dropped                        []string
}

func channelStrings(c *contact.Contact) []string {
	var out []string
	for _, ch := range c.Channels {
		out = append(out, string(ch.Type)+":"+ch.Value+":"+ch.Label)
	}
	return out
}

func codes(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func checkRecords(t *testing.T, recs []Record, wants []want) {
	t.Helper()
	if len(recs) != len(wants) {
		t.Fatalf("got %d records, want %d: %+v", len(recs), len(wants), recs)
	}
	for i, w := range wants {
		r := recs[i]
		if got := codes(r.Problems); !slices.Equal(got, w.problems) {
			t.Errorf("record %d: problems %v, want %v", r.Number, r.Problems, w.problems)
			continue
		}
		if got := codes(r.Dropped); !slices.Equal(got, w.dropped) {
			t.Errorf("record %d: dropped %v, want %v", r.Number, r.Dropped, w.dropped)
		}
		if len(w.problems) > 0 {
			if r.Contact != nil {
				t.Errorf("record %d: invalid record has a contact", r.Number)
			}
			continue
		}
		c := r.Contact
		if c == nil {
			t.Fatalf("record %d: no contact", r.Number)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("record %d: contact does not validate: %v", r.Number, err)
		}
		kind := w.kind
		if kind == "" {
			kind = "person"
		}
		got := []string{c.Name, string(c.Kind), c.Organization, c.Role, c.Country, c.Notes}
		exp := []string{w.name, kind, w.org, w.role, w.country, w.notes}
		if !slices.Equal(got, exp) {
			t.Errorf("record %d:\n got %q\nwant %q", r.Number, got, exp)
		}
		if !slices.Equal(c.Languages, w.languages) || !slices.Equal(c.Tags, w.tags) {
			t.Errorf("record %d: languages %q tags %q, want %q %q", r.Number, c.Languages, c.Tags, w.languages, w.tags)
		}
		if got := channelStrings(c); !slices.Equal(got, w.channels) {
			t.Errorf("record %d: channels\n got %q\nwant %q", r.Number, got, w.channels)
		}
	}
}

func TestReadVCardSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		wants []want
	}{
		{"android.vcf", []want{
			{name: "Jürgen König", org: "Open Net e.V.", role: "Coordinator",
				channels: []string{"phone:+49 151 23456789:cell", "phone:030 1234567:home", "email:juergen@example.org:home"},
				notes:    "Met at the workshop in Leipzig. Prefers Signal, not calls.\n\nSecond line."},
			{name: "Fatima", channels: []string{"phone:+961 3 123 456:cell"}},
			{problems: []string{CodeNoName}},
		}},
		{"ios.vcf", []want{
			{name: "Chidi Okafor", org: "Lagos Digital Rights Lab", role: "Researcher", country: "NG",
				tags: []string{"coalition", "press"},
				channels: []string{"signal:+2348035550199:", "phone:+234 803 555 0199:cell",
					"phone:+234 1 555 0100:Office (Lagos)", "email:chidi@example.ng:"},
				notes: "Long-time contact. Speaks at the annual conference, usually on surveillance."},
			{name: "Amnesty Lab", kind: "organization", channels: []string{"email:lab@example.org:Work"}},
		}},
		{"thunderbird.vcf", []want{
			{name: "Amina K.", org: "Open Rights", role: "Lawyer", country: "DE",
				languages: []string{"de", "en"}, tags: []string{"berlin", "legal"},
				channels: []string{"signal:+49555010:", "phone:+49 555 010:cell", "email:amina@example.org:",
					"matrix:@amina:example.org:", "other:xmpp:amina@jabber.example.org:"},
				notes: "First line\nSecond line; with a semicolon"},
			{problems: []string{CodeGroupCard}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			recs, err := ReadVCard(readFile(t, tt.file), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, recs, tt.wants)
		})
	}
}

func TestReadVCardLineNumbers(t *testing.T) {
	t.Parallel()
	recs, err := ReadVCard(readFile(t, "android.vcf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Line != 1 || recs[1].Line != 16 || recs[2].Number != 3 {
		t.Errorf("lines %d %d, number %d", recs[0].Line, recs[1].Line, recs[2].Number)
	}
}

func TestReadVCardEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		wants    []want
		err      error
	}{
		{"empty", "", nil, ErrNotVCard},
		{"not a vcard", "Name,Phone\nA,1\n", nil, ErrNotVCard},
		{"truncated", "BEGIN:VCARD\nFN:A\n", []want{{problems: []string{CodeCardTruncated}}}, nil},
		{"bom and lf", "\uFEFFBEGIN:VCARD\nVERSION:3.0\nFN:Bo\nEND:VCARD\n", []want{{name: "Bo"}}, nil},
		{"lower case and folded", "begin:vcard\nfn:Ca\n rla\nend:vcard", []want{{name: "Carla"}}, nil},
		{"nested agent dropped", "BEGIN:VCARD\nFN:Outer\nAGENT:BEGIN:VCARD\nBEGIN:VCARD\nFN:Inner\nEND:VCARD\nEND:VCARD\n",
			[]want{{name: "Outer"}}, nil},
		{"escaped separators", "BEGIN:VCARD\nN:O\\;Brien;Dara;;;\nORG:A\\, B;Dept\nCATEGORIES:a\\,b,c\nEND:VCARD\n",
			[]want{{name: "Dara O;Brien", org: "A, B", tags: []string{"a,b", "c"}}}, nil},
		{"control characters dropped", "BEGIN:VCARD\nFN:Ev\x1bil\x1f\nEND:VCARD\n", []want{{name: "Evil"}}, nil},
		{"org only", "BEGIN:VCARD\nORG:Media Hub;Desk\nEND:VCARD\n", []want{{name: "Media Hub", kind: "organization"}}, nil},
		{"too long name", "BEGIN:VCARD\nFN:" + strings.Repeat("n", 201) + "\nEND:VCARD\n",
			[]want{{problems: []string{CodeTooLong}}}, nil},
		{"unknown country and language", "BEGIN:VCARD\nFN:X\nADR:;;;;;;Atlantis\nLANG:klingonish\nEND:VCARD\n",
			[]want{{name: "X", dropped: []string{CodeCountryUnknown, CodeLanguageUnknown}}}, nil},
		{"matrix.to and signal links", "BEGIN:VCARD\nFN:M\nIMPP:https://matrix.to/#/%40m%3Aexample.org\n" +
			"IMPP:https://signal.me/#p/+15550100\nIMPP;X-SERVICE-TYPE=Matrix:x-apple:@m2:example.org\nEND:VCARD\n",
			[]want{{name: "M", channels: []string{"signal:+15550100:", "matrix:@m:example.org:", "matrix:@m2:example.org:"}}}, nil},
		{"repeated channels kept once", "BEGIN:VCARD\nFN:R\nTEL:+1 555 0100\nTEL:+1 555 0100\nEND:VCARD\n",
			[]want{{name: "R", channels: []string{"phone:+1 555 0100:"}}}, nil},
		{"latin-1 quoted-printable", "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9\nEND:VCARD\n",
			[]want{{name: "René"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			recs, err := ReadVCard([]byte(tt.in), Limits{})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			checkRecords(t, recs, tt.wants)
		})
	}
}

func TestReadVCardLimits(t *testing.T) {
	t.Parallel()
	card := "BEGIN:VCARD\nFN:A\nEND:VCARD\n"
	if _, err := ReadVCard([]byte(strings.Repeat(card, 4)), Limits{Records: 3}); !errors.Is(err, ErrTooManyRecords) {
		t.Errorf("records: %v", err)
	}
	if _, err := ReadVCard([]byte(strings.Repeat(card, 4)), Limits{File: 50}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("size: %v", err)
	}
	many := "BEGIN:VCARD\nFN:A\n" + strings.Repeat("NOTE:x\n", 5) + "END:VCARD\n"
	recs, err := ReadVCard([]byte(many), Limits{Properties: 3})
	if err != nil || len(recs) != 1 || codes(recs[0].Problems)[0] != CodeCardTooLong {
		t.Errorf("properties: %v %+v", err, recs)
	}
	chans := "BEGIN:VCARD\nFN:A\n" + strings.Repeat("TEL:+1555010\nTEL:+1555011\n", 1) + "END:VCARD\n"
	recs, _ = ReadVCard([]byte(chans), Limits{Channels: 1})
	if codes(recs[0].Problems)[0] != CodeTooManyChannels {
		t.Errorf("channels: %+v", recs)
	}
	if _, err := ReadVCard([]byte("BEGIN:VCARD\x00\x00\x00\x00"), Limits{}); !errors.Is(err, ErrBinary) {
		t.Errorf("binary: %v", err)
	}
	// A long run of folded lines is read in linear time.
	var b bytes.Buffer
	b.WriteString("BEGIN:VCARD\nNOTE:")
	for b.Len() < 4<<20 {
		b.WriteString("\n x")
	}
	b.WriteString("\nFN:Long\nEND:VCARD\n")
	recs, err = ReadVCard(b.Bytes(), Limits{})
	if err != nil || len(recs) != 1 || codes(recs[0].Problems)[0] != CodeTooLong {
		t.Errorf("folded: %v %v", err, recs[0].Problems)
	}
}

func TestDecodeText(t *testing.T) {
	t.Parallel()
	utf16le := []byte{0xFF, 0xFE, 'h', 0, 0xE9, 0}
	utf16be := []byte{0xFE, 0xFF, 0, 'h', 0, 0xE9}
	noBOM := []byte{'h', 0, 'i', 0, '!', 0, 'x', 0}
	tests := []struct {
		in        []byte
		text, enc string
	}{
		{[]byte("héllo"), "héllo", EncodingUTF8},
		{[]byte("\xEF\xBB\xBFhé"), "hé", EncodingUTF8BOM},
		{utf16le, "hé", EncodingUTF16LE},
		{utf16be, "hé", EncodingUTF16BE},
		{noBOM, "hi!x", EncodingUTF16LE},
		{[]byte("M\xFCller \x80"), "Müller €", EncodingWindows1252},
	}
	for _, tt := range tests {
		text, enc, err := DecodeText(tt.in, Limits{})
		if err != nil || text != tt.text || enc != tt.enc {
			t.Errorf("DecodeText(%q) = %q, %q, %v; want %q, %q", tt.in, text, enc, err, tt.text, tt.enc)
		}
	}
}

func TestCountryAndLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"de": "DE", "DEU": "DE", "Germany": "DE", "deutschland": "DE",
		"United Kingdom": "GB", "USA": "US", "Lebanon": "LB", "Côte d’Ivoire": "CI"} {
		if got, ok := countryCode(in); !ok || got != want {
			t.Errorf("countryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := countryCode("Atlantis"); ok {
		t.Error("Atlantis is a country")
	}
	for in, want := range map[string]string{"en": "en", "pt_BR": "pt-BR", "French": "fr", "Deutsch": "de",
		"العربية": "ar", "fa": "fa"} {
		if got, ok := languageTag(in); !ok || got != want {
			t.Errorf("languageTag(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
