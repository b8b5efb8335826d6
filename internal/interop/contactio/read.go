package contactio

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/validate"
)

// Limits bound what an import may hold. Hostile files are refused as a
// whole when they pass a file-level limit; a single card or row that
// passes a per-record limit is listed as invalid.
type Limits struct {
	// File is the largest file accepted, in bytes.
	File int64
	// Records is the largest number of cards or rows.
	Records int
	// Columns is the largest number of columns in a CSV file.
	Columns int
	// Channels is the largest number of channels of one contact.
	Channels int
	// Properties is the largest number of lines of one vCard.
	Properties int
	// Read is the largest vCard file read at all: a file larger than
	// File is read when it is no larger than this once its photos,
	// logos and sounds (which are never imported) are left out. Phones
	// export every contact's photo, so a whole address book easily
	// passes File.
	Read int64
}

// DefaultLimits are the limits used when a zero [Limits] is given.
var DefaultLimits = Limits{File: 10 << 20, Records: 25_000, Columns: 500, Channels: 50, Properties: 2_000, Read: 100 << 20}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	if l.File > 0 {
		d.File = l.File
	}
	if l.Records > 0 {
		d.Records = l.Records
	}
	if l.Columns > 0 {
		d.Columns = l.Columns
	}
	if l.Channels > 0 {
		d.Channels = l.Channels
	}
	if l.Properties > 0 {
		d.Properties = l.Properties
	}
	if l.Read > 0 {
		d.Read = l.Read
	}
	d.Read = max(d.Read, d.File)
	return d
}

// Errors that refuse a whole file. app.Explain words them for the user.
var (
	// ErrTooLarge means the file is larger than [Limits.File].
	ErrTooLarge = errors.New("contactio: file too large")
	// ErrTooManyRecords means the file holds more than [Limits.Records]
	// cards or rows.
	ErrTooManyRecords = errors.New("contactio: too many contacts in the file")
	// ErrTooManyColumns means a CSV row has more than [Limits.Columns]
	// cells.
	ErrTooManyColumns = errors.New("contactio: too many columns")
	// ErrEmpty means the file holds no card or row at all.
	ErrEmpty = errors.New("contactio: no contacts in the file")
	// ErrNotVCard means the file has no BEGIN:VCARD line.
	ErrNotVCard = errors.New("contactio: not a vCard file")
	// ErrBinary means the file is not text (for example a spreadsheet
	// saved as .xlsx instead of CSV).
	ErrBinary = errors.New("contactio: not a text file")
	// ErrStale means the vault changed after the plan was made; nothing
	// was written.
	ErrStale = errors.New("contactio: contacts changed since the preview")
	// ErrCalendarFile means the file is an iCalendar file: events, not
	// contacts.
	ErrCalendarFile = errors.New("contactio: a calendar file, not contacts")
	// ErrSharedFile means the file is encrypted (an armored age file,
	// such as a shared Safehouse file), not a contact file.
	ErrSharedFile = errors.New("contactio: an encrypted file, not contacts")
	// ErrNotContacts means the file is text with no column or card that
	// holds names, organizations, phone numbers or addresses.
	ErrNotContacts = errors.New("contactio: not a contact file")
)

// Reason codes. A reason's message ID is "import.reason." followed by its
// code; the placeholders are named in the comments.
const (
	// Reasons a record cannot be imported.
	CodeNoName          = "no_name"           // no name, and nothing to make one of
	CodeTooLong         = "too_long"          // Field (a field key), Max
	CodeTooManyChannels = "too_many_channels" // Max
	CodeInvalidValue    = "invalid_value"     // Field, Value
	CodeCardBroken      = "card_broken"       // the card's lines could not be read
	CodeCardTruncated   = "card_truncated"    // the file ends inside the card
	CodeCardTooLong     = "card_too_long"     // Max (lines)
	CodeGroupCard       = "group_card"        // a contact group (list), not a contact
	CodeRowBroken       = "row_broken"        // the CSV row could not be read

	// CodeRepeated notes that a record is the same person as an earlier
	// record of the file (Record: its number); its details are added to
	// that record's contact.
	CodeRepeated = "repeated"

	// Values left out of an otherwise valid record.
	CodeCountryUnknown  = "country_unknown"  // Value
	CodeLanguageUnknown = "language_unknown" // Value
	CodeKindUnknown     = "kind_unknown"     // Value
	// CodeExchangeAddress: an Outlook (Exchange X.500) address such as
	// "/o=ExchangeLabs/ou=…", which no mail program outside that
	// organization can write to, was not taken as an email address.
	CodeExchangeAddress = "exchange_address"

	// Notices: how a record was read.
	CodeNamedFromOrganization = "named_from_organization" // the card had no name: its organization is the name
	CodeNamedFromEmail        = "named_from_email"        // the card had no name: its email address is the name
	CodeNamedFromPhone        = "named_from_phone"        // the card had no name: its phone number is the name
)

