package contactio

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// HeaderMode says whether the first row of a CSV file names the columns.
type HeaderMode int

// Header modes.
const (
	// HeaderAuto decides from the content (see [ParseCSV]).
	HeaderAuto HeaderMode = iota
	// HeaderYes treats the first row as column names.
	HeaderYes
	// HeaderNo treats every row as data.
	HeaderNo
)

// CSVOptions tune [ParseCSV].
type CSVOptions struct {
	// Separator is ',', ';', '\t' or '|'; 0 detects it.
	Separator rune
	Header    HeaderMode
	Limits    Limits
}

// CSVRow is one data row of a CSV file.
type CSVRow struct {
	// Number is the row's number as a spreadsheet shows it (the header
	// is row 1), and Line the line of the file where it starts.
	Number, Line int
	Cells        []string
	// Broken marks a row the CSV reader could not read.
	Broken bool
}

// CSVFile is a parsed CSV file: its columns and rows, before they are
// mapped to contacts.
type CSVFile struct {
	// Encoding is the name of the text encoding found (see [DecodeText]).
	Encoding string
	// Separator is the separator used.
	Separator rune
	// HasHeader says whether the first row named the columns.
	HasHeader bool
	// Headers holds one name per column; names are "" without a header.
	Headers []string
	// Rows are the data rows, without the header.
	Rows []CSVRow

	limits Limits
}

// Separators are the column separators [ParseCSV] detects, in order of
// preference.
var Separators = []rune{',', ';', '\t', '|'}

// ParseCSV reads a CSV file: it decodes the text (see [DecodeText]),
// honours Excel's "sep=;" first line, detects the separator (the candidate
// giving the most columns consistently over the first rows) and whether
// the first row is a header (it holds known column names, or no email
// address or phone number while later rows do). Rows the CSV reader cannot
// read are kept as broken rows; files over the limits are refused.
func ParseCSV(data []byte, opts CSVOptions) (*CSVFile, error) {
	lim := opts.Limits.orDefault()
	text, enc, err := DecodeText(data, lim)
	if err != nil {
		return nil, err
	}
	f := &CSVFile{Encoding: enc, Separator: opts.Separator, limits: lim}
	if first, rest, _ := strings.Cut(text, "\n"); strings.HasPrefix(strings.ToLower(first), "sep=") {
		if sep := []rune(strings.TrimSpace(first[4:])); len(sep) == 1 && f.Separator == 0 {
			f.Separator = sep[0]
		}
		text = rest
	}
	if f.Separator == 0 {
		f.Separator = detectSeparator(text)
	}
	rows, err := readRows(text, f.Separator, lim)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrEmpty
	}
	switch opts.Header {
	case HeaderYes:
		f.HasHeader = true
	case HeaderAuto:
		f.HasHeader = detectHeader(rows)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r.Cells))
	}
	f.Headers = make([]string, cols)
	if f.HasHeader {
		for i, h := range rows[0].Cells {
			f.Headers[i] = strings.TrimSpace(h)
		}
		rows = rows[1:]
	}
	f.Rows = rows
	return f, nil
}

// readRows reads all records of text.
func readRows(text string, sep rune, lim Limits) ([]CSVRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows []CSVRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if len(rows) > lim.Records {
			return nil, ErrTooManyRecords
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rows = append(rows, CSVRow{Number: len(rows) + 1, Line: pe.StartLine, Broken: true})
			continue
		}
		if err != nil {
			return nil, err
		}
		if len(rec) > lim.Columns {
			return nil, ErrTooManyColumns
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, CSVRow{Number: len(rows) + 1, Line: line, Cells: rec})
	}
	return rows, nil
}

// detectSeparator picks the separator that splits the first lines of
// text into the most columns, the same number on most lines.
func detectSeparator(text string) rune {
	sample := text
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	best, bestScore := ',', 0
	for _, sep := range Separators {
		r := csv.NewReader(strings.NewReader(sample))
		r.Comma = sep
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		var counts []int
		for len(counts) < 20 {
			rec, err := r.Read()
			if err != nil {
				break
			}
			counts = append(counts, len(rec))
		}
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		same := 0
		for _, n := range counts {
			if n == counts[0] {
				same++
			}
		}
		score := counts[0]
		if same*2 < len(counts) {
			score /= 2
		}
		if score > bestScore {
			best, bestScore = sep, score
		}
	}
	return best
}

// detectHeader reports whether the first row names the columns.
func detectHeader(rows []CSVRow) bool {
	first := rows[0]
	if first.Broken {
		return false
	}
	known := 0
	for _, c := range first.Cells {
		c = strings.TrimSpace(c)
		if isEmailLike(c) || isPhoneLike(c) {
			return false
		}
		if f, _ := headerField(c); f != FieldIgnore {
			known++
		}
	}
	if known > 0 {
		return true
	}
	for _, r := range rows[1:min(len(rows), 20)] {
		for _, c := range r.Cells {
			if c = strings.TrimSpace(c); isEmailLike(c) || isPhoneLike(c) {
				return true
			}
		}
	}
	return false
}

// Columns returns the number of columns.
func (f *CSVFile) Columns() int { return len(f.Headers) }

// Sample returns the cells of the first n data rows that are not broken,
// for a preview.
func (f *CSVFile) Sample(n int) [][]string {
	var out [][]string
	for _, r := range f.Rows {
		if len(out) >= n {
			break
		}
		if !r.Broken {
			out = append(out, r.Cells)
		}
	}
	return out
}

