// Package passphrase suggests passphrases and estimates their strength.
//
// [SuggestIn] picks words uniformly at random, with crypto/rand, from the
// embedded word list of the interface language (assets/wordlist/<lang>.txt,
// 2,048 words each, so each word adds 11 bits; English when the language
// has none). [Entropy] and [Strength] give a simple estimate for
// the strength meter shown while someone chooses a passphrase. It errs on
// the low side for the guessing strategies it models (words from the list,
// common passwords, repeats, sequences and keyboard runs) and knows nothing
// else: a famous quote still looks strong.
package passphrase

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"slices"
	"strings"
	"sync"

	"github.com/safehouse-app/safehouse/assets"
)

// MinLength is the shortest passphrase accepted, in characters.
const MinLength = 8

// DefaultWords is the number of words [Suggest] uses when asked for 0.
const DefaultWords = 6

// MaxWords is the largest number of words [Suggest] accepts.
const MaxWords = 32

// Separator joins the words of a suggested passphrase.
const Separator = "-"

// wordBits is the entropy of one word picked uniformly from the list.
const wordBits = 11

// ErrWordCount means Suggest was asked for fewer than 1 or more than
// MaxWords words.
var ErrWordCount = errors.New("word count out of range")

// randReader is the source of randomness; tests replace it.
var randReader io.Reader = rand.Reader

// lists caches the word lists read so far, by language.
var lists = struct {
	sync.Mutex
	m map[string][]string
}{m: map[string][]string{}}

// wordListIn returns the word list of lang, which must exist.
func wordListIn(lang string) ([]string, error) {
	lists.Lock()
	defer lists.Unlock()
	if w, ok := lists.m[lang]; ok {
		return w, nil
	}
	f, err := assets.Wordlists.Open("wordlist/" + lang + ".txt")
	if err != nil {
		return nil, fmt.Errorf("failed to open the word list: %w", err)
	}
	defer f.Close()
	var words []string
	seen := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		w := strings.TrimSpace(s.Text())
		if w == "" {
			continue
		}
		if seen[w] || strings.ContainsAny(w, " -") {
			return nil, fmt.Errorf("word list %s: %q is repeated or holds a separator", lang, w)
		}
		seen[w] = true
		words = append(words, w)
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("failed to read the word list: %w", err)
	}
	if len(words) != 1<<wordBits {
		return nil, fmt.Errorf("word list %s has %d words, want %d", lang, len(words), 1<<wordBits)
	}
	lists.m[lang] = words
	return words, nil
}

// Languages lists the languages that have a word list, "en" among them.
func Languages() []string {
	entries, _ := fs.ReadDir(assets.Wordlists, "wordlist")
	var out []string
	for _, e := range entries {
		if lang, ok := strings.CutSuffix(e.Name(), ".txt"); ok {
			out = append(out, lang)
		}
	}
	return out
}

// ListLanguage returns the language whose list [SuggestIn] uses for the
// interface language lang: lang itself, its base language ("pt" for
// "pt-BR"), else "en".
func ListLanguage(lang string) string {
	have := Languages()
	for _, l := range []string{lang, strings.SplitN(lang, "-", 2)[0]} {
		if slices.Contains(have, l) {
			return l
		}
	}
	return "en"
}

var wordSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, lang := range Languages() {
		words, _ := wordListIn(lang)
		for _, w := range words {
			set[strings.ToLower(w)] = true
		}
	}
	return set
})

// Words returns a copy of the English word list used by [Suggest].
func Words() ([]string, error) { return WordsIn("en") }

// WordsIn returns a copy of the word list [SuggestIn] uses for lang.
func WordsIn(lang string) ([]string, error) {
	words, err := wordListIn(ListLanguage(lang))
	if err != nil {
		return nil, err
	}
	return append([]string(nil), words...), nil
}

// Suggest returns a passphrase of n words picked uniformly and
// independently at random from the word list, joined by [Separator], for
// example "maple-otter-crisp-lantern-visit-honey". n = 0 means
// [DefaultWords]. Each word adds 11 bits of entropy: 6 words give 66.
func Suggest(n int) (string, error) { return SuggestIn("en", n) }

// SuggestIn is [Suggest] with words in the interface language lang (see
// [ListLanguage]), so that nobody has to switch keyboard layout to type
// the passphrase they were given: every list has 2,048 words, so each
// word adds 11 bits whatever the language.
func SuggestIn(lang string, n int) (string, error) {
	if n == 0 {
		n = DefaultWords
	}
	if n < 1 || n > MaxWords {
		return "", fmt.Errorf("%w: %d (want 1 to %d)", ErrWordCount, n, MaxWords)
	}
	words, err := wordListIn(ListLanguage(lang))
	if err != nil {
		return "", err
	}
	max := big.NewInt(int64(len(words)))
	picked := make([]string, n)
	for i := range picked {
		// rand.Int draws uniformly in [0, max): no modulo bias.
		j, err := rand.Int(randReader, max)
		if err != nil {
			return "", fmt.Errorf("failed to read random bytes: %w", err)
		}
		picked[i] = words[j.Int64()]
	}
	return strings.Join(picked, Separator), nil
}
