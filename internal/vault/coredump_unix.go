//go:build unix && !linux

package vault

import "syscall"

// DisableCoreDumps keeps the operating system from writing a core dump of
// this process, which would put the unlocked vault on disk in plaintext:
// the core size limit is set to zero. Call it once, first thing in main.
func DisableCoreDumps() error {
	return syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{})
}
