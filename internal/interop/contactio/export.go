package contactio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/textsafe"
)

// ProductID is the PRODID of exported vCards.
const ProductID = "-//Safehouse//Safehouse//EN"

// maxOctets is the longest content line written; longer lines are folded
// (RFC 6350 section 3.2).
const maxOctets = 75

// vline is one content line of a vCard: an optional group, the property
// name, parameters in order and the value, already escaped.
type vline struct {
	group, name string
	params      [][2]string
	value       string
}

// registeredTypes are the TYPE values RFC 6350 registers for each
// property; other labels are written as Apple's X-ABLabel in a property
// group, which Apple, Google and Thunderbird read.
var registeredTypes = map[string]map[string]bool{
	"TEL":   {"home": true, "work": true, "text": true, "voice": true, "fax": true, "cell": true, "video": true, "pager": true, "textphone": true},
	"EMAIL": {"home": true, "work": true},
	"IMPP":  {"home": true, "work": true},
}

// mobileLabels are labels of a mobile number; they are written as the
// registered TEL type "cell", with the label itself kept in X-ABLabel.
var mobileLabels = map[string]bool{"mobile": true, "mobil": true, "handy": true, "móvil": true, "movil": true, "portable": true, "celular": true, "cellulare": true}

// cardLines returns c as the content lines of a vCard 4.0 card, between
// BEGIN and END: VERSION, PRODID, UID (urn:uuid: for the vault's IDs), FN,
// KIND (org for organizations and businesses, with X-SAFEHOUSE-KIND:business
// for businesses), ORG, TITLE, ADR with the country code, LANG, TEL,
// EMAIL, IMPP (sgnl:// for Signal numbers, signal: for Signal usernames,
// matrix: URIs for Matrix IDs, the value itself for other channels),
// CATEGORIES and NOTE. Labels become registered TYPE values or X-ABLabel.
// Every value is cleaned (valid UTF-8, no control characters; line
// breaks only in notes) and escaped as RFC 6350 section 3.4 says.
func cardLines(c *contact.Contact) []vline {
	ls := []vline{{name: "VERSION", value: "4.0"}, {name: "PRODID", value: escText(ProductID)}}
	if id := oneLine(c.ID); id != "" {
		if u, err := uuid.Parse(id); err == nil {
			ls = append(ls, vline{name: "UID", value: "urn:uuid:" + u.String()})
		} else {
			ls = append(ls, vline{name: "UID", params: [][2]string{{"VALUE", "text"}}, value: escText(id)})
		}
	}
	ls = append(ls, vline{name: "FN", value: escText(oneLine(c.Name))})
	switch c.Kind {
	case contact.KindOrganization:
		ls = append(ls, vline{name: "KIND", value: "org"})
	case contact.KindBusiness:
		ls = append(ls, vline{name: "KIND", value: "org"}, vline{name: propKind, value: "business"})
	}
	if v := oneLine(c.Organization); v != "" {
		ls = append(ls, vline{name: "ORG", value: escText(v)})
	}
	if v := oneLine(c.Role); v != "" {
		ls = append(ls, vline{name: "TITLE", value: escText(v)})
	}
	if v := oneLine(c.Country); v != "" {
		// ADR: PO box; extended; street; locality; region; postal code; country.
		ls = append(ls, vline{name: "ADR", value: ";;;;;;" + escText(v)})
	}
	for i, l := range c.Languages {
		ln := vline{name: "LANG", value: escText(oneLine(l))}
		if len(c.Languages) > 1 {
			ln.params = [][2]string{{"PREF", strconv.Itoa(min(i+1, 100))}}
		}
		ls = append(ls, ln)
	}
	group := 0
	for _, ch := range c.Channels {
		ln := vline{name: "IMPP"}
		v := oneLine(ch.Value)
		switch ch.Type {
		case contact.ChannelPhone:
			ln.name, ln.value = "TEL", escText(v)
			ln.params = append(ln.params, [2]string{"VALUE", "text"})
		case contact.ChannelEmail:
			ln.name, ln.value = "EMAIL", escText(v)
		case contact.ChannelSignal:
			ln.params = append(ln.params, [2]string{"X-SERVICE-TYPE", "Signal"}, [2]string{paramType, string(ch.Type)})
			if isPhoneLike(v) {
				ln.value = escText("sgnl://signal.me/#p/" + v)
			} else {
				ln.value = escText("signal:" + v)
			}
		case contact.ChannelMatrix:
			ln.params = append(ln.params, [2]string{"X-SERVICE-TYPE", "Matrix"}, [2]string{paramType, string(ch.Type)})
			ln.value = escText(matrixURI(v))
		default:
			ln.params = append(ln.params, [2]string{paramType, string(contact.ChannelOther)})
			ln.value = escText(v)
		}
		label := oneLine(ch.Label)
		lower := strings.ToLower(label)
		switch {
		case label == "":
		case registeredTypes[ln.name][label]:
			ln.params = append(ln.params, [2]string{"TYPE", label})
		default:
			// A registered type in another case ("Work") or a mobile
			// number's label is written as the registered type too, for
			// readers that ignore X-ABLabel.
			switch {
			case registeredTypes[ln.name][lower]:
				ln.params = append(ln.params, [2]string{"TYPE", lower})
			case ln.name == "TEL" && mobileLabels[lower]:
				ln.params = append(ln.params, [2]string{"TYPE", "cell"})
			}
			group++
			ln.group = fmt.Sprintf("item%d", group)
			ls = append(ls, vline{group: ln.group, name: propLabel, value: escText(label)})
		}
		ls = append(ls, ln)
	}
	for _, t := range c.Tags {
		if t = oneLine(t); t != "" {
			ls = append(ls, vline{name: "CATEGORIES", value: escText(t)})
		}
	}
	if n := cleanText(c.Notes); n != "" {
		ls = append(ls, vline{name: "NOTE", value: escText(n)})
	}
	return ls
}

