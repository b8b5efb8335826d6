package textsafe

import (
	"testing"
	"unicode"
)

func TestShowMarksFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"Amina K.":                  "Amina K.",
		"fdp\u202eexe.":             "fdp[U+202E]exe.",
		"Ami\u200bna":               "Ami[U+200B]na",
		"\u2066isolate\u2069":       "[U+2066]isolate[U+2069]",
		"bom\ufeff":                 "bom[U+FEFF]",
		"soft\u00adhyphen":          "soft[U+00AD]hyphen",
		"tag\U000e0041":             "tag[U+E0041]",
		"line\u2028sep\u2029":       "line[U+2028]sep[U+2029]",
		"esc\x1b[2J":                "esc[U+001B][2J",
		"keeps\ttab\nand\rnewlines": "keeps\ttab\nand\rnewlines",
		"می\u200cخواهم":             "می\u200cخواهم", // Persian needs the zero width non-joiner
		"👩\u200d💻":                  "👩\u200d💻",      // and emoji the joiner
		"Ünïcödé, العربية, 中文, ру": "Ünïcödé, العربية, 中文, ру",
	} {
		if got := Show(in); got != want {
			t.Errorf("Show(%q) = %q, want %q", in, got, want)
		}
		if Has(in) != (in != want) {
			t.Errorf("Has(%q) = %v", in, Has(in))
		}
	}
}

// TestEveryFormatCharacterIsMarked walks the whole Cf category: only the
// two joiners are left as they are.
func TestEveryFormatCharacterIsMarked(t *testing.T) {
	n := 0
	for _, tab := range []*unicode.RangeTable{unicode.Cf, unicode.Zl, unicode.Zp} {
		for _, r16 := range tab.R16 {
			for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
				if Neutralized(r) != (r != '\u200c' && r != '\u200d') {
					t.Errorf("U+%04X: neutralized %v", r, Neutralized(r))
				}
				n++
			}
		}
		for _, r32 := range tab.R32 {
			for r := rune(r32.Lo); r <= rune(r32.Hi); r += rune(r32.Stride) {
				if !Neutralized(r) {
					t.Errorf("U+%04X not neutralized", r)
				}
				n++
			}
		}
	}
	if n < 150 {
		t.Fatalf("only %d characters walked", n)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  a\r\nb\rc  ":          "a\nb\nc",
		"x\u0001y\u2028z":        "xyz",
		"tab\tkept":              "tab\tkept",
		"bad \xff utf8":          "bad \uFFFD utf8",
		"\u202eRTL stays \u200d": "\u202eRTL stays \u200d",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := OneLine(" a\n\n b\t c "); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
}
