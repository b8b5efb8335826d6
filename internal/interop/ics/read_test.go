package ics

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadLimit: a file of exactly the limit is read and parsed; one byte
// more is refused with ErrTooLarge after reading no more than one byte
// past the limit; a reader that fails gives ErrUnreadable.
func TestReadLimit(t *testing.T) {
	const cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
		"BEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:Stall\r\nDTSTART:20271021T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	lim := DefaultLimits
	lim.File = int64(len(cal)) + 2
	fits := cal + "\r\n" // blank lines at the end are allowed
	p, err := Read(strings.NewReader(fits), ImportOptions{Limits: lim})
	if err != nil || len(p.Events) != 1 || p.Events[0].Event.Title != "Stall" {
		t.Fatalf("at the limit: %+v %v", p, err)
	}
	over := &countingReader{r: strings.NewReader(fits + "\r\n" + strings.Repeat("X", 1<<20))}
	if _, err := Read(over, ImportOptions{Limits: lim}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
	if over.n > lim.File+1 {
		t.Errorf("read %d bytes of an oversized file, limit %d", over.n, lim.File)
	}
	if _, err := Read(bytes.NewReader([]byte(fits+"\r")), ImportOptions{Limits: lim}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("exactly one byte over: %v", err)
	}
	if _, err := Read(iotest.ErrReader(errors.New("usb stick gone")), ImportOptions{}); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("failing reader: %v", err)
	}
}

type countingReader struct {
	r *strings.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
