package contactio

import (
	"bytes"
	"strings"

	"github.com/emersion/go-vcard"
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
