package bundle

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds the payload scanner: one linear pass over the expanded
// payload JSON, before anything is decoded, that enforces the limits
// (string length, nesting, item count), the JSON grammar, and the shape
// of the payload (only the fields the format defines, each at most once
// per object). Decoding with encoding/json happens only after it passed.
//
// encoding/json's Decoder is not used for this on purpose: fed by a
// reader, it re-scans a run of white space on every refill of its
// buffer, which is quadratic in the run's length (a 38 KB bundle held
// tens of MB of spaces and took 17 s), and it copies the whole value into
// a buffer of its own.

// shape is what the format allows at one place of the payload JSON.
type shape struct {
	kind shapeKind
	// fields maps the keys of an object to their index in sub.
	fields map[string]int
	// sub are the shapes of an object's fields, or sub[0] the shape of an
	// array's elements.
	sub []*shape
}

type shapeKind uint8

const (
	// shapeScalar: a string, number, true, false or null.
	shapeScalar shapeKind = iota
	shapeObject
	shapeArray
)

// maxFields is the most fields an object shape may have (the scanner
// tracks repeated keys in a 64-bit mask).
const maxFields = 64

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// payloadShape is the shape of [Payload], derived from its Go types with
// the naming rules of encoding/json.
var payloadShape = shapeOf(reflect.TypeFor[Payload](), map[reflect.Type]*shape{})

// shapeOf derives the shape of values of type t. Types that decode
// themselves (time.Time, date.Date) are scalars: they read JSON strings.
func shapeOf(t reflect.Type, seen map[reflect.Type]*shape) *shape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := seen[t]; ok {
		return s
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return &shape{kind: shapeScalar}
	}
	switch t.Kind() {
	case reflect.Struct:
		s := &shape{kind: shapeObject, fields: map[string]int{}}
		seen[t] = s
		addFields(s, t, seen)
		if len(s.sub) > maxFields {
			panic(fmt.Sprintf("bundle: %v has more than %d JSON fields", t, maxFields))
		}
		return s
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &shape{kind: shapeScalar} // []byte is a base64 string
		}
		return &shape{kind: shapeArray, sub: []*shape{shapeOf(t.Elem(), seen)}}
	case reflect.Map, reflect.Interface:
		panic(fmt.Sprintf("bundle: payload type %v has no fixed shape", t))
	}
	return &shape{kind: shapeScalar}
}

// addFields adds the JSON fields of struct type t to s, promoting the
// fields of embedded structs as encoding/json does. A name seen at a
// shallower depth wins; the payload types never have two at one depth.
func addFields(s *shape, t reflect.Type, seen map[reflect.Type]*shape) {
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			embedded = append(embedded, ft)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := s.fields[name]; dup {
			panic(fmt.Sprintf("bundle: JSON field %q of %v appears twice", name, t))
		}
		s.fields[name] = len(s.sub)
		s.sub = append(s.sub, shapeOf(f.Type, seen))
	}
	for _, et := range embedded {
		inner := &shape{kind: shapeObject, fields: map[string]int{}}
		addFields(inner, et, seen)
		for name, i := range inner.fields {
			if _, shadowed := s.fields[name]; shadowed {
				continue
			}
			s.fields[name] = len(s.sub)
			s.sub = append(s.sub, inner.sub[i])
		}
	}
}

// scanner walks one JSON document. It stops at the first syntax error or
// exceeded limit; a value that does not fit the shape is remembered and
// reported once the whole document was scanned (so that limits are
// reported first, as the format says), the rest of it being scanned as
// plain JSON.
type scanner struct {
	b     []byte
	i     int
	lim   Limits
	items int
	depth int
	// misfit is the first place where the document left its shape.
	misfit string
}

// errEnd is returned inside the scanner when the input ends mid-value.
var errEnd = errf(ErrTampered, "payload: unexpected end")