// Reason explains why a record cannot be imported, or which value of it
// was left out. It holds a stable code and the values for the message, so
// that any interface can translate it.
type Reason struct {
	// Code is one of the Code constants.
	Code string
	// Args holds the placeholder values, keyed in title case ("Field",
	// "Max", "Value", "Record"). A "Field" value is a field key such as
	// "name", "notes" or "channels" that interfaces translate themselves.
	Args map[string]any
}

// MessageID returns the reason's message ID in locales/en.toml.
func (r Reason) MessageID() string { return "import.reason." + r.Code }

// String returns a plain English form for logs and tests.
func (r Reason) String() string {
	if len(r.Args) == 0 {
		return r.Code
	}
	return fmt.Sprintf("%s %v", r.Code, r.Args)
}

// Record is one card or row of an imported file.
type Record struct {
	// Number counts the cards of a vCard file or the rows of a CSV file
	// (the header is row 1, as in a spreadsheet), from 1.
	Number int
	// Line is the line of the file where the record starts, from 1.
	Line int
	// Contact is the contact read, normalized and valid; nil when
	// Problems is not empty.
	Contact *contact.Contact
	// Problems are why the record cannot be imported.
	Problems []Reason
	// Dropped are values that were left out of an imported record.
	Dropped []Reason
	// Notices say how the record was read where the file did not say it
	// plainly (a name taken from the email address).
	Notices []Reason
	// UID is the card's UID (vCard only), without a "urn:uuid:" prefix
	// and in lower case; "" when it has none. Cards with the same UID
	// are the same person, and a UID that is a vault contact's ID
	// names that contact.
	UID string
}

// Valid reports whether the record can be imported.
func (r *Record) Valid() bool { return r.Contact != nil && len(r.Problems) == 0 }

// finish normalizes and validates c and sets the record's contact or its
// problems.
func (r *Record) finish(c *contact.Contact, lim Limits) {
	if code := nameFromDetails(c); code != "" {
		r.Notices = append(r.Notices, Reason{Code: code})
	}
	c.Normalize()
	c.Channels = canonicalChannels(c.Channels)
	if len(c.Channels) > lim.Channels {
		r.Problems = append(r.Problems, Reason{Code: CodeTooManyChannels, Args: map[string]any{"Max": lim.Channels}})
	}
	if err := c.Validate(); err != nil {
		var es validate.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				r.Problems = appendUnique(r.Problems, reasonFor(e))
			}
		}
	}
	if len(r.Problems) == 0 {
		r.Contact = c
	}
}

// nameFromDetails names a contact that has no name, as phones and mail
// programs save e-mail-only and phone-only contacts: from its
// organization (which then makes it an organization), else its first
// email address, else its first phone or Signal number. It returns the
// notice code, or "" when c has a name or nothing to make one of.
func nameFromDetails(c *contact.Contact) string {
	if c.Name != "" {
		return ""
	}
	if c.Organization != "" {
		c.Name, c.Organization = c.Organization, ""
		if c.Kind == "" || c.Kind == contact.KindPerson {
			c.Kind = contact.KindOrganization
		}
		return CodeNamedFromOrganization
	}
	for _, want := range []struct {
		types []contact.ChannelType
		code  string
	}{
		{[]contact.ChannelType{contact.ChannelEmail}, CodeNamedFromEmail},
		{[]contact.ChannelType{contact.ChannelPhone, contact.ChannelSignal}, CodeNamedFromPhone},
	} {
		for _, ch := range c.Channels {
			if slices.Contains(want.types, ch.Type) && strings.TrimSpace(ch.Value) != "" {
				c.Name = strings.TrimSpace(ch.Value)
				return want.code
			}
		}
	}
	return ""
}

// channelOrder is the order of channel types in imported contacts.
var channelOrder = []contact.ChannelType{contact.ChannelSignal, contact.ChannelPhone, contact.ChannelEmail,
	contact.ChannelMatrix, contact.ChannelOther}

// canonicalChannels drops repeated channels (same type and value) and
// orders the rest by type, keeping the file's order within a type.
func canonicalChannels(chs []contact.Channel) []contact.Channel {
	seen := map[string]bool{}
	var out []contact.Channel
	for _, ch := range chs {
		if k := typedKey(ch); !seen[k] {
			seen[k] = true
			out = append(out, ch)
		}
	}
	slices.SortStableFunc(out, func(a, b contact.Channel) int {
		return slices.Index(channelOrder, a.Type) - slices.Index(channelOrder, b.Type)
	})
	return out
}

func appendUnique(rs []Reason, r Reason) []Reason {
	for _, o := range rs {
		if o.String() == r.String() {
			return rs
		}
	}
	return append(rs, r)
}

