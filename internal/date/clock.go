package date

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/safehouse-app/safehouse/internal/textfold"
)

// ErrInvalidClock is returned (wrapped) by [ParseClock] for text that is
// not a time of day.
var ErrInvalidClock = errors.New("invalid time of day")

// meridiems are the morning and afternoon markers ParseClock accepts, in
// folded lower case, longest first within each language: English, and the
// ones Chinese, Arabic and Persian keyboards type.
var meridiems = []struct {
	text string
	pm   bool
}{
	{"a.m.", false}, {"p.m.", true}, {"am", false}, {"pm", true}, {"a", false}, {"p", true},
	{"上午", false}, {"早上", false}, {"凌晨", false}, {"下午", true}, {"晚上", true}, {"中午", true},
	{"ق.ظ", false}, {"ب.ظ", true}, {"صبح", false}, {"عصر", true}, {"ص", false}, {"م", true},
}

// ParseClock reads a time of day as people type it: "14:30", "14.30",
// "14h30", "1430", "930", "9", "2:30 pm", "2pm", "12 a.m.", "下午2:30",
// "۱۴:۳۰" (digits of any script), and returns its hour (0–23) and minute.
func ParseClock(s string) (hour, minute int, err error) {
	t := strings.ToLower(strings.TrimSpace(textfold.Fold(s)))
	bad := func() (int, int, error) { return 0, 0, fmt.Errorf("%w %q: want HH:MM", ErrInvalidClock, s) }
	if t == "" {
		return bad()
	}
	meridiem, pm := false, false
	for _, m := range meridiems {
		if rest, ok := strings.CutSuffix(t, m.text); ok && rest != "" && !unicode.IsLetter(lastRune(rest)) {
			t, meridiem, pm = rest, true, m.pm
			break
		}
		if rest, ok := strings.CutPrefix(t, m.text); ok && rest != "" && !unicode.IsLetter(firstRune(rest)) {
			t, meridiem, pm = rest, true, m.pm
			break
		}
	}
	t = strings.TrimSpace(t)
	var hs, ms string
	if i := strings.IndexAny(t, ":.h٫"); i >= 0 {
		sep := len(string([]rune(t[i:])[0]))
		hs, ms = t[:i], t[i+sep:]
		if ms == "" && t[i] == 'h' { // "14h"
			ms = "0"
		}
	} else {
		switch len(t) {
		case 1, 2:
			hs, ms = t, "0"
		case 3, 4:
			hs, ms = t[:len(t)-2], t[len(t)-2:]
		default:
			return bad()
		}
	}
	// One minute digit is ambiguous ("14:3"): only "0" from "14h" or "9".
	if !digits(hs) || !digits(ms) || len(hs) > 2 || len(ms) > 2 || len(ms) == 1 && ms != "0" {
		return bad()
	}
	hour, _ = strconv.Atoi(hs)
	minute, _ = strconv.Atoi(ms)
	if minute > 59 {
		return bad()
	}
	if meridiem {
		if hour < 1 || hour > 12 {
			return bad()
		}
		hour %= 12
		if pm {
			hour += 12
		}
	} else if hour > 23 {
		return bad()
	}
	return hour, minute, nil
}

// FormatClock writes a time of day as "HH:MM", the form fields' layout.
func FormatClock(hour, minute int) string { return fmt.Sprintf("%02d:%02d", hour, minute) }

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}
