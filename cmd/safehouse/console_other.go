//go:build !windows

package main

// attachConsole does nothing outside Windows: the command line always has
// its terminal there.
func attachConsole() {}
