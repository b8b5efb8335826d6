//go:build !unix

package app

// noFollow is 0 where O_NOFOLLOW does not exist; readRegular checks with
// Lstat and SameFile instead.
const noFollow = 0
