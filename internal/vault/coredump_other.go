//go:build !unix

package vault

// DisableCoreDumps does nothing here: Windows writes no core dumps unless
// the user configures crash dumps for the program.
func DisableCoreDumps() error { return nil }
