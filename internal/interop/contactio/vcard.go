package contactio

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// Extension properties Safehouse writes and reads back.
const (
	// propKind marks a business ("business"); KIND:org alone means an
	// organization.
	propKind = "X-SAFEHOUSE-KIND"
	// propLabel is Apple's label of the properties in its group.
	propLabel = "X-ABLABEL"
	// paramType gives the channel type of an IMPP property Safehouse
	// wrote, whose value is then read back exactly.
	paramType = "X-SAFEHOUSE-TYPE"
)

// rawCard is the unfolded lines of one card.
type rawCard struct {
	number, line int
	lines        []string
	truncated    bool
	tooLong      bool
}

// ReadVCard reads every card of a vCard file (versions 2.1, 3.0 and 4.0,
// one card or many). The file is refused as a whole when it is too large,
// holds no card or too many; otherwise each card becomes a [Record].
// Photos, birthdays, addresses other than their country and properties
// Safehouse has no field for are left out.
func ReadVCard(data []byte, lim Limits) ([]Record, error) {
	lim = lim.orDefault()
	if int64(len(data)) > lim.Read {
		return nil, ErrTooLarge
	}
	if int64(len(data)) > lim.File {
		data = stripMedia(data)
	}
	text, _, err := DecodeText(data, lim)
	if err != nil {
		return nil, err
	}
	cards, err := splitCards(text, lim)
	if err != nil {
		return nil, err
	}
	recs := make([]Record, 0, len(cards))
	for _, rc := range cards {
		recs = append(recs, readCard(rc, lim))
	}
	return recs, nil
}

// mediaProps are the properties that hold pictures and sounds, which
// Safehouse never imports.
var mediaProps = []string{"PHOTO", "LOGO", "SOUND"}

// stripMedia returns data without its PHOTO, LOGO and SOUND properties
// and their folded continuation lines, so that an address book whose
// photos make it larger than [Limits.File] can still be read. It works on
// the bytes of ASCII-compatible text; other data is returned unchanged.
func stripMedia(data []byte) []byte {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data
	}
	out := make([]byte, 0, min(len(data), 16<<20))
	skipping := false
	for rest := data; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if skipping && (line[0] == ' ' || line[0] == '\t') {
			continue
		}
		skipping = isMediaLine(line)
		if !skipping {
			out = append(out, line...)
		}
	}
	return out
}

// isMediaLine reports whether a content line starts a media property
// ("PHOTO;ENCODING=b:…", "item1.PHOTO:…").
func isMediaLine(line []byte) bool {
	end := bytes.IndexAny(line, ":;")
	if end < 0 {
		return false
	}
	name := line[:end]
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	for _, p := range mediaProps {
		if bytes.EqualFold(bytes.TrimSpace(name), []byte(p)) {
			return true
		}
	}
	return false
}

// splitCards unfolds the lines of text (RFC 6350 folding and the soft line
// breaks of quoted-printable values) and groups them into cards. Cards
// nested in a card (vCard 2.1 AGENT) are dropped.
func splitCards(text string, lim Limits) ([]rawCard, error) {
	var (
		cards   []rawCard
		cur     *rawCard
		depth   int
		logical strings.Builder
		start   int
		qp      bool
		sawAny  bool
	)
	flush := func() error {
		if start == 0 {
			return nil
		}
		l := logical.String()
		logical.Reset()
		line := start
		start = 0
		trimmed := strings.TrimSpace(l)
		switch {
		case strings.EqualFold(trimmed, "BEGIN:VCARD"):
			sawAny = true
			depth++
			if depth == 1 {
				if len(cards) >= lim.Records {
					return ErrTooManyRecords
				}
				cards = append(cards, rawCard{number: len(cards) + 1, line: line})
				cur = &cards[len(cards)-1]
			}
			return nil
		case strings.EqualFold(trimmed, "END:VCARD"):
			if depth > 0 {
				depth--
			}
			if depth == 0 {
				cur = nil
			}
			return nil
		}
		if depth != 1 || cur == nil || trimmed == "" {
			return nil
		}
		if len(cur.lines) >= lim.Properties {
			cur.tooLong = true
			return nil
		}
		cur.lines = append(cur.lines, l)
		return nil
	}
	// softBreak: the last quoted-printable line ended in "=", which was
	// not written; the next line continues the value.
	softBreak := false
	write := func(phys string) {
		if qp && strings.HasSuffix(phys, "=") {
			phys, softBreak = phys[:len(phys)-1], true
		} else {
			softBreak = false
		}
		logical.WriteString(phys)
	}
	lineNo := 0
	for rest := text; rest != ""; {
		var phys string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			phys, rest = rest[:i], rest[i+1:]
		} else {
			phys, rest = rest, ""
		}
		lineNo++
		phys = strings.TrimSuffix(phys, "\r")
		switch {
		case start != 0 && softBreak:
			write(phys)
			continue
		case start != 0 && (strings.HasPrefix(phys, " ") || strings.HasPrefix(phys, "\t")):
			write(phys[1:])
			continue
		}
		if softBreak {
			logical.WriteString("=")
		}
		if err := flush(); err != nil {
			return nil, err
		}
		start = lineNo
		head, _, _ := strings.Cut(phys, ":")
		qp = strings.Contains(strings.ToUpper(head), "QUOTED-PRINTABLE")
		write(phys)
	}
	if softBreak {
		logical.WriteString("=")
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if cur != nil {
		cur.truncated = true
	}
	if !sawAny {
		return nil, ErrNotVCard
	}
	return cards, nil
}

