package tutorial

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadLimit: a valid file padded to exactly MaxFileSize bytes is
// parsed; one byte more is refused with ErrTooLarge, not parsed; a
// failing reader gives ErrUnreadable.
func TestReadLimit(t *testing.T) {
	paths := fixtures(t, "parse", "ok_")
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	src, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	// Padded at the end of the body with lines of two-byte letters (the
	// body's own limit counts characters) and blank lines.
	file := bytes.Clone(src)
	line := "\n" + strings.Repeat("é", 20)
	for MaxFileSize-len(file) >= len(line) {
		file = append(file, line...)
	}
	file = append(file, bytes.Repeat([]byte("\n"), MaxFileSize-len(file))...)
	want, err := Parse("limit.md", file)
	if err != nil {
		t.Fatalf("the padded fixture does not parse: %v", err)
	}
	d, err := Read("limit.md", bytes.NewReader(file))
	if err != nil || !sameContent(d, want) {
		t.Fatalf("at the limit: %v", err)
	}
	if _, err := Read("over.md", bytes.NewReader(append(file, ' '))); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
	if _, err := Read("gone.md", iotest.ErrReader(errors.New("gone"))); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("failing reader: %v", err)
	}
}