// scanPayload checks payload JSON in one linear pass: grammar (one value,
// then only white space), limits, and the payload's shape. The error
// wraps [ErrTampered], [ErrTooLarge], [ErrTooDeep] or [ErrTooManyItems].
func scanPayload(b []byte, lim Limits) error {
	return scanShape(b, payloadShape, lim)
}

// scanShape is scanPayload for any shape; nil means any JSON.
func scanShape(b []byte, sh *shape, lim Limits) error {
	s := &scanner{b: b, lim: lim}
	if err := s.value(sh); err != nil {
		return err
	}
	s.space()
	if s.i != len(s.b) {
		return errf(ErrTampered, "payload: trailing data at byte %d", s.i)
	}
	if s.misfit != "" {
		return errf(ErrTampered, "payload: %s", s.misfit)
	}
	return nil
}

func (s *scanner) misfits(format string, args ...any) {
	if s.misfit == "" {
		s.misfit = fmt.Sprintf(format, args...)
	}
}

func (s *scanner) syntax(what string) error {
	return errf(ErrTampered, "payload: %s at byte %d", what, s.i)
}

// space skips JSON white space.
func (s *scanner) space() {
	b, i := s.b, s.i
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	s.i = i
}

// item counts one array element or object member.
func (s *scanner) item() error {
	s.items++
	if s.items > s.lim.Items {
		return errf(ErrTooManyItems, "more than %d items", s.lim.Items)
	}
	return nil
}

// value scans one value of shape sh (nil: any).
func (s *scanner) value(sh *shape) error {
	s.space()
	if s.i >= len(s.b) {
		return errEnd
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.object(sh)
	case c == '[':
		return s.array(sh)
	case c == '"':
		n, err := s.str()
		if err != nil {
			return err
		}
		if n > s.lim.String {
			return errf(ErrTooLarge, "a text of %d bytes, limit %d", n, s.lim.String)
		}
	case c == '-' || '0' <= c && c <= '9':
		if err := s.number(); err != nil {
			return err
		}
	case c == 't':
		return s.literal("true", sh)
	case c == 'f':
		return s.literal("false", sh)
	case c == 'n':
		return s.literal("null", nil) // null fits every shape
	default:
		return s.syntax("unexpected character")
	}
	if sh != nil && sh.kind != shapeScalar {
		s.misfits("a single value where a list or an object belongs (byte %d)", s.i)
	}
	return nil
}

func (s *scanner) literal(word string, sh *shape) error {
	if len(s.b)-s.i < len(word) {
		return errEnd
	}
	if string(s.b[s.i:s.i+len(word)]) != word {
		return s.syntax("invalid literal")
	}
	s.i += len(word)
	if sh != nil && sh.kind != shapeScalar {
		s.misfits("a single value where a list or an object belongs (byte %d)", s.i)
	}
	return nil
}

func (s *scanner) enter() error {
	s.depth++
	if s.depth > s.lim.Depth {
		return errf(ErrTooDeep, "nesting deeper than %d", s.lim.Depth)
	}
	return nil
}

func (s *scanner) object(sh *shape) error {
	if err := s.enter(); err != nil {
		return err
	}
	if sh != nil && sh.kind != shapeObject {
		s.misfits("an object where it does not belong (byte %d)", s.i)
		sh = nil
	}
	s.i++ // '{'
	s.space()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		s.depth--
		return nil
	}
	var seen uint64
	for {
		s.space()
		if s.i >= len(s.b) {
			return errEnd
		}
		if s.b[s.i] != '"' {
			return s.syntax("expected a key")
		}
		if err := s.item(); err != nil {
			return err
		}
		start := s.i
		n, err := s.str()
		if err != nil {
			return err
		}
		if n > s.lim.String {
			return errf(ErrTooLarge, "a key of %d bytes, limit %d", n, s.lim.String)
		}
		var child *shape
		if sh != nil {
			key, ok := s.key(start)
			idx, known := sh.fields[string(key)] // no allocation for the lookup
			// (misfit is tested first: formatting arguments allocate, and
			// a hostile object may repeat a key half a million times.)
			switch {
			case !ok || !known:
				if s.misfit == "" {
					s.misfits("unknown field %q", truncate(string(key), 40))
				}
			case seen&(1<<idx) != 0:
				if s.misfit == "" {
					s.misfits("field %q appears twice in one object", key)
				}
			default:
				seen |= 1 << idx
				child = sh.sub[idx]
			}
		}
		s.space()
		if s.i >= len(s.b) {
			return errEnd
		}
		if s.b[s.i] != ':' {
			return s.syntax("expected ':'")
		}
		s.i++
		if err := s.value(child); err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.b) {
			return errEnd
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntax("expected ',' or '}'")
		}
	}
}

