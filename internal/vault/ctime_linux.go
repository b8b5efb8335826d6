//go:build linux

package vault

import (
	"os"
	"syscall"
)

// changeTime returns the inode change time of a file, which nobody can
// set: a file rewritten in place and given back its old modification
// time still shows a new change time.
func changeTime(st os.FileInfo) int64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return s.Ctim.Nano()
	}
	return 0
}
