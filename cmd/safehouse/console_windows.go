//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole gives the command line its terminal on Windows. Release
// builds are GUI programs (-H windowsgui, so double-clicking opens no
// console window), which start without standard output: a command typed
// in cmd or PowerShell would print nothing. Attaching to the parent's
// console, when there is one, and reopening the standard files fixes
// that; started from Explorer there is no parent console and nothing
// changes.
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := proc.Call(attachParentProcess); r == 0 {
		return
	}
	if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = f, f
	}
	if f, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
		os.Stdin = f
	}
}