// Records maps every data row to a record with m (one field per column;
// missing entries are ignored columns). Rows with only empty cells are
// left out.
func (f *CSVFile) Records(m Mapping) []Record {
	labels := m.labelColumns(f.Headers)
	var recs []Record
	for _, row := range f.Rows {
		rec := Record{Number: row.Number, Line: row.Line}
		if row.Broken {
			rec.Problems = []Reason{{Code: CodeRowBroken}}
			recs = append(recs, rec)
			continue
		}
		if blank(row.Cells) {
			continue
		}
		c, dropped := f.rowContact(row.Cells, m, labels)
		rec.Dropped = dropped
		rec.finish(c, f.limits)
		recs = append(recs, rec)
	}
	return recs
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// unformula removes the quote [WriteCSV] puts before a cell that a
// spreadsheet would read as a formula.
func unformula(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// rowContact maps the cells of one row to a contact.
func (f *CSVFile) rowContact(cells []string, m Mapping, labels map[int]int) (*contact.Contact, []Reason) {
	c := &contact.Contact{}
	var dropped []Reason
	var given, middle, family, nick []string
	var notes []string
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(unformula(strings.TrimSpace(cells[i])))
	}
	first := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	for i := range cells {
		if i >= len(m) {
			break
		}
		v := cell(i)
		if v == "" {
			continue
		}
		switch fld := m[i]; fld {
		case FieldName:
			first(&c.Name, v)
		case FieldGivenName:
			given = append(given, v)
		case FieldMiddleName:
			middle = append(middle, v)
		case FieldFamilyName:
			family = append(family, v)
		case FieldNickname:
			nick = append(nick, v)
		case FieldOrganization:
			first(&c.Organization, v)
		case FieldRole:
			first(&c.Role, v)
		case FieldCountry:
			dropped = append(dropped, setCountry(c, v)...)
		case FieldLanguages:
			dropped = append(dropped, addLanguages(c, splitList(v))...)
		case FieldTags:
			for _, t := range splitList(v) {
				if !systemGroup(t) {
					c.Tags = append(c.Tags, t)
				}
			}
		case FieldNotes:
			notes = append(notes, v)
		case FieldKind:
			if k, ok := kindOf(v); ok {
				c.Kind = k
			} else {
				dropped = append(dropped, Reason{Code: CodeKindUnknown, Args: map[string]any{"Value": clip(v, 60)}})
			}
		case FieldPhone, FieldEmail, FieldSignal, FieldMatrix, FieldOther:
			label := ""
			if j, ok := labels[i]; ok {
				// Google marks the primary value's label with "* ".
				label = clip(strings.TrimPrefix(cell(j), "* "), contact.MaxLabel)
			}
			if label == "" {
				label = headerLabel(f.Headers[i])
			}
			// Google's custom fields are kept only when their label
			// names a messenger ("Signal", "WhatsApp", "Telegram").
			if customFieldRE.MatchString(headerKey(f.Headers[i])) {
				if _, ok := messengers[strings.ToLower(label)]; !ok {
					continue
				}
			}
			for _, v := range strings.Split(v, ":::") {
				if v = strings.TrimSpace(v); v == "" {
					continue
				}
				if fld == FieldEmail && isExchangeAddress(v) {
					dropped = appendUnique(dropped, Reason{Code: CodeExchangeAddress})
					continue
				}
				c.Channels = append(c.Channels, csvChannel(fld, v, label))
			}
		}
	}
	if c.Name == "" {
		c.Name = strings.Join(append(append(given, middle...), family...), " ")
	}
	if c.Name == "" && len(nick) > 0 {
		c.Name = nick[0]
	}
	if c.Kind != "" && c.Kind != contact.KindPerson && strings.EqualFold(c.Name, c.Organization) {
		c.Organization = ""
	}
	c.Notes = strings.Join(notes, "\n")
	return c, dropped
}

// csvChannel makes a channel of a cell mapped to fld.
func csvChannel(fld Field, v, label string) contact.Channel {
	switch fld {
	case FieldPhone:
		if len(v) >= 4 && strings.EqualFold(v[:4], "tel:") {
			v = v[4:]
		}
		return contact.Channel{Type: contact.ChannelPhone, Value: v, Label: label}
	case FieldEmail:
		if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
			v = v[7:]
		}
		return contact.Channel{Type: contact.ChannelEmail, Value: v, Label: label}
	case FieldSignal:
		_, v = channelFromURI(v, "signal")
		return contact.Channel{Type: contact.ChannelSignal, Value: v, Label: label}
	case FieldMatrix:
		_, v = channelFromURI(v, "matrix")
		return contact.Channel{Type: contact.ChannelMatrix, Value: v, Label: label}
	}
	// An IM or custom field labelled with a messenger Safehouse knows.
	if t := messengers[strings.ToLower(label)]; t != "" && t != contact.ChannelOther {
		_, v = channelFromURI(v, string(t))
		return contact.Channel{Type: t, Value: v}
	}
	return contact.Channel{Type: contact.ChannelOther, Value: v, Label: label}
}

// LooksLikeContacts reports whether the file can be a contact list: its
// header names a column of names, organizations or ways to reach people,
// or a column holds email addresses or phone numbers. Random text, which
// reads as CSV of one or two columns, does not.
func (f *CSVFile) LooksLikeContacts() bool {
	for _, fld := range f.sniffMapping() {
		if fld == FieldEmail || fld == FieldPhone {
			return true
		}
	}
	m := f.SuggestMapping()
	for i, fld := range m {
		switch fld {
		case FieldName, FieldGivenName, FieldFamilyName, FieldNickname, FieldOrganization:
			if f.HasHeader {
				return true
			}
		case FieldPhone, FieldEmail, FieldSignal, FieldMatrix:
			return true
		case FieldOther:
			if f.HasHeader && !customFieldRE.MatchString(headerKey(f.Headers[i])) {
				return true
			}
		}
	}
	return false
}
