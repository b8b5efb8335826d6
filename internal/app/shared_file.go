package app

import (
	"errors"
	"fmt"
	"io"

	"github.com/safehouse-app/safehouse/internal/bundle"
)

// ErrSharedFileUnreadable is wrapped by [ReadSharedFile] when the file
// itself could not be read; the cause is wrapped too.
var ErrSharedFileUnreadable = errors.New("failed to read the shared file")

// ReadSharedFile reads a shared file from r for [Inspect] and the import.
// It reads at most one byte more than bundle.DefaultLimits.File, so a
// huge file costs no more than that: a larger file gives an error
// wrapping [bundle.ErrTooLarge] without being read whole. Every shared
// file the app or the command line opens (chosen, named or found in the
// inbox) is read here.
func ReadSharedFile(r io.Reader) ([]byte, error) {
	lim := bundle.DefaultLimits.File
	data, err := io.ReadAll(io.LimitReader(r, lim+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSharedFileUnreadable, err)
	}
	if int64(len(data)) > lim {
		return nil, fmt.Errorf("shared file: %w", bundle.ErrTooLarge)
	}
	return data, nil
}
