package app

import (
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/safehouse-app/safehouse/internal/bundle"
)

// TestReadSharedFileLimit: a file of exactly the limit is read whole; one
// byte more is refused with bundle.ErrTooLarge after reading no more than
// one byte past the limit; a failing reader gives ErrSharedFileUnreadable.
func TestReadSharedFileLimit(t *testing.T) {
	lim := bundle.DefaultLimits.File
	data, err := ReadSharedFile(io.LimitReader(&endless{}, lim))
	if err != nil || int64(len(data)) != lim {
		t.Fatalf("at the limit: %d bytes, %v", len(data), err)
	}
	z := &endless{}
	if _, err := ReadSharedFile(io.LimitReader(z, lim+1)); !errors.Is(err, bundle.ErrTooLarge) {
		t.Fatalf("one byte over: %v", err)
	}
	z = &endless{}
	if _, err := ReadSharedFile(z); !errors.Is(err, bundle.ErrTooLarge) || z.n > lim+64<<10 {
		t.Fatalf("endless file: %v after %d bytes", err, z.n)
	}
	if _, err := ReadSharedFile(iotest.ErrReader(errors.New("gone"))); !errors.Is(err, ErrSharedFileUnreadable) {
		t.Fatalf("failing reader: %v", err)
	}
}
