package tutorial

import (
	"errors"
	"fmt"
	"io"
)

// Errors of [Read] for a file that is not parsed at all.
var (
	// ErrTooLarge means the file is larger than [MaxFileSize].
	ErrTooLarge = errors.New("tutorial file too large")
	// ErrUnreadable means the file itself could not be read; the cause
	// is wrapped too.
	ErrUnreadable = errors.New("failed to read the tutorial file")
)

// Read reads a tutorial file named name from r and parses it (see
// [Parse]). It reads at most one byte more than [MaxFileSize], so a huge
// file costs no more than that: a larger file gives an error wrapping
// [ErrTooLarge] without being read whole.
func Read(name string, r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: %w: more than %d bytes", name, ErrTooLarge, MaxFileSize)
	}
	return Parse(name, data)
}
