// Package archtest holds no code: its test checks that the packages of
// Safehouse import each other in one direction only, in the layers that
// docs/architecture.md draws, and that only the desktop app imports Fyne.
package archtest