// reasonFor turns a validation error of a normalized contact into a reason.
func reasonFor(e *validate.FieldError) Reason {
	field := e.Field
	if i := strings.IndexAny(field, "[."); i >= 0 {
		field = field[:i]
	}
	switch e.Code {
	case validate.CodeNameRequired:
		return Reason{Code: CodeNoName}
	case validate.CodeTooLong:
		return Reason{Code: CodeTooLong, Args: map[string]any{"Field": field, "Max": e.Args["max"]}}
	}
	v, _ := e.Args["value"].(string)
	return Reason{Code: CodeInvalidValue, Args: map[string]any{"Field": field, "Value": clip(v, 80)}}
}

// clip shortens s to at most n runes for showing in a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Text encodings recognised by [DecodeText].
const (
	EncodingUTF8        = "UTF-8"
	EncodingUTF8BOM     = "UTF-8 (BOM)"
	EncodingUTF16LE     = "UTF-16 LE"
	EncodingUTF16BE     = "UTF-16 BE"
	EncodingWindows1252 = "Windows-1252"
)

// DecodeText returns data as UTF-8 text without a byte order mark, and the
// name of the encoding it was in: UTF-8, UTF-16 (with a byte order mark, or
// without one when every other byte of the start is zero), else
// Windows-1252 for text that is not valid UTF-8 (what Outlook and older
// Excel write). Data longer than lim.File is refused with [ErrTooLarge],
// text with NUL bytes with [ErrBinary].
func DecodeText(data []byte, lim Limits) (string, string, error) {
	lim = lim.orDefault()
	if int64(len(data)) > lim.File {
		return "", "", ErrTooLarge
	}
	var enc string
	var out []byte
	var err error
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		enc, out = EncodingUTF8BOM, data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc = EncodingUTF16LE
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc = EncodingUTF16BE
		out, err = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
	case looksUTF16(data, 1):
		enc = EncodingUTF16LE
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	case looksUTF16(data, 0):
		enc = EncodingUTF16BE
		out, err = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	case utf8.Valid(data):
		enc, out = EncodingUTF8, data
	default:
		enc = EncodingWindows1252
		out, err = charmap.Windows1252.NewDecoder().Bytes(data)
	}
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", ErrBinary, err)
	}
	if bytes.IndexByte(out, 0) >= 0 {
		return "", "", ErrBinary
	}
	return string(out), enc, nil
}

// looksUTF16 reports whether the first bytes of data are UTF-16 text
// without a byte order mark: ASCII characters with their zero byte at
// offset zero (1 for little endian, 0 for big endian).
func looksUTF16(data []byte, zero int) bool {
	n := min(len(data), 64) &^ 1
	if n < 4 {
		return false
	}
	for i := 0; i < n; i += 2 {
		if data[i+zero] != 0 || data[i+1-zero] == 0 {
			return false
		}
	}
	return true
}

// Format is a contact file format.
type Format string

// Contact file formats.
const (
	FormatVCard Format = "vcard"
	FormatCSV   Format = "csv"
)

// DetectFormat guesses the format of a file from its name (.vcf, .vcard;
// .csv, .tsv, .txt), else from its content: a file with a BEGIN:VCARD
// line near its start is vCard, anything else CSV. [Detect] also
// recognises files that are not contact files at all.
func DetectFormat(name string, data []byte) Format {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".vcf") || strings.HasSuffix(lower, ".vcard"):
		return FormatVCard
	case strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".tsv") || strings.HasSuffix(lower, ".txt"):
		return FormatCSV
	}
	if strings.Contains(strings.ToUpper(headText(data)), "BEGIN:VCARD") {
		return FormatVCard
	}
	return FormatCSV
}

// headText returns the start of data as text, or "" when it is not text.
func headText(data []byte) string {
	head := data[:min(len(data), 8<<10)&^1] // even, for UTF-16
	text, _, err := DecodeText(head, Limits{})
	if err != nil {
		return ""
	}
	return text
}

// Detect returns the format of a contact file like [DetectFormat], and
// refuses files that are something else whatever their name:
// [ErrCalendarFile] for an iCalendar file, [ErrSharedFile] for an
// encrypted (age) file such as a shared Safehouse file, [ErrBinary] for
// a file that is not text. Whether a CSV file holds contacts is only
// known once it is parsed: see [CSVFile.LooksLikeContacts].
func Detect(name string, data []byte) (Format, error) {
	if bytes.HasPrefix(data, []byte("age-encryption.org/")) {
		return "", ErrSharedFile
	}
	head := data[:min(len(data), 8<<10)&^1]
	text, _, err := DecodeText(head, Limits{})
	if err != nil {
		return "", ErrBinary
	}
	first := ""
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			first = strings.ToUpper(l)
			break
		}
	}
	switch {
	case strings.HasPrefix(first, "-----BEGIN AGE ENCRYPTED FILE-----"), strings.HasPrefix(first, "AGE-ENCRYPTION.ORG/"):
		return "", ErrSharedFile
	case strings.HasPrefix(first, "BEGIN:VCALENDAR"):
		return "", ErrCalendarFile
	case strings.HasPrefix(first, "BEGIN:VCARD"):
		return FormatVCard, nil
	}
	return DetectFormat(name, data), nil
}
