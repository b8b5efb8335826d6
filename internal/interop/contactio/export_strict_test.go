package contactio

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// strictLine is a content line of RFC 6350 section 3.3 with the
// parameter values this exporter writes (no quoting needed).
var strictLine = regexp.MustCompile(`^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=[^;:,"\x00-\x1f\x7f]*)*):(.*)$`)

// strictVCards checks out the way a strict vCard 4.0 reader does: CRLF
// line ends, physical lines of at most 75 octets that are valid UTF-8,
// continuations starting with one space, no control characters, BEGIN then
// VERSION:4.0 first, FN exactly once, and escaping per RFC 6350 section
// 3.4 (in TEXT values every ";" "," and backslash is escaped; only ADR
// has unescaped component separators). It returns the cards' unfolded
// lines and the faults found.
func strictVCards(data []byte) ([][]string, []string) {
	var faults []string
	fault := func(format string, args ...any) { faults = append(faults, fmt.Sprintf(format, args...)) }
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		fault("file does not end in CRLF")
		return nil, faults
	}
	var logical []string
	for i, phys := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(phys) > maxOctets {
			fault("line %d has %d octets: %q", i+1, len(phys), phys)
		}
		if !utf8.ValidString(phys) {
			fault("line %d is cut inside a UTF-8 character: %q", i+1, phys)
		}
		for _, r := range phys {
			if r < 0x20 && r != '\t' || r == 0x7f {
				fault("line %d holds control character %U: %q", i+1, r, phys)
			}
		}
		if strings.HasPrefix(phys, " ") {
			if len(logical) == 0 {
				fault("file starts with a continuation")
				return nil, faults
			}
			logical[len(logical)-1] += phys[1:]
			continue
		}
		logical = append(logical, phys)
	}
	var cards [][]string
	var cur []string
	in := false
	for _, l := range logical {
		switch {
		case l == "BEGIN:VCARD":
			if in {
				fault("nested BEGIN")
				return nil, faults
			}
			in, cur = true, nil
			continue
		case l == "END:VCARD":
			if !in {
				fault("END without BEGIN")
				return nil, faults
			}
			if len(cur) == 0 || cur[0] != "VERSION:4.0" {
				fault("card does not start with VERSION:4.0: %q", cur)
			}
			fn := 0
			for _, c := range cur {
				if strings.HasPrefix(c, "FN:") || strings.HasPrefix(c, "FN;") {
					fn++
				}
			}
			if fn != 1 {
				fault("card has %d FN lines", fn)
			}
			cards = append(cards, cur)
			in = false
			continue
		case !in:
			fault("line outside a card: %q", l)
			return nil, faults
		}
		m := strictLine.FindStringSubmatch(l)
		if m == nil {
			fault("malformed content line %q", l)
			continue
		}
		name, value := strings.ToUpper(m[1]), m[3]
		for i := 0; i < len(value); i++ {
			switch c := value[i]; {
			case c == '\\':
				i++
				if i >= len(value) || !strings.ContainsRune(`\,;nN`, rune(value[i])) {
					fault("bad escape in %q", l)
				}
			case c == ';' && name != "ADR", c == ',' && name != "ADR":
				fault("unescaped %q in %q", c, l)
			}
		}
		cur = append(cur, l)
	}
	if in {
		fault("card without END")
		return nil, faults
	}
	return cards, faults
}

// hostileContacts hold what broke other readers: raw CR and U+0001,
// separators, long lines of multi-byte characters.
func hostileContacts() []*contact.Contact {
	long := strings.Repeat("گفتگو امن ", 30)
	cs := []*contact.Contact{
		{ID: "0b6f8a6e-4c8e-4a47-9a7e-5d1c1b1e0c11", Name: "Amina\x01 K.", Organization: "Open; Rights, Berlin\\",
			Role: "Lawyer\r\nTrainer", Tags: []string{"a,b", "c;d"}, Country: "DE",
			Channels: []contact.Channel{
				{Type: contact.ChannelPhone, Value: "+49 30 555 010", Label: "mobile"},
				{Type: contact.ChannelPhone, Value: "+49 30 555 011", Label: "Work"},
				{Type: contact.ChannelPhone, Value: "+49 30 555 012", Label: "cell"},
				{Type: contact.ChannelOther, Value: "Telegram: @amina; ask, first"},
			},
			Notes: "one\rtwo\r\nthree\x01\u2028four " + long},
		{ID: "c2", Name: strings.Repeat("€", 40), Notes: strings.Repeat("字", 100)},
	}
	for _, c := range cs {
		c.Normalize()
	}
	return cs
}