// readCard turns one card into a record.
func readCard(rc rawCard, lim Limits) Record {
	rec := Record{Number: rc.number, Line: rc.line}
	switch {
	case rc.truncated:
		rec.Problems = []Reason{{Code: CodeCardTruncated}}
		return rec
	case rc.tooLong:
		rec.Problems = []Reason{{Code: CodeCardTooLong, Args: map[string]any{"Max": lim.Properties}}}
		return rec
	}
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\n")
	for _, l := range rc.lines {
		b.WriteString(normalizeLine(l))
		b.WriteString("\r\n")
	}
	b.WriteString("END:VCARD\r\n")
	card, err := vcard.NewDecoder(strings.NewReader(b.String())).Decode()
	if err != nil {
		rec.Problems = []Reason{{Code: CodeCardBroken}}
		return rec
	}
	c, problems, dropped := cardContact(card)
	rec.Dropped = dropped
	rec.UID = cardUID(card.Value(vcard.FieldUID))
	if len(problems) > 0 {
		rec.Problems = problems
		return rec
	}
	rec.finish(c, lim)
	return rec
}

// cutOutsideQuotes splits s at the first sep that is not inside double
// quotes.
func cutOutsideQuotes(s string, sep byte) (string, string, bool) {
	in := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			in = !in
		case sep:
			if !in {
				return s[:i], s[i+1:], true
			}
		}
	}
	return s, "", false
}

// Separators the line normalization puts into compound and list values
// for [splitStructured] and [splitList]; control characters in the input
// are dropped, so they cannot come from the file.
const (
	sepCompound = "\x1f"
	sepList     = "\x1e"
)

// valueShape is how a property's value is divided.
type valueShape int

const (
	shapeText     valueShape = iota
	shapeCompound            // components separated by ";" (N, ADR, ORG)
	shapeList                // items separated by "," (CATEGORIES, NICKNAME)
)

func shapeOf(name string) valueShape {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch strings.ToUpper(name) {
	case "N", "ADR", "ORG", "GENDER":
		return shapeCompound
	case "CATEGORIES", "NICKNAME":
		return shapeList
	}
	return shapeText
}

// normalizeLine rewrites a line so the vCard library reads it exactly:
// bare vCard 2.1 parameters ("TEL;CELL:") become TYPE= or ENCODING=
// parameters, quoted-printable values are decoded (in their CHARSET), and
// the value is unescaped here in one pass (the library's own unescaping
// cannot tell "\\;" from "\;") and escaped again the way the library
// undoes, with unescaped separators of compound and list values marked.
func normalizeLine(l string) string {
	head, value, ok := cutOutsideQuotes(l, ':')
	if !ok {
		return l
	}
	name, rest, _ := cutOutsideQuotes(head, ';')
	var params []string
	enc, charset := "", ""
	for rest != "" {
		var p string
		p, rest, _ = cutOutsideQuotes(rest, ';')
		if p == "" {
			continue
		}
		k, v, isKV := strings.Cut(p, "=")
		if !isKV {
			switch up := strings.ToUpper(p); up {
			case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT":
				k, v = "ENCODING", up
			default:
				k, v = "TYPE", p
			}
		}
		switch strings.ToUpper(k) {
		case "ENCODING":
			enc = strings.ToUpper(strings.Trim(v, `"`))
			if enc == "QUOTED-PRINTABLE" {
				continue
			}
		case "CHARSET":
			charset = strings.Trim(v, `"`)
			continue
		}
		params = append(params, k+"="+v)
	}
	if enc == "QUOTED-PRINTABLE" {
		value = decodeCharset(decodeQP(value), charset)
	}
	value = libEscaper.Replace(unescapeValue(value, shapeOf(name)))
	if len(params) == 0 {
		return name + ":" + value
	}
	return name + ";" + strings.Join(params, ";") + ":" + value
}

