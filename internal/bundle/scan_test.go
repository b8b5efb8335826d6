package bundle

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// bigLimits leave only the grammar to check.
var bigLimits = Limits{File: 1 << 40, Compressed: 1 << 40, Expanded: 1 << 40, Items: 1 << 30, String: 1 << 30, Depth: 1 << 20}

// grammarCases are inputs for comparing the scanner's grammar with
// encoding/json's.
var grammarCases = []string{
	``, ` `, `{}`, `[]`, `null`, `true`, `false`, `nul`, `tru`, `0`, `-0`, `-`, `01`, `1.`, `1.5`, `1e5`, `1E+5`, `1e`,
	`-1.5e-3`, `.5`, `+1`, `"a"`, `"`, `"\"`, `"\u00e9"`, `"\u00G9"`, `"\x"`, `"\/"`, "\"\t\"", `"\ud83d\ude00"`,
	`"\ud83d"`, `"\ude00"`, `[1,2]`, `[1,]`, `[,1]`, `[1 2]`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":}`,
	`{"a":1 "b":2}`, `[[[]]]`, `[[[]]`, `{} {}`, `{}x`, " {\n\t\"a\" :\r [ ] } ", `"é"`, `[true,false,null]`,
	`[truex]`, `{"":0}`, `1 2`, `[1]]`, `{"a":{"b":[{"c":"d"}]}}`,
}

// TestScanGrammarAgreesWithEncodingJSON checks the hand-written scanner
// accepts exactly the JSON encoding/json accepts (for valid UTF-8).
func TestScanGrammarAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range grammarCases {
		got := scanShape([]byte(c), nil, bigLimits) == nil
		if want := json.Valid([]byte(c)); got != want {
			t.Errorf("%q: scanner says %v, encoding/json %v", c, got, want)
		}
	}
}

// FuzzScanJSON compares the scanner's grammar with encoding/json's on
// arbitrary input. Seeds: the grammar cases.
func FuzzScanJSON(f *testing.F) {
	for _, c := range grammarCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := scanShape(b, nil, bigLimits)
		if !utf8.Valid(b) {
			return // the scanner refuses invalid UTF-8 in texts, encoding/json does not
		}
		if (err == nil) != json.Valid(b) {
			t.Fatalf("%q: scanner error %v, encoding/json valid %v", b, err, json.Valid(b))
		}
		if err != nil && !errors.Is(err, ErrTampered) {
			t.Fatalf("grammar error is not ErrTampered: %v", err)
		}
	})
}

// TestObjectMembersCountAsItems: members of objects count toward the item
// limit like array elements (7 million repeated keys in one object cost
// 7.6 s and 579 MB before).
func TestObjectMembersCountAsItems(t *testing.T) {
	lim := DefaultLimits
	lim.Items = 100
	obj := func(n int, member string) []byte {
		return []byte(`{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"x":{` +
			strings.TrimSuffix(strings.Repeat(member+",", n), ",") + `}}`)
	}
	// Six members at the top ("x" included), plus the members of "x".
	if err := scanPayload(obj(94, `"a":0`), lim); !errors.Is(err, ErrTampered) {
		t.Fatalf("100 items: %v, want the unknown field refused", err)
	}
	if err := scanPayload(obj(95, `"a":0`), lim); !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("101 items: %v", err)
	}
	// Repeating a known key: the same.
	dup := []byte(`{` + strings.Repeat(`"deleted":[],`, 101) + `"events":[]}`)
	if err := scanPayload(dup, lim); !errors.Is(err, ErrTooManyItems) {
		t.Fatalf("101 repeated keys: %v", err)
	}
}

