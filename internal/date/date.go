package date

import (
	"errors"
	"fmt"
	"time"

	"github.com/safehouse-app/safehouse/internal/textfold"
)

// Date is a calendar date. The zero value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Layout is the textual form of a [Date].
const Layout = "2006-01-02"

// ErrInvalid is returned (wrapped) by [Parse] for malformed dates.
var ErrInvalid = errors.New("invalid date")

// Of returns the date of t in t's location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// New returns the normalized date for year, month and day (so that
// New(2027, 2, 30) is 2027-03-02).
func New(year int, month time.Month, day int) Date {
	return Of(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Parse parses "YYYY-MM-DD". The empty string gives the zero Date.
func Parse(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	// Digits of any script: "۲۰۲۷-۱۰-۲۱" is typed on a Persian keyboard.
	t, err := time.Parse(Layout, textfold.Digits(s))
	if err != nil {
		return Date{}, fmt.Errorf("%w %q: want YYYY-MM-DD", ErrInvalid, s)
	}
	return Of(t), nil
}

// MustParse is like [Parse] but panics on error; for tests and constants.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Before reports whether d is before other.
func (d Date) Before(other Date) bool { return d.Compare(other) < 0 }

// After reports whether d is after other.
func (d Date) After(other Date) bool { return d.Compare(other) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after other.
func (d Date) Compare(other Date) int {
	switch {
	case d.Year != other.Year:
		return cmp(d.Year, other.Year)
	case d.Month != other.Month:
		return cmp(int(d.Month), int(other.Month))
	default:
		return cmp(d.Day, other.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return Of(d.Time(time.UTC).AddDate(0, 0, n))
}

// MarshalText implements [encoding.TextMarshaler] (and so JSON): "YYYY-MM-DD" or "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
