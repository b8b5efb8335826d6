// Package passphrase suggests passphrases and estimates their strength.
//
// [Suggest] picks words uniformly at random, with crypto/rand, from the
// embedded English word list (assets/wordlist/en.txt, 2,048 words, so each
// word adds 11 bits). [Entropy] and [Strength] give a simple estimate for
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
	"math/big"
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

var wordList = sync.OnceValues(func() ([]string, error) {
	f, err := assets.Wordlists.Open("wordlist/en.txt")
	if err != nil {
		return nil, fmt.Errorf("failed to open the word list: %w", err)
	}
	defer f.Close()
	var words []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if w := strings.TrimSpace(s.Text()); w != "" {
			words = append(words, w)
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("failed to read the word list: %w", err)
	}
	if len(words) != 1<<wordBits {
		return nil, fmt.Errorf("word list has %d words, want %d", len(words), 1<<wordBits)
	}
	return words, nil
})

var wordSet = sync.OnceValue(func() map[string]bool {
	words, _ := wordList()
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
})

// Words returns a copy of the English word list used by [Suggest].
func Words() ([]string, error) {
	words, err := wordList()
	if err != nil {
		return nil, err
	}
	return append([]string(nil), words...), nil
}

// Suggest returns a passphrase of n words picked uniformly and
// independently at random from the word list, joined by [Separator], for
// example "maple-otter-crisp-lantern-visit-honey". n = 0 means
// [DefaultWords]. Each word adds 11 bits of entropy: 6 words give 66.
func Suggest(n int) (string, error) {
	if n == 0 {
		n = DefaultWords
	}
	if n < 1 || n > MaxWords {
		return "", fmt.Errorf("%w: %d (want 1 to %d)", ErrWordCount, n, MaxWords)
	}
	words, err := wordList()
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