// TestRepeatedAndUnknownKeys: the scanner refuses keys the format does not
// define (also in nested records, and differing only in case, which
// encoding/json would match) and a key twice in one object.
func TestRepeatedAndUnknownKeys(t *testing.T) {
	for name, c := range map[string]string{
		"repeated":        `{"events":[],"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`,
		"unknown":         `{"events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[],"extra":1}`,
		"case":            `{"Events":[],"tutorials":[],"builtin_tutorials":[],"contacts":[],"deleted":[]}`,
		"nested unknown":  `{"events":[{"id":"x","colour":"red"}]}`,
		"nested repeated": `{"deleted":[{"id":"a","id":"b","kind":"event"}]}`,
		"list for object": `{"events":[[]]}`,
		"object for text": `{"deleted":[{"id":{},"kind":"event"}]}`,
		"text for list":   `{"events":"many"}`,
		"top-level list":  `[]`,
	} {
		if err := scanPayload([]byte(c), DefaultLimits); !errors.Is(err, ErrTampered) {
			t.Errorf("%s: %v", name, err)
		}
	}
	ok := `{"events":null,"deleted":[{"id":"a","kind":"event"}],"contacts":[{"name":"\u0041na","tags":["x"],"redacted":["notes"]}]}`
	if err := scanPayload([]byte(ok), DefaultLimits); err != nil {
		t.Fatalf("valid shape refused: %v", err)
	}
	// An escaped key is the key it spells.
	if err := scanPayload([]byte(`{"\u0065vents":[]}`), DefaultLimits); err != nil {
		t.Fatalf("escaped key: %v", err)
	}
}

// TestLimitsReportedBeforeShape: a payload that breaks a limit inside an
// unknown field reports the limit (as the format's order of checks says).
func TestLimitsReportedBeforeShape(t *testing.T) {
	deep := `{"x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`
	if err := scanPayload([]byte(deep), DefaultLimits); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep: %v", err)
	}
	long := `{"x":"` + strings.Repeat("a", DefaultLimits.String+1) + `"}`
	if err := scanPayload([]byte(long), DefaultLimits); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("long: %v", err)
	}
}

// TestStringLimitCountsDecodedBytes: the string limit applies to the text
// as decoded, so escapes (json.Marshal writes "<" as \u003c) do not count
// six times, and a text exactly at the limit passes.
func TestStringLimitCountsDecodedBytes(t *testing.T) {
	lim := DefaultLimits
	lim.String = 10
	for c, want := range map[string]error{
		`{"contacts":[{"name":"0123456789"}]}`:                                 nil,
		`{"contacts":[{"name":"01234567890"}]}`:                                ErrTooLarge,
		`{"contacts":[{"name":"\u003c\u003c\u003c\u003c\u003c\u003c\u003c"}]}`: nil,
		`{"contacts":[{"name":"ééééé"}]}`:                                      nil,
		`{"contacts":[{"name":"éééééé"}]}`:                                     ErrTooLarge,
		`{"contacts":[{"name":"\ud83d\ude00\ud83d\ude00\n\n"}]}`:               nil,
		`{"contacts":[{"name":"\ud83d\ude00\ud83d\ude00\n\n\n"}]}`:             ErrTooLarge,
		`{"contacts":[{"name":"\ud83d\ud83d\ud83d\n"}]}`:                       nil, // three U+FFFD
		`{"contacts":[{"name":"\ud83d\ud83d\ud83d\n\n"}]}`:                     ErrTooLarge,
		"{\"contacts\":[{\"name\":\"\xff\"}]}":                                 ErrTampered,
	} {
		if err := scanPayload([]byte(c), lim); !errors.Is(err, want) && (want != nil || err != nil) {
			t.Errorf("%s: %v, want %v", c, err, want)
		}
	}
}

// TestShapeCoversEveryField fills every field of a payload, encodes it
// with encoding/json and checks the scanner accepts it: the shape derived
// from the Go types knows every key the sender writes.
func TestShapeCoversEveryField(t *testing.T) {
	var p Payload
	fill(reflect.ValueOf(&p).Elem(), 0)
	b, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	if err := scanShape(b, payloadShape, bigLimits); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	for _, key := range []string{`"redacted"`, `"participants"`, `"tasks"`, `"safety"`, `"content_version"`, `"channels"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("filled payload lacks %s", key)
		}
	}
}

// fill sets every settable field of v to a non-zero value, one element in
// every list.
func fill(v reflect.Value, depth int) {
	if depth > 10 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2027, 10, 21, 12, 0, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	}
}
