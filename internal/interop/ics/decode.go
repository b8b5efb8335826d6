package ics

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	ical "github.com/emersion/go-ical"
)

// Limits bound what [Parse] accepts.
type Limits struct {
	// File is the largest file, in bytes.
	File int64
	// Line is the longest content line after unfolding, in bytes.
	Line int
	// Depth is the deepest nesting of components (VCALENDAR > VEVENT >
	// VALARM is 3).
	Depth int
	// Components is the most components (of any kind) in the file.
	Components int
}

// DefaultLimits are generous for real calendars (a 10 MiB file holds tens
// of thousands of events) and keep hostile files cheap to refuse.
var DefaultLimits = Limits{File: 10 << 20, Line: 256 << 10, Depth: 8, Components: 100_000}

// Errors returned (wrapped) by [Parse]. Each has a message ID for users
// (see [Explain]).
var (
	// ErrTooLarge: the file, a line, the nesting or the number of
	// components exceeds [Limits].
	ErrTooLarge = errors.New("calendar file too large or too complex")
	// ErrNotCalendar: the file is not an iCalendar file.
	ErrNotCalendar = errors.New("not an iCalendar file")
	// ErrMalformed: the file breaks the iCalendar syntax.
	ErrMalformed = errors.New("malformed iCalendar file")
)

// LineError locates a syntax error.
type LineError struct {
	Line int // 1-based physical line where the content line starts
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

func lineErr(line int, base error, detail string) error {
	return &LineError{Line: line, Err: fmt.Errorf("%w: %s", base, detail)}
}

// maxWarnings bounds the lines [decode] lists as skipped; later ones
// are counted only.
const maxWarnings = 1000

// Message IDs of the warnings about lines the reader skipped.
const (
	WarnSkippedProperty = "calendar.warning.skipped_property" // Line, Name
	WarnSkippedLine     = "calendar.warning.skipped_line"     // Line
	WarnCutShort        = "calendar.warning.cut_short"        // Name, Line
)

// decoded is the component tree of a file and what was skipped reading
// it.
type decoded struct {
	cals []*ical.Component
	// warnings say which lines were skipped (at most maxWarnings), and
	// more counts the others.
	warnings []Notice
	more     int
	// first is the first skipped line as an error, for a file of which
	// nothing can be read.
	first error
}

func (d *decoded) warn(err error, n Notice) {
	if d.first == nil {
		d.first = err
	}
	if len(d.warnings) >= maxWarnings {
		d.more++
		return
	}
	d.warnings = append(d.warnings, n)
}

// decode tokenizes data into its top-level VCALENDAR components. It
// unfolds lines (CRLF or LF, continuation with a space or a tab), parses
// each content line into a go-ical Prop and builds the component tree,
// enforcing lim.
//
// It is as lenient as the common calendar readers: a property line that
// cannot be read is skipped, an END that closes an outer component closes
// the inner ones too, stray lines are skipped, and a component the file
// ends inside is left out; each is listed as a warning. Only a file that
// does not start as a calendar, or passes a limit, is refused here.
func decode(data []byte, lim Limits) (*decoded, error) {
	if int64(len(data)) > lim.File {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.File)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var (
		d         = &decoded{}
		stack     []*ical.Component
		starts    []int
		count     int
		logical   []byte
		startLine int
	)
	flush := func() error {
		if len(logical) == 0 {
			return nil
		}
		line := string(logical)
		logical = logical[:0]
		if strings.TrimSpace(line) == "" {
			return nil
		}
		prop, err := parseContentLine(line)
		if err != nil {
			if len(d.cals) == 0 {
				return lineErr(startLine, ErrMalformed, err.Error())
			}
			name := lineName(line)
			if name == "" {
				d.warn(lineErr(startLine, ErrMalformed, err.Error()), notice(WarnSkippedLine, "Line", startLine))
			} else {
				d.warn(lineErr(startLine, ErrMalformed, err.Error()), notice(WarnSkippedProperty, "Line", startLine, "Name", name))
			}
			return nil
		}
		switch prop.Name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(prop.Value))
			if len(stack) == 0 && name != ical.CompCalendar {
				if len(d.cals) == 0 {
					return lineErr(startLine, ErrNotCalendar, "first component is not VCALENDAR")
				}
				d.warn(lineErr(startLine, ErrMalformed, "component after END:VCALENDAR"), notice(WarnSkippedLine, "Line", startLine))
				return nil
			}
			if !validName(name) {
				if len(d.cals) == 0 {
					return lineErr(startLine, ErrMalformed, "invalid component name")
				}
				d.warn(lineErr(startLine, ErrMalformed, "invalid component name"), notice(WarnSkippedLine, "Line", startLine))
				return nil
			}
			if len(stack) >= lim.Depth {
				return lineErr(startLine, ErrTooLarge, "components nested too deeply")
			}
			if count++; count > lim.Components {
				return lineErr(startLine, ErrTooLarge, "too many components")
			}
			c := ical.NewComponent(name)
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, c)
			} else {
				d.cals = append(d.cals, c)
			}
			stack = append(stack, c)
			starts = append(starts, startLine)
		case "END":
			name := strings.ToUpper(strings.TrimSpace(prop.Value))
			open := -1
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].Name == name {
					open = i
					break
				}
			}
			switch {
			case open < 0 && len(d.cals) == 0:
				return lineErr(startLine, ErrMalformed, "END does not match BEGIN")
			case open < 0:
				d.warn(lineErr(startLine, ErrMalformed, "END does not match BEGIN"), notice(WarnSkippedLine, "Line", startLine))
			default:
				if open < len(stack)-1 {
					d.warn(lineErr(startLine, ErrMalformed, "END does not match BEGIN"), notice(WarnSkippedLine, "Line", startLine))
				}
				stack, starts = stack[:open], starts[:open]
			}
		default:
			if len(stack) == 0 {
				if len(d.cals) == 0 {
					return lineErr(startLine, ErrNotCalendar, "content before BEGIN:VCALENDAR")
				}
				d.warn(lineErr(startLine, ErrMalformed, "content after END:VCALENDAR"), notice(WarnSkippedLine, "Line", startLine))
				return nil
			}
			c := stack[len(stack)-1]
			c.Props[prop.Name] = append(c.Props[prop.Name], *prop)
		}
		return nil
	}
	lineNo := 0
	for len(data) > 0 {
		var raw []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			raw, data = data[:i], data[i+1:]
		} else {
			raw, data = data, nil
		}
		lineNo++
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if len(raw) > 0 && (raw[0] == ' ' || raw[0] == '\t') && len(logical) > 0 {
			raw = raw[1:]
		} else {
			if err := flush(); err != nil {
				return nil, err
			}
			startLine = lineNo
		}
		if len(logical)+len(raw) > lim.Line {
			return nil, lineErr(startLine, ErrTooLarge, "line too long")
		}
		logical = append(logical, raw...)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(d.cals) == 0 {
		return nil, fmt.Errorf("%w: no VCALENDAR", ErrNotCalendar)
	}
	// The file ends inside components: what they hold may be cut short,
	// so the innermost ones below the calendar are left out.
	if len(stack) > 1 {
		cut := stack[1]
		parent := stack[0]
		parent.Children = slices.DeleteFunc(parent.Children, func(c *ical.Component) bool { return c == cut })
		d.warn(fmt.Errorf("%w: %s not closed (file cut short?)", ErrMalformed, cut.Name),
			notice(WarnCutShort, "Name", cut.Name, "Line", starts[1]))
	}
	return d, nil
}