func TestVCardStrict(t *testing.T) {
	t.Parallel()
	cs := hostileContacts()
	var buf bytes.Buffer
	if err := WriteVCard(&buf, cs); err != nil {
		t.Fatal(err)
	}
	cards, faults := strictVCards(buf.Bytes())
	for _, f := range faults {
		t.Error(f)
	}
	if len(cards) != 2 {
		t.Fatalf("%d cards", len(cards))
	}
	c0 := strings.Join(cards[0], "\n")
	for _, want := range []string{
		"PRODID:-//Safehouse//Safehouse//EN",
		"UID:urn:uuid:0b6f8a6e-4c8e-4a47-9a7e-5d1c1b1e0c11",
		"FN:Amina K.",
		`ORG:Open\; Rights\, Berlin\\`,
		"TITLE:Lawyer Trainer",
		`CATEGORIES:a\,b`, `CATEGORIES:c\;d`,
		"TEL;VALUE=text;TYPE=cell:+49 30 555 010",
		"X-ABLABEL:mobile",
		"TEL;VALUE=text;TYPE=work:+49 30 555 011",
		"TEL;VALUE=text;TYPE=cell:+49 30 555 012",
		`NOTE:one\ntwo\nthree`,
		`IMPP;X-SAFEHOUSE-TYPE=other:Telegram: @amina\; ask\, first`,
	} {
		if !strings.Contains(c0, want) {
			t.Errorf("card lacks %q:\n%s", want, c0)
		}
	}
	if strings.Contains(buf.String(), "mobile:") || strings.Contains(buf.String(), "TYPE=mobile") {
		t.Errorf("unregistered TEL type written:\n%s", buf.String())
	}
	if !strings.Contains(strings.Join(cards[1], "\n"), "UID;VALUE=text:c2") {
		t.Errorf("second card lacks its UID: %q", cards[1])
	}

	// Read back: the cleaned values, labels included.
	recs, err := ReadVCard(buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || !recs[0].Valid() {
		t.Fatalf("read back %d records: %+v", len(recs), recs)
	}
	got := recs[0].Contact
	if got.Name != "Amina K." || got.Organization != "Open; Rights, Berlin\\" || got.Role != "Lawyer Trainer" {
		t.Errorf("read back %q %q %q", got.Name, got.Organization, got.Role)
	}
	if !strings.HasPrefix(got.Notes, "one\ntwo\nthreefour ") {
		t.Errorf("notes read back as %q", got.Notes[:30])
	}
	var labels []string
	for _, ch := range got.Channels {
		labels = append(labels, ch.Label)
	}
	if strings.Join(labels, "|") != "mobile|Work|cell|" {
		t.Errorf("labels read back as %q", labels)
	}
	if strings.Join(got.Tags, "|") != "a,b|c;d" {
		t.Errorf("tags read back as %q", got.Tags)
	}
}

func TestVCardStrictSamples(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteVCard(&buf, sampleContacts()); err != nil {
		t.Fatal(err)
	}
	cards, faults := strictVCards(buf.Bytes())
	for _, f := range faults {
		t.Error(f)
	}
	if len(cards) != len(sampleContacts()) {
		t.Errorf("%d cards", len(cards))
	}
}

// TestStrictCheckerRejects makes sure the checker above fails on the
// faults it looks for.
func TestStrictCheckerRejects(t *testing.T) {
	t.Parallel()
	for name, bad := range map[string]string{
		"raw CR":          "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\rB\r\nEND:VCARD\r\n",
		"control":         "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\x01B\r\nEND:VCARD\r\n",
		"unescaped comma": "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A,B\r\nEND:VCARD\r\n",
		"long line":       "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:" + strings.Repeat("a", 80) + "\r\nEND:VCARD\r\n",
		"split UTF-8":     "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\xe2\x82\r\n \xacA\r\nEND:VCARD\r\n",
		"no version":      "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n",
		"bad escape":      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\\xB\r\nEND:VCARD\r\n",
	} {
		if _, faults := strictVCards([]byte(bad)); len(faults) == 0 {
			t.Errorf("%s: strict check passed", name)
		}
	}
}