func (s *scanner) array(sh *shape) error {
	if err := s.enter(); err != nil {
		return err
	}
	var elem *shape
	if sh != nil {
		if sh.kind != shapeArray {
			s.misfits("a list where it does not belong (byte %d)", s.i)
		} else {
			elem = sh.sub[0]
		}
	}
	s.i++ // '['
	s.space()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		s.depth--
		return nil
	}
	for {
		if err := s.item(); err != nil {
			return err
		}
		if err := s.value(elem); err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.b) {
			return errEnd
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntax("expected ',' or ']'")
		}
	}
}

// key returns the decoded text of the string that starts at start and
// ends at s.i. Keys are plain ASCII in practice, returned in place; an
// escaped key is decoded by encoding/json (it was checked already).
func (s *scanner) key(start int) ([]byte, bool) {
	raw := s.b[start:s.i]
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var k string
			if err := json.Unmarshal(raw, &k); err != nil {
				return nil, false
			}
			return []byte(k), true
		}
	}
	return inner, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// str scans a string starting at the opening quote and returns the length
// in bytes of its decoded text (what encoding/json will produce). Invalid
// UTF-8 is refused: a sender using this format never writes it.
func (s *scanner) str() (int, error) {
	b := s.b
	i := s.i + 1
	n := 0
	for {
		// Fast path over plain ASCII.
		for i < len(b) {
			c := b[i]
			if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
				break
			}
			i++
			n++
		}
		if i >= len(b) {
			s.i = i
			return 0, errEnd
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return n, nil
		case c < 0x20:
			s.i = i
			return 0, s.syntax("control character in a text")
		case c == '\\':
			if i+1 >= len(b) {
				s.i = i
				return 0, errEnd
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
				n++
			case 'u':
				r, ok := hex4(b, i+2)
				if !ok {
					s.i = i
					return 0, s.syntax("invalid \\u escape")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(b, i+2); ok && i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							i += 6
							n += utf8.RuneLen(dec)
							continue
						}
					}
					n += utf8.RuneLen(utf8.RuneError) // a lone surrogate decodes to U+FFFD
					continue
				}
				n += utf8.RuneLen(r)
			default:
				s.i = i
				return 0, s.syntax("invalid escape")
			}
		default: // c >= 0x80
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				s.i = i
				return 0, s.syntax("invalid UTF-8 in a text")
			}
			i += size
			n += size
		}
	}
}

// hex4 decodes the four hex digits at b[i:i+4].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// maxNumber is the longest number accepted, in characters.
const maxNumber = 64

// number scans a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() error {
	b, i, start := s.b, s.i, s.i
	digits := func() bool {
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' && i-start <= maxNumber {
			i++
		}
		return i > j
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		s.i = i
		return s.syntax("invalid number")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			s.i = i
			return s.syntax("invalid number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			s.i = i
			return s.syntax("invalid number")
		}
	}
	if i-start > maxNumber {
		s.i = i
		return errf(ErrTampered, "payload: number too long")
	}
	s.i = i
	return nil
}
