package textfold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"ascii kept with its case", "Amina K. <a@b.org>", "Amina K. <a@b.org>"},
		{"latin accents", "José Müller Niño Ærøskøbing Łódź", "Jose Muller Nino AEroskobing Lodz"},
		{"decomposed accent", "Jose\u0301", "Jose"},
		{"sharp s", "Straße STRAẞE", "Strasse STRASSE"},
		{"ligature and full width", "ﬁle Ａｂｃ", "file Abc"},
		{"turkish dotless and dotted i", "Işık İstanbul", "Isik Istanbul"},
		{"greek accents", "Ελληνικά άλφα", "Ελληνικα αλφα"},
		{"cyrillic yo folds, short i stays", "Ёлка ёж йод Киев", "Елка еж йод Киев"},
		{"arabic alef variants", "أحمد إيمان آمنة ٱلله", "احمد ايمان امنه الله"},
		{"arabic tashkeel", "مُحَمَّد", "محمد"},
		{"tatweel", "حـــسن", "حسن"},
		{"alef maksura and persian yeh", "مصطفى علی علي", "مصطفي علي علي"},
		{"persian kaf", "کتاب كتاب", "كتاب كتاب"},
		{"teh marbuta and heh variants", "مدرسة خانۀ", "مدرسه خانه"},
		{"hamza carriers", "مؤتمر رئيس", "موتمر رييس"},
		{"persian zwnj becomes a space", "می\u200cخواهم", "مي خواهم"},
		{"direction marks and soft hyphen vanish", "a\u200eb\u200fc\u00add\u2067e\u2069", "abcde"},
		{"arabic-indic and persian digits", "٠١٢٣٤٥٦٧٨٩ ۱۴۰۲", "0123456789 1402"},
		{"devanagari digits", "१२३", "123"},
		{"chinese untouched", "北京大学 肯尼亚", "北京大学 肯尼亚"},
		{"japanese kana keep their marks", "ガイド ぱ", "ガイド ぱ"},
		{"korean untouched", "대한민국", "대한민국"},
		{"invalid utf-8 replaced", "a\xffb", "a\uFFFDb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	same := [][]string{
		{"Kenya", "KENYA", "kenya"},
		{"José", "jose", "JOSÉ", "Jose\u0301"},
		{"Straße", "STRASSE", "strasse"},
		{"İstanbul", "istanbul", "ISTANBUL"},
		{"أحمد", "احمد", "إحمد", "آحمد"},
		{"علی", "علي", "على"},
		{"کتاب", "كتاب"},
		{"مدرسة", "مدرسه"},
		{"Ёлка", "елка"},
		{"۱۲۳", "١٢٣", "123"},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, s := range group[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want them equal", s, got, group[0], want)
			}
		}
	}
	different := [][2]string{{"йод", "иод"}, {"北京", "南京"}, {"ガ", "カ"}}
	for _, p := range different {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%q) == Key(%q): must differ", p[0], p[1])
		}
	}
}

func TestDigitRangesHoldWholeSets(t *testing.T) {
	t.Parallel()
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %#x-%#x (stride %d) is not whole sets of ten", lo, hi, stride)
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	if digitValue('٧') != 7 || digitValue('۹') != 9 || digitValue('𝟘') != 0 {
		t.Error("wrong digit values")
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	got := strings.Join(Words("Hello, world! crypto-party नमस्ते 北京 a_b"), "|")
	if want := "Hello|world|crypto|party|नमस्ते|北京|a|b"; got != want {
		t.Fatalf("Words = %q, want %q", got, want)
	}
}

func TestQueryRank(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, text string
		rank        int
		ok          bool
	}{
		{"", "anything", 0, true},
		{"ken", "Kenya", 0, true},
		{"kenia", "Kenia", 0, true},
		{"africa", "South Africa", 1, true},
		{"sout afr", "South Africa", 0, true},
		{"frica", "South Africa", 2, true},
		{"nairobi kenya", "Nairobi (Kenya) · UTC+03:00", 0, true},
		{"kenya nairobi", "Nairobi (Kenya) · UTC+03:00", 1, true},
		{"kenya x", "Kenya", 0, false},
		{"尼亚", "肯尼亚", 2, true},
		{"احمد", "أَحمد", 0, true},
		{"jose", "María José", 1, true},
		{"   ", "x", 0, true},
	}
	for _, tt := range tests {
		rank, ok := NewQuery(tt.query).Rank(Key(tt.text))
		if ok != tt.ok || (ok && rank != tt.rank) {
			t.Errorf("%q in %q: rank %d ok %v, want %d %v", tt.query, tt.text, rank, ok, tt.rank, tt.ok)
		}
	}
}

// FuzzFold checks that folding never fails on any input, always returns
// valid NFC text, is idempotent, and leaves ASCII as it is.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "José", "مُحَمَّد", "می\u200cخواهم", "İ", "ℌ", "ﷺ", "a\xffb", "Straße", "ǅ", "\u0308e", "北京"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Fold(%q) = %q: not NFC", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, got, again)
		}
		k := Key(s)
		if again := Key(k); again != k {
			t.Fatalf("Key not idempotent: %q -> %q -> %q", s, k, again)
		}
		if isPlainASCII(s) && got != s {
			t.Fatalf("ASCII changed: %q -> %q", s, got)
		}
	})
}

func TestDigits(t *testing.T) {
	for in, want := range map[string]string{
		"۲۰۲۷-۱۰-۲۱":    "2027-10-21",
		"٢٠٢٧ and ١٢":   "2027 and 12",
		"१२३ ２３":        "123 23",
		"سلام 42 ABC é": "سلام 42 ABC é",
		"":              "",
	} {
		if got := Digits(in); got != want {
			t.Errorf("Digits(%q) = %q, want %q", in, got, want)
		}
	}
}
