package passphrase

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/safehouse-app/safehouse/assets"
)

func TestWordList(t *testing.T) {
	data, err := fs.ReadFile(assets.Wordlists, "wordlist/en.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2048 {
		t.Errorf("word list has %d lines, want 2048", len(lines))
	}
	valid := regexp.MustCompile(`^[a-z]{3,8}$`)
	seen := map[string]bool{}
	for i, w := range lines {
		if !valid.MatchString(w) {
			t.Errorf("line %d: %q is not 3 to 8 letters a-z", i+1, w)
		}
		if seen[w] {
			t.Errorf("line %d: %q is repeated", i+1, w)
		}
		seen[w] = true
	}
	if !slices.IsSorted(lines) {
		t.Error("word list is not sorted")
	}
	words, err := Words()
	if err != nil || !slices.Equal(words, lines) {
		t.Errorf("Words() = %d words, %v", len(words), err)
	}
}

func TestSuggest(t *testing.T) {
	p, err := Suggest(0)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(p, Separator)
	if len(parts) != DefaultWords {
		t.Errorf("Suggest(0) = %q, want %d words", p, DefaultWords)
	}
	set := wordSet()
	for _, w := range parts {
		if !set[w] {
			t.Errorf("%q is not from the word list", w)
		}
	}
	if got := Entropy(p); got != 66 {
		t.Errorf("Entropy(%q) = %v, want 66", p, got)
	}
	if got := Strength(p); got != Strong {
		t.Errorf("Strength(%q) = %v, want strong", p, got)
	}
	for _, n := range []int{1, 4, 10, MaxWords} {
		p, err := Suggest(n)
		if err != nil || len(strings.Split(p, Separator)) != n {
			t.Errorf("Suggest(%d) = %q, %v", n, p, err)
		}
	}
	for _, n := range []int{-1, MaxWords + 1} {
		if _, err := Suggest(n); !errors.Is(err, ErrWordCount) {
			t.Errorf("Suggest(%d) error = %v, want ErrWordCount", n, err)
		}
	}
}

// TestSuggestUniform checks that every word can come up and none is
// strongly favoured: 40,960 draws, about 20 per word.
func TestSuggestUniform(t *testing.T) {
	counts := map[string]int{}
	for i := 0; i < 4096; i++ {
		p, err := Suggest(10)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Split(p, Separator) {
			counts[w]++
		}
	}
	// With a mean of 20, a count outside [1, 60] has odds far below 1e-9.
	words, _ := Words()
	missing := 0
	for _, w := range words {
		if c := counts[w]; c == 0 {
			missing++
		} else if c > 60 {
			t.Errorf("%q drawn %d times, expected about 20", w, c)
		}
	}
	if missing > 2 {
		t.Errorf("%d words never drawn", missing)
	}
}

func TestSuggestRandomFailure(t *testing.T) {
	old := randReader
	randReader = iotest.ErrReader(errors.New("no entropy"))
	defer func() { randReader = old }()
	if _, err := Suggest(6); err == nil || !strings.Contains(err.Error(), "no entropy") {
		t.Errorf("Suggest with a failing reader: %v", err)
	}
}

func TestStrength(t *testing.T) {
	tests := []struct {
		p    string
		want Level
	}{
		// Very weak.
		{"", VeryWeak},
		{"abc", VeryWeak},
		{"Xq7#pL2", VeryWeak}, // random but shorter than MinLength
		{"password", VeryWeak},
		{"Password1", VeryWeak},
		{"password1!", VeryWeak},
		{"12345678", VeryWeak},
		{"qwertyuiop", VeryWeak},
		{"aaaaaaaaaaaaaaaa", VeryWeak},
		{"abcdefghijklmnop", VeryWeak},
		{"abcabcabcabc", VeryWeak},
		{"apple banana", VeryWeak},
		{"applebanana", VeryWeak},
		// Weak.
		{"apple-banana-cherry", Weak},
		{"Apple Banana Cherry", Weak},
		// Fair.
		{"apple-banana-cherry-maple", Fair},
		{"applebananacherrymaple", Fair},
		{"xkqjvzmt", Fair},
		{"apple-banana-cherry-maple-otter", Fair},
		// Strong.
		{"apple-banana-cherry-maple-otter-honey", Strong},
		{"k7Qv9mZ2pL4w", Strong},
		// Very strong.
		{"apple-banana-cherry-maple-otter-honey-river-lantern", VeryStrong},
		{"k7#Qv9!mZ2@pL4$w", VeryStrong},
	}
	for _, tc := range tests {
		if got := Strength(tc.p); got != tc.want {
			t.Errorf("Strength(%q) = %v (%.1f bits), want %v", tc.p, got, Entropy(tc.p), tc.want)
		}
	}
}

func TestEntropyWords(t *testing.T) {
	for _, w := range []string{"apple", "banana", "cherry", "maple", "otter", "honey", "river", "lantern"} {
		if !wordSet()[w] {
			t.Fatalf("test word %q is not in the list", w)
		}
	}
	for p, want := range map[string]float64{
		"apple":                     11,
		"apple-banana":              22,
		"apple_banana.cherry":       33,
		"  apple   banana  ":        22,
		"APPLE-Banana-cherry-MAPLE": 44,
	} {
		if got := Entropy(p); got != want {
			t.Errorf("Entropy(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestLevel(t *testing.T) {
	want := []string{
		"passphrase.strength.very_weak", "passphrase.strength.weak", "passphrase.strength.fair",
		"passphrase.strength.strong", "passphrase.strength.very_strong",
	}
	for l := VeryWeak; l <= VeryStrong; l++ {
		if got := l.MessageID(); got != want[l] {
			t.Errorf("%v.MessageID() = %q, want %q", l, got, want[l])
		}
	}
}

func TestCommonList(t *testing.T) {
	if n := len(commonSet()); n < 180 || n > 260 {
		t.Errorf("common password list has %d entries", n)
	}
}
