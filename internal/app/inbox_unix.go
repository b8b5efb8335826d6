//go:build unix

package app

import "syscall"

// noFollow makes opening an inbox file fail if it is a symlink.
const noFollow = syscall.O_NOFOLLOW