// libEscaper escapes text so that the vCard library's unescaping gives
// it back unchanged.
var libEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, ",", `\,`)

// unescapeValue reads the escapes of a vCard value (RFC 6350 3.4: \\ \n
// \N \, \; and, leniently, \:) and drops control characters other than
// line breaks and tabs. Unescaped separators of compound and list values
// become sepCompound and sepList.
func unescapeValue(v string, shape valueShape) string {
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ',', ';', ':':
				b.WriteByte(v[i])
			default:
				b.WriteByte('\\')
				b.WriteByte(v[i])
			}
		case c == ';' && shape == shapeCompound:
			b.WriteString(sepCompound)
		case c == ',' && shape == shapeList:
			b.WriteString(sepList)
		case c == '\r':
			// CRLF (quoted-printable "=0D=0A", as Android and Outlook
			// write line breaks) is one line break, as is a lone CR.
			if i+1 < len(v) && v[i+1] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case c < 0x20 && c != '\n' && c != '\t', c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// decodeQP decodes quoted-printable text leniently: "=" not followed by two
// hex digits stays as it is.
func decodeQP(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// decodeCharset converts b from the named character set to UTF-8. Unknown
// names are read as UTF-8 when valid, else as Windows-1252.
func decodeCharset(b []byte, name string) string {
	var dec encoding.Encoding
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		dec = charmap.Windows1252
	case "iso-8859-2":
		dec = charmap.ISO8859_2
	case "iso-8859-5":
		dec = charmap.ISO8859_5
	case "iso-8859-15":
		dec = charmap.ISO8859_15
	case "windows-1250", "cp1250":
		dec = charmap.Windows1250
	case "windows-1251", "cp1251":
		dec = charmap.Windows1251
	case "windows-1256", "cp1256":
		dec = charmap.Windows1256
	case "koi8-r":
		dec = charmap.KOI8R
	default:
		if s := string(b); utf8.ValidString(s) {
			return s
		}
		dec = charmap.Windows1252
	}
	out, err := dec.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(out)
}

// unescape trims a value read by the library (already unescaped by
// normalizeLine).
func unescape(s string) string { return strings.TrimSpace(s) }

