//go:build linux

package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// allocSecret returns n bytes for key material outside the Go heap: an
// anonymous private mapping, marked MADV_DONTDUMP so it never appears in a
// core dump, and locked (when the limit allows) so it is never written to
// swap. The garbage collector never moves or copies it. If the mapping
// fails it falls back to ordinary memory. Release it with [freeSecret].
func allocSecret(n int) []byte {
	if n <= 0 {
		return nil
	}
	page := os.Getpagesize()
	size := (n + page - 1) / page * page
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return make([]byte, n)
	}
	unix.Madvise(b, unix.MADV_DONTDUMP)
	unix.Mlock(b) // best effort: RLIMIT_MEMLOCK may refuse
	return b[:n]
}

// freeSecret zeroes b and unmaps it if [allocSecret] mapped it.
func freeSecret(b []byte) {
	if cap(b) == 0 {
		return
	}
	b = b[:cap(b)]
	clear(b)
	// Munmap refuses (EINVAL) memory it did not map, such as the
	// fallback's heap slice.
	unix.Munlock(b)
	unix.Munmap(b)
}
