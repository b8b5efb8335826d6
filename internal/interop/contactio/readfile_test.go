package contactio

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadFileLimit: a file of exactly the read limit is read whole; one
// byte more is refused with ErrTooLarge; a reader that fails gives
// ErrUnreadable.
func TestReadFileLimit(t *testing.T) {
	lim := Limits{File: 64, Read: 100}
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amina K.\r\nEND:VCARD\r\n"
	fits := card + strings.Repeat(" ", 100-len(card))
	data, err := ReadFile(strings.NewReader(fits), lim)
	if err != nil || string(data) != fits {
		t.Fatalf("at the limit: %d bytes, %v", len(data), err)
	}
	if _, err := ReadFile(strings.NewReader(fits+" "), lim); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
	if _, err := ReadFile(iotest.ErrReader(errors.New("gone")), lim); !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrTooLarge) {
		t.Fatalf("failing reader: %v", err)
	}
}
