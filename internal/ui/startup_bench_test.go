package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// BenchmarkStartToUnlockScreen measures what happens between the process
// handing control to ui.Run and the unlock screen being on the canvas:
// translator, network deny layer, preferences, window and unlock screen
// (headless driver; the GLFW window itself is not included).
func BenchmarkStartToUnlockScreen(b *testing.B) {
	dir := makeVault(b)
	a := test.NewApp()
	defer a.Quit()
	for b.Loop() {
		s, err := newShell(a, Options{VaultDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if s.unlock == nil {
			b.Fatal("unlock screen not shown")
		}
		s.win.Close()
	}
}
