package contactio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/emersion/go-vcard"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// tokenRE matches the labels written as TYPE parameters ("cell", "work");
// other labels are written as Apple's X-ABLabel in a property group,
// which Apple, Google and Thunderbird read.
var tokenRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// ContactCard returns c as a vCard 4.0 card: FN, KIND (org for
// organizations and businesses, with X-SAFEHOUSE-KIND:business for
// businesses), ORG, TITLE, ADR with the country code, LANG, TEL, EMAIL,
// IMPP (sgnl:// for Signal numbers, signal: for Signal usernames,
// matrix: URIs for Matrix IDs, the value itself for other channels),
// CATEGORIES and NOTE. Labels become TYPE parameters or X-ABLabel.
func ContactCard(c *contact.Contact) vcard.Card {
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, "4.0")
	card.SetValue(vcard.FieldFormattedName, c.Name)
	switch c.Kind {
	case contact.KindOrganization:
		card.SetValue(vcard.FieldKind, "org")
	case contact.KindBusiness:
		card.SetValue(vcard.FieldKind, "org")
		card.SetValue(propKind, "business")
	}
	if c.Organization != "" {
		// The library's encoder cannot escape ";" in a compound value.
		card.SetValue(vcard.FieldOrganization, strings.ReplaceAll(c.Organization, ";", ","))
	}
	if c.Role != "" {
		card.SetValue(vcard.FieldTitle, c.Role)
	}
	if c.Country != "" {
		card.AddAddress(&vcard.Address{Field: &vcard.Field{}, Country: c.Country})
	}
	for i, l := range c.Languages {
		f := &vcard.Field{Value: l, Params: vcard.Params{}}
		if len(c.Languages) > 1 {
			f.Params.Set(vcard.ParamPreferred, fmt.Sprint(i+1))
		}
		card.Add(vcard.FieldLanguage, f)
	}
	group := 0
	for _, ch := range c.Channels {
		f := &vcard.Field{Params: vcard.Params{}}
		key := vcard.FieldIMPP
		switch ch.Type {
		case contact.ChannelPhone:
			key, f.Value = vcard.FieldTelephone, ch.Value
			f.Params.Set(vcard.ParamValue, "text")
		case contact.ChannelEmail:
			key, f.Value = vcard.FieldEmail, ch.Value
		case contact.ChannelSignal:
			f.Params.Set("X-SERVICE-TYPE", "Signal")
			f.Params.Set(paramType, string(ch.Type))
			if isPhoneLike(ch.Value) {
				f.Value = "sgnl://signal.me/#p/" + ch.Value
			} else {
				f.Value = "signal:" + ch.Value
			}
		case contact.ChannelMatrix:
			f.Params.Set("X-SERVICE-TYPE", "Matrix")
			f.Params.Set(paramType, string(ch.Type))
			f.Value = matrixURI(ch.Value)
		default:
			f.Value = ch.Value
			f.Params.Set(paramType, string(contact.ChannelOther))
		}
		switch l := ch.Label; {
		case l == "":
		case tokenRE.MatchString(l) && !ignoredTypes[l] && !strings.HasPrefix(l, "x-"):
			f.Params.Add(vcard.ParamType, l)
		default:
			group++
			f.Group = fmt.Sprintf("item%d", group)
			card.Add(propLabel, &vcard.Field{Group: f.Group, Value: l})
		}
		card.Add(key, f)
	}
	for _, t := range c.Tags {
		card.AddValue(vcard.FieldCategories, t)
	}
	if c.Notes != "" {
		card.SetValue(vcard.FieldNote, c.Notes)
	}
	return card
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

// WriteVCard writes the contacts as vCard 4.0 cards (see [ContactCard])
// with the vCard library's encoder.
func WriteVCard(w io.Writer, cs []*contact.Contact) error {
	bw := bufio.NewWriter(w)
	enc := vcard.NewEncoder(bw)
	for _, c := range cs {
		if err := enc.Encode(ContactCard(c)); err != nil {
			return fmt.Errorf("failed to write vCard: %w", err)
		}
	}
	return bw.Flush()
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
