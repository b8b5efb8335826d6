package ics

import (
	"errors"
	"fmt"
	"io"
)

// ErrUnreadable is wrapped by [Read] when the file itself could not be
// read (a disk or USB stick that failed, a file that went away); the
// cause is wrapped too.
var ErrUnreadable = errors.New("failed to read the calendar file")

// Read reads an iCalendar file from r and parses it (see [Parse]). It
// reads at most one byte more than the file limit (opts.Limits.File, or
// [DefaultLimits]), so a huge file costs no more than that: a larger file
// gives an error wrapping [ErrTooLarge] without being read whole. The
// bytes read are cleared before Read returns.
func Read(r io.Reader, opts ImportOptions) (*Parsed, error) {
	lim := opts.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.File+1))
	defer clear(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if int64(len(data)) > lim.File {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.File)
	}
	return Parse(data, opts)
}