// splitStructured splits a compound value (N, ADR, ORG) into its
// components.
func splitStructured(s string) []string {
	parts := strings.Split(s, sepCompound)
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

func part(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}

// ignoredTypes are TYPE values that say nothing a person would call a
// label.
var ignoredTypes = map[string]bool{"pref": true, "voice": true, "internet": true, "x400": true, "uri": true}

// labelOf returns the label of a channel property: its Apple group label,
// else its first meaningful TYPE.
func labelOf(f *vcard.Field, groupLabels map[string]string) string {
	if f.Group != "" {
		if l := groupLabels[strings.ToUpper(f.Group)]; l != "" {
			return l
		}
	}
	for _, t := range f.Params.Types() {
		for _, t := range strings.Split(t, ",") {
			t = strings.TrimSpace(t)
			if t != "" && !ignoredTypes[t] && !strings.HasPrefix(t, "x-") {
				return clip(t, contact.MaxLabel)
			}
		}
	}
	return ""
}

// appleLabel strips Apple's markers from a standard label ("_$!<Mobile>!$_").
func appleLabel(s string) string {
	s = unescape(s)
	if strings.HasPrefix(s, "_$!<") && strings.HasSuffix(s, ">!$_") {
		s = s[4 : len(s)-4]
	}
	return s
}

// cardContact maps a decoded card to a contact (not yet normalized).
func cardContact(card vcard.Card) (*contact.Contact, []Reason, []Reason) {
	var dropped []Reason
	c := &contact.Contact{}
	kind := strings.ToLower(strings.TrimSpace(card.Value(vcard.FieldKind)))
	if kind == "group" {
		return nil, []Reason{{Code: CodeGroupCard}}, nil
	}
	switch {
	case strings.EqualFold(strings.TrimSpace(card.Value(propKind)), "business"):
		c.Kind = contact.KindBusiness
	case kind == "org" || kind == "organization" || strings.EqualFold(card.Value("X-ABSHOWAS"), "COMPANY"):
		c.Kind = contact.KindOrganization
	}

	for _, f := range card[vcard.FieldFormattedName] {
		if c.Name = unescape(f.Value); c.Name != "" {
			break
		}
	}
	if c.Name == "" {
		if n := card.Get(vcard.FieldName); n != nil {
			p := splitStructured(n.Value)
			c.Name = strings.Join(strings.Fields(strings.Join([]string{part(p, 3), part(p, 1), part(p, 2), part(p, 0), part(p, 4)}, " ")), " ")
		}
	}
	if org := card.Get(vcard.FieldOrganization); org != nil {
		c.Organization = part(splitStructured(org.Value), 0)
	}
	if c.Name == "" && c.Organization == "" {
		c.Name = unescape(strings.Split(card.Value(vcard.FieldNickname), sepList)[0])
	}
	if c.Kind != "" && c.Kind != contact.KindPerson && strings.EqualFold(c.Organization, c.Name) {
		c.Organization = ""
	}
	c.Role = unescape(card.Value(vcard.FieldTitle))
	if c.Role == "" {
		c.Role = unescape(card.Value(vcard.FieldRole))
	}

	groupLabels := map[string]string{}
	for _, f := range card[propLabel] {
		if f.Group != "" {
			groupLabels[strings.ToUpper(f.Group)] = clip(appleLabel(f.Value), contact.MaxLabel)
		}
	}
	for _, f := range card[vcard.FieldTelephone] {
		v := unescape(f.Value)
		if !strings.EqualFold(f.Params.Get(vcard.ParamValue), "text") {
			v = trimScheme(v, "tel:")
		}
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelPhone, Value: v, Label: labelOf(f, groupLabels)})
	}
	for _, f := range card[vcard.FieldEmail] {
		v := trimScheme(unescape(f.Value), "mailto:")
		if isExchangeAddress(v) {
			dropped = appendUnique(dropped, Reason{Code: CodeExchangeAddress})
			continue
		}
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelEmail, Value: v, Label: labelOf(f, groupLabels)})
	}
	for _, f := range card[vcard.FieldIMPP] {
		service := strings.TrimSpace(f.Params.Get("X-SERVICE-TYPE"))
		typ, v := channelFromURI(unescape(f.Value), service)
		if t, ok := exactChannel(f.Params.Get(paramType), unescape(f.Value)); ok {
			typ, v = t, exactValue(t, unescape(f.Value))
		}
		label := labelOf(f, groupLabels)
		if label == "" && typ == contact.ChannelOther && service != "" {
			label = clip(service, contact.MaxLabel)
		}
		c.Channels = append(c.Channels, contact.Channel{Type: typ, Value: v, Label: label})
	}
	for _, f := range card["X-JABBER"] {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelOther, Value: "xmpp:" + unescape(f.Value), Label: labelOf(f, groupLabels)})
	}
	// Outlook's IM address.
	for _, f := range card["X-MS-IMADDRESS"] {
		if v := unescape(f.Value); v != "" {
			typ, val := channelFromURI(v, "")
			c.Channels = append(c.Channels, contact.Channel{Type: typ, Value: val, Label: labelOf(f, groupLabels)})
		}
	}
	c.Channels = append(c.Channels, messengerFields(card, groupLabels)...)

	for _, f := range card[vcard.FieldAddress] {
		if country := part(splitStructured(f.Value), 6); country != "" {
			dropped = append(dropped, setCountry(c, country)...)
			break
		}
	}
	for _, f := range card[vcard.FieldLanguage] {
		dropped = append(dropped, addLanguages(c, []string{unescape(f.Value)})...)
	}
	for _, f := range card[vcard.FieldCategories] {
		for _, t := range strings.Split(f.Value, sepList) {
			if t = unescape(t); t != "" && !systemGroup(t) {
				c.Tags = append(c.Tags, t)
			}
		}
	}
	var notes []string
	for _, f := range card[vcard.FieldNote] {
		if n := unescape(f.Value); n != "" {
			notes = append(notes, n)
		}
	}
	c.Notes = strings.Join(notes, "\n\n")
	return c, nil, dropped
}

// cardUID returns the form of a UID that [MakePlan] compares.
func cardUID(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimPrefix(v, "urn:uuid:")
	if len(v) > 200 {
		return ""
	}
	return v
}

