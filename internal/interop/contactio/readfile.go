package contactio

import (
	"errors"
	"fmt"
	"io"
)

// ErrUnreadable is wrapped by [ReadFile] when the file itself could not
// be read; the cause is wrapped too.
var ErrUnreadable = errors.New("contactio: failed to read the file")

// ReadFile reads a vCard or CSV file from r for [Detect], [ReadVCard] and
// [ParseCSV]. It reads at most one byte more than lim.Read (a vCard file
// may pass [Limits.File] by its photos, which are left out), so a huge
// file costs no more than that: a larger file gives an error wrapping
// [ErrTooLarge] without being read whole. A zero lim means
// [DefaultLimits].
func ReadFile(r io.Reader, lim Limits) ([]byte, error) {
	lim = lim.orDefault()
	data, err := io.ReadAll(io.LimitReader(r, lim.Read+1))
	if err != nil {
		clear(data)
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if int64(len(data)) > lim.Read {
		clear(data)
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lim.Read)
	}
	return data, nil
}
