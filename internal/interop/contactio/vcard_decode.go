package contactio

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

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
