package contactio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
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
	notices                        []string
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
		if got := codes(r.Notices); !slices.Equal(got, w.notices) {
			t.Errorf("record %d: notices %v, want %v", r.Number, r.Notices, w.notices)
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
				notes:    "Met at the workshop in Leipzig. Prefers Signal, not calls.\nSecond line."},
			{name: "Fatima", channels: []string{"phone:+961 3 123 456:cell"}},
			{name: "+1 555 0100", channels: []string{"phone:+1 555 0100:cell"}, notices: []string{CodeNamedFromPhone}},
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
		{"org only", "BEGIN:VCARD\nORG:Media Hub;Desk\nEND:VCARD\n", []want{{name: "Media Hub", kind: "organization",
			notices: []string{CodeNamedFromOrganization}}}, nil},
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

// Samples in the shapes real programs write: Android 2.1 with
// quoted-printable names and e-mail-only and phone-only cards, Google
// with system groups and custom fields, Outlook with Exchange addresses
// and an IM address.
func TestReadVCardRealWorldSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		wants []want
	}{
		{"android-21.vcf", []want{
			{name: "Иван Петров", country: "RU",
				channels: []string{"phone:+7 916 555-01-01:cell", "phone:+7 495 555-00-00:work"},
				notes:    "Lawyer\nCalls only after 18:00\n\nNew paragraph"},
			{name: "press@example.org", channels: []string{"email:press@example.org:home"}, notices: []string{CodeNamedFromEmail}},
			{name: "+33 6 55 55 01 02", channels: []string{"phone:+33 6 55 55 01 02:cell"}, notices: []string{CodeNamedFromPhone}},
			{name: "Иван Петров", channels: []string{"phone:+79165550101:cell", "email:ivan.petrov@example.ru:work"}},
			{name: "Anna Sidorova", channels: []string{"phone:+7 495 555-00-00:work"}},
		}},
		{"google.vcf", []want{
			{name: "Li Wei", country: "CN", tags: []string{"journalists"},
				channels: []string{"signal:+86 138 0013 8000:", "phone:+86 138 0013 8000:cell", "email:li.wei@example.cn:home",
					"other:https://t.me/liwei_example:Telegram", "other:+86 138 0013 8001:WhatsApp"}},
			{name: "Salma Haddad", country: "LB", channels: []string{"email:salma@example.lb:"}},
		}},
		{"outlook.vcf", []want{
			{name: "Eva Fischer", org: "Digitale Freiheit e.V.", role: "Policy lead", country: "DE",
				channels: []string{"email:eva.fischer@example.de:", "other:eva.fischer@chat.example.de:"},
				notes:    "Met at the hearing.\nSends drafts on Fridays.", dropped: []string{CodeExchangeAddress}},
			{name: "Media Freedom Desk", kind: "organization", channels: []string{"email:desk@example.org:"},
				notices: []string{CodeNamedFromOrganization}},
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

// Every card of the Android sample is imported: the e-mail-only and
// phone-only cards named from their details, the repeated Ivan merged
// into the first (his e-mail address kept), and Anna, who shares only
// Ivan's office phone, a person of her own.
func TestAndroidSamplePlan(t *testing.T) {
	t.Parallel()
	recs, err := ReadVCard(readFile(t, "android-21.vcf"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p := MakePlan(recs, nil)
	var actions []Action
	for _, it := range p.Items {
		actions = append(actions, it.Action)
	}
	if want := []Action{ActionNew, ActionNew, ActionNew, ActionRepeated, ActionNew}; !slices.Equal(actions, want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	steps := p.Steps(ApplyOptions{})
	if len(steps) != 4 || !slices.Contains(channelStrings(steps[0].Contact), "email:ivan.petrov@example.ru:work") {
		t.Errorf("steps %+v", steps)
	}
}

func TestReadGoogleCustomFieldsCSV(t *testing.T) {
	t.Parallel()
	f, err := ParseCSV(readFile(t, "google-custom.csv"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !f.LooksLikeContacts() {
		t.Error("a Google export does not look like contacts")
	}
	checkRecords(t, f.Records(f.SuggestMapping()), []want{
		{name: "Mei Chen", country: "TW", tags: []string{"taipei"},
			channels: []string{"signal:+886912555010:", "phone:+886 912 555 010:Mobile", "email:mei@example.tw:Home"}},
		{name: "Yusuf Demir", country: "TR",
			channels: []string{"phone:+90 532 555 0101:", "other:@yusuf_example:Telegram", "other:+90 532 555 0101:WhatsApp"}},
		{name: "only-mail@example.org", channels: []string{"email:only-mail@example.org:"}, notices: []string{CodeNamedFromEmail}},
	})
}

// An iPhone export whose photos make it larger than the file limit is
// read without its photos, not refused.
func TestReadVCardSkipsLargePhotos(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	photo := strings.Repeat("QUJD", 19) // 76 base64 characters a line
	for i := range 3 {
		fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nPHOTO;ENCODING=b;TYPE=JPEG:%s\r\n", i, photo)
		for b.Len() < (i+1)*(4<<20) {
			b.WriteString(" " + photo + "\r\n")
		}
		b.WriteString("TEL;type=CELL:+1 555 010" + strconv.Itoa(i) + "\r\nEND:VCARD\r\n")
	}
	if b.Len() <= int(DefaultLimits.File) {
		t.Fatalf("sample too small: %d", b.Len())
	}
	recs, err := ReadVCard(b.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkRecords(t, recs, []want{
		{name: "Person 0", channels: []string{"phone:+1 555 0100:cell"}},
		{name: "Person 1", channels: []string{"phone:+1 555 0101:cell"}},
		{name: "Person 2", channels: []string{"phone:+1 555 0102:cell"}},
	})
	// Past the read limit, or too large without its photos: refused.
	if _, err := ReadVCard(b.Bytes(), Limits{Read: 1 << 20, File: 1 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the read limit: %v", err)
	}
	text := bytes.Repeat([]byte("BEGIN:VCARD\r\nFN:"+strings.Repeat("x", 100)+"\r\nEND:VCARD\r\n"), 20)
	if _, err := ReadVCard(text, Limits{File: 1000, Read: 1 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large text: %v", err)
	}
}

// Files that are not contact files are recognised and refused whatever
// their name.
func TestDetectRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		format   Format
		err      error
	}{
		{"events.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "", ErrCalendarFile},
		{"contacts.csv", "\r\n\r\nBEGIN:VCALENDAR\r\n", "", ErrCalendarFile},
		{"shared.txt", "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmNk\n-----END AGE ENCRYPTED FILE-----\n", "", ErrSharedFile},
		{"shared", "age-encryption.org/v1\n-> X25519 abc\n", "", ErrSharedFile},
		{"x.bin", "\x00\x01\x02\x03\x00\x00\x00\x00\x00", "", ErrBinary},
		{"a.txt", "BEGIN:VCARD\nFN:A\nEND:VCARD\n", FormatVCard, nil},
		{"a.csv", "Name,Email\nA,a@example.org\n", FormatCSV, nil},
	}
	for _, tt := range tests {
		f, err := Detect(tt.name, []byte(tt.in))
		if f != tt.format || !errors.Is(err, tt.err) {
			t.Errorf("Detect(%q) = %q, %v; want %q, %v", tt.name, f, err, tt.format, tt.err)
		}
	}
	for _, text := range []string{
		"Safehouse keeps contacts, events and tutorials in one encrypted vault.\nIt never touches the network, ever.\n\nRead docs/interop.md, then try it.\n",
		"just one line of words",
	} {
		f, err := ParseCSV([]byte(text), CSVOptions{})
		if err == nil && f.LooksLikeContacts() {
			t.Errorf("random text looks like contacts: %q", text)
		}
	}
	for _, n := range []string{"google.csv", "outlook.csv", "thunderbird.csv", "excel-utf16.csv"} {
		f, err := ParseCSV(readFile(t, n), CSVOptions{})
		if err != nil || !f.LooksLikeContacts() {
			t.Errorf("%s: %v, looks like contacts %v", n, err, err == nil && f.LooksLikeContacts())
		}
	}
	if f, err := ParseCSV([]byte("a@example.org;+49 30 555010\nb@example.org;+49 30 555011\n"), CSVOptions{}); err != nil || !f.LooksLikeContacts() {
		t.Error("a headerless list of addresses is a contact file")
	}
}

func TestCountryNamesInOtherScripts(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"中国": "CN", "德国": "DE", "台灣": "TW", "لبنان": "LB", "ایران": "IR",
		"Россия": "RU", "Германия": "DE", "Kenia": "KE", "日本": "JP", "Türkiye": "TR", "Allemagne": "DE"} {
		if got, ok := countryCode(in); !ok || got != want {
			t.Errorf("countryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
