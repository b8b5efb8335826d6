//go:build linux

package vault

import "golang.org/x/sys/unix"

// DisableCoreDumps keeps the operating system from ever writing a core
// dump of this process, which would put the unlocked vault (the database
// and its keys) on disk in plaintext: the core size limit is set to zero
// and the process is marked not dumpable, which on Linux also stops other
// programs of the same user from attaching a debugger to it. Call it once,
// first thing in main.
func DisableCoreDumps() error {
	err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	if perr := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err == nil {
		err = perr
	}
	return err
}