// messengerFields returns the channels of properties Safehouse has no
// field for but whose label names a messenger: Google's custom fields
// and Apple's labelled items ("item3.X-CUSTOM:…" with "item3.X-ABLabel:
// Signal") and the X-SIGNAL, X-WHATSAPP and X-TELEGRAM properties some
// apps write.
func messengerFields(card vcard.Card, groupLabels map[string]string) []contact.Channel {
	var out []contact.Channel
	handled := map[string]bool{vcard.FieldTelephone: true, vcard.FieldEmail: true, vcard.FieldIMPP: true,
		propLabel: true, "X-JABBER": true, "X-MS-IMADDRESS": true}
	names := make([]string, 0, len(card))
	for name := range card {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if handled[name] {
			continue
		}
		for _, f := range card[name] {
			label := ""
			if f.Group != "" {
				label = groupLabels[strings.ToUpper(f.Group)]
			}
			if label == "" && strings.HasPrefix(name, "X-") {
				label = name[2:]
			}
			typ, ok := messengers[strings.ToLower(label)]
			v := unescape(f.Value)
			if !ok || v == "" {
				continue
			}
			if typ != contact.ChannelOther {
				_, v = channelFromURI(v, string(typ))
				out = append(out, contact.Channel{Type: typ, Value: v})
				continue
			}
			out = append(out, contact.Channel{Type: typ, Value: v, Label: clip(label, contact.MaxLabel)})
		}
	}
	return out
}

// trimScheme removes every leading scheme prefix (any case) from v.
func trimScheme(v, scheme string) string {
	for len(v) >= len(scheme) && strings.EqualFold(v[:len(scheme)], scheme) {
		v = strings.TrimSpace(v[len(scheme):])
	}
	return v
}

// exactChannel reads the channel type of an IMPP property written by
// [ContactCard].
func exactChannel(t, v string) (contact.ChannelType, bool) {
	switch ct := contact.ChannelType(strings.ToLower(t)); ct {
	case contact.ChannelSignal, contact.ChannelMatrix, contact.ChannelOther:
		return ct, true
	}
	return "", false
}

// exactValue undoes the URI [ContactCard] wrote for a channel of type t.
func exactValue(t contact.ChannelType, v string) string {
	switch t {
	case contact.ChannelSignal:
		for _, p := range []string{"sgnl://signal.me/#p/", "signal:"} {
			if strings.HasPrefix(v, p) {
				return v[len(p):]
			}
		}
	case contact.ChannelMatrix:
		for _, p := range []struct{ uri, id string }{{"matrix:u/", "@"}, {"matrix:r/", "#"}, {"matrix:roomid/", "!"}, {"matrix:", ""}} {
			if strings.HasPrefix(v, p.uri) {
				return p.id + v[len(p.uri):]
			}
		}
	}
	return v
}

// channelFromURI reads an IMPP value: Signal (sgnl:, signal:, signal.me
// links), Matrix (matrix: URIs, matrix.to links), tel: and mailto:, or the
// service named by X-SERVICE-TYPE (Apple writes "x-apple:" values).
// Anything else is an "other" channel holding the whole value.
func channelFromURI(v, service string) (contact.ChannelType, string) {
	lv := strings.ToLower(v)
	cut := func(prefix string) string { return strings.TrimSpace(v[len(prefix):]) }
	for _, p := range []string{"sgnl://signal.me/#p/", "https://signal.me/#p/", "sgnl://", "sgnl:", "signal://", "signal:"} {
		if strings.HasPrefix(lv, p) {
			return contact.ChannelSignal, cut(p)
		}
	}
	if strings.HasPrefix(lv, "https://matrix.to/#/") {
		rest := cut("https://matrix.to/#/")
		if u, err := url.PathUnescape(rest); err == nil {
			rest = u
		}
		return contact.ChannelMatrix, rest
	}
	if strings.HasPrefix(lv, "matrix:") {
		rest := cut("matrix:")
		if i := strings.IndexByte(rest, '?'); i >= 0 && strings.Contains(rest[:i], "/") {
			rest = rest[:i] // ?action=chat and the like
		}
		switch {
		case strings.HasPrefix(rest, "u/"):
			rest = "@" + rest[2:]
		case strings.HasPrefix(rest, "r/"):
			rest = "#" + rest[2:]
		case strings.HasPrefix(rest, "roomid/"):
			rest = "!" + rest[7:]
		}
		return contact.ChannelMatrix, rest
	}
	if strings.HasPrefix(lv, "tel:") {
		return contact.ChannelPhone, cut("tel:")
	}
	if strings.HasPrefix(lv, "mailto:") {
		return contact.ChannelEmail, cut("mailto:")
	}
	if strings.HasPrefix(lv, "x-apple:") {
		v = cut("x-apple:")
	}
	switch strings.ToLower(service) {
	case "signal":
		return contact.ChannelSignal, v
	case "matrix", "element":
		return contact.ChannelMatrix, v
	}
	return contact.ChannelOther, v
}
