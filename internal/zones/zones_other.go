//go:build !windows

package zones

import "errors"

// windowsZoneName is only available on Windows.
func windowsZoneName() (string, error) { return "", errors.New("not windows") }
