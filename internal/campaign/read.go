package campaign

import (
	"fmt"
	"io"
)

// ReadFile reads a template file from r for [Parse]. It reads at most one
// byte more than [MaxSize], so a huge file costs no more than that: a
// larger file gives an error wrapping [ErrTooLarge] without being read
// whole.
func ReadFile(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("failed to read template file: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("template file: %w", ErrTooLarge)
	}
	return data, nil
}
