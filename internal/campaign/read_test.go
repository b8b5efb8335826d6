package campaign

import (
	"bytes"
	"errors"
	"testing"
)

// TestReadFileLimit: a file of exactly MaxSize bytes is read whole; one
// byte more is refused with ErrTooLarge.
func TestReadFileLimit(t *testing.T) {
	exact := bytes.Repeat([]byte("#"), MaxSize)
	if data, err := ReadFile(bytes.NewReader(exact)); err != nil || len(data) != MaxSize {
		t.Fatalf("exactly MaxSize: %d bytes, %v", len(data), err)
	}
	if _, err := ReadFile(bytes.NewReader(append(exact, '#'))); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
}