// cleanText and oneLine are textsafe.Clean and textsafe.OneLine: the
// same rule for every exchange format.
func cleanText(s string) string { return textsafe.Clean(s) }

func oneLine(s string) string { return textsafe.OneLine(s) }

// textEscaper escapes a TEXT value (RFC 6350 section 3.4): backslash,
// comma, semicolon and newline. Escaping ";" and "," in every value keeps
// compound (ORG, ADR) and list (CATEGORIES) values to one component.
var textEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`)

func escText(s string) string { return textEscaper.Replace(s) }

// writeCard writes one card, CRLF line ends, folded at 75 octets.
func writeCard(w *bufio.Writer, ls []vline) error {
	var b strings.Builder
	line := func(s string) {
		foldLine(&b, s)
	}
	line("BEGIN:VCARD")
	for _, l := range ls {
		var s strings.Builder
		if l.group != "" {
			s.WriteString(l.group + ".")
		}
		s.WriteString(l.name)
		for _, p := range l.params {
			s.WriteString(";" + p[0] + "=" + p[1])
		}
		s.WriteString(":" + l.value)
		line(s.String())
	}
	line("END:VCARD")
	_, err := w.WriteString(b.String())
	return err
}

// foldLine writes s with CRLF, folded at 75 octets (RFC 6350 section
// 3.2): a continuation starts with one space, and no line is cut inside
// a UTF-8 sequence.
func foldLine(b *strings.Builder, s string) {
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// matrixURI writes a Matrix ID as a matrix: URI (MSC2312).
func matrixURI(v string) string {
	switch {
	case strings.HasPrefix(v, "@"):
		return "matrix:u/" + v[1:]
	case strings.HasPrefix(v, "#"):
		return "matrix:r/" + v[1:]
	case strings.HasPrefix(v, "!"):
		return "matrix:roomid/" + v[1:]
	}
	return "matrix:" + v
}

// WriteVCard writes the contacts as vCard 4.0 cards (RFC 6350; see
// cardLines for the properties) with CRLF line ends, folded at 75 octets.
func WriteVCard(w io.Writer, cs []*contact.Contact) error {
	bw := bufio.NewWriter(w)
	for _, c := range cs {
		if err := writeCard(bw, cardLines(c)); err != nil {
			return fmt.Errorf("failed to write vCard: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("failed to write vCard: %w", err)
	}
	return nil
}

// CSV column names written by [WriteCSV]; [ParseCSV] maps them back.
var csvBase = []string{"Name", "Kind", "Organization", "Role", "Country", "Languages", "Tags", "Notes"}

var csvChannelNames = []struct {
	typ  contact.ChannelType
	name string
}{
	{contact.ChannelPhone, "Phone"},
	{contact.ChannelEmail, "E-mail"},
	{contact.ChannelSignal, "Signal"},
	{contact.ChannelMatrix, "Matrix"},
	{contact.ChannelOther, "Other"},
}

// WriteCSV writes the contacts as CSV (RFC 4180: comma-separated, CRLF
// line ends, quoted where needed) in UTF-8 with a byte order mark, so
// spreadsheets open it in the right encoding. The columns are Name, Kind,
// Organization, Role, Country, Languages and Tags (comma-separated),
// Notes, then "Phone 1 - Label", "Phone 1 - Value" and so on for as many
// channels of each type as a contact has (the layout of Google Contacts).
// A cell that starts with = + - @ tab or carriage return gets a leading
// "'" so that no spreadsheet runs it as a formula; [ParseCSV] removes it.
func WriteCSV(w io.Writer, cs []*contact.Contact) error {
	counts := map[contact.ChannelType]int{}
	for _, c := range cs {
		n := map[contact.ChannelType]int{}
		for _, ch := range c.Channels {
			n[ch.Type]++
			counts[ch.Type] = max(counts[ch.Type], n[ch.Type])
		}
	}
	header := append([]string(nil), csvBase...)
	for _, t := range csvChannelNames {
		for i := 1; i <= counts[t.typ]; i++ {
			header = append(header, fmt.Sprintf("%s %d - Label", t.name, i), fmt.Sprintf("%s %d - Value", t.name, i))
		}
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, c := range cs {
		row := []string{c.Name, string(c.Kind), c.Organization, c.Role, c.Country,
			strings.Join(c.Languages, ", "), strings.Join(c.Tags, ", "), c.Notes}
		for _, t := range csvChannelNames {
			var cells []string
			for _, ch := range c.Channels {
				if ch.Type == t.typ {
					cells = append(cells, ch.Label, ch.Value)
				}
			}
			for len(cells) < 2*counts[t.typ] {
				cells = append(cells, "")
			}
			row = append(row, cells...)
		}
		for i, v := range row {
			row[i] = defuse(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("failed to write CSV: %w", err)
	}
	return bw.Flush()
}

// defuse prefixes a cell that a spreadsheet would run as a formula with a
// single quote (OWASP's advice against CSV injection).
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
