//go:build unix

package vault

import (
	"os"
	"syscall"
)

// singleLink reports whether the file has no other name (hard link).
func singleLink(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || st.Nlink == 1
}