// lineName returns the property name a content line starts with, when it
// is a valid name ("" otherwise).
func lineName(s string) string {
	i := strings.IndexAny(s, ";:")
	if i < 0 {
		return ""
	}
	name := strings.ToUpper(strings.TrimSpace(s[:i]))
	if !validName(name) {
		return ""
	}
	return name
}

// validName reports whether s is an iCalendar name: letters, digits and
// dashes (RFC 5545 section 3.1: iana-token and x-name).
func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// parseContentLine splits name *(";" param) ":" value (RFC 5545 section
// 3.1). Parameter values may be quoted; quoted values may hold ";:,".
// Names are upper-cased.
func parseContentLine(s string) (*ical.Prop, error) {
	i := strings.IndexAny(s, ";:")
	if i < 0 {
		return nil, errors.New("missing colon")
	}
	// Whitespace around names and parameters, and empty parameters
	// (a stray ";"), are read as the common readers read them.
	name := strings.ToUpper(strings.TrimSpace(s[:i]))
	if !validName(name) {
		return nil, errors.New("invalid property name")
	}
	prop := &ical.Prop{Name: name, Params: ical.Params{}}
	s = s[i:]
	for len(s) > 0 && s[0] == ';' {
		s = strings.TrimLeft(s[1:], " \t")
		if len(s) > 0 && (s[0] == ';' || s[0] == ':') {
			continue
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return nil, errors.New("malformed parameter")
		}
		pname := strings.ToUpper(strings.TrimSpace(s[:eq]))
		if !validName(pname) {
			return nil, errors.New("invalid parameter name")
		}
		s = strings.TrimLeft(s[eq+1:], " \t")
		for {
			var v string
			if len(s) > 0 && s[0] == '"' {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					return nil, errors.New("unterminated quoted parameter value")
				}
				v, s = s[1:1+end], strings.TrimLeft(s[2+end:], " \t")
			} else {
				end := strings.IndexAny(s, "\";:,")
				if end < 0 {
					return nil, errors.New("missing colon")
				}
				if s[end] == '"' {
					return nil, errors.New("quote inside a parameter value")
				}
				v, s = strings.TrimSpace(s[:end]), s[end:]
			}
			if len(prop.Params[pname]) >= 100 {
				return nil, errors.New("too many parameter values")
			}
			prop.Params[pname] = append(prop.Params[pname], v)
			if len(s) > 0 && s[0] == ',' {
				s = s[1:]
				continue
			}
			break
		}
		if len(s) == 0 {
			return nil, errors.New("missing colon")
		}
		if s[0] != ';' && s[0] != ':' {
			return nil, errors.New("malformed parameter")
		}
	}
	if len(s) == 0 || s[0] != ':' {
		return nil, errors.New("missing colon")
	}
	prop.Value = s[1:]
	return prop, nil
}
