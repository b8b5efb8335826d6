package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Clipboard copies sensitive values (a phone number, a recovery key) to
// the system clipboard and clears them again after a timeout, but only if
// the clipboard still holds what we put there: whatever the user copied
// since is left alone. Clearing is driven by [Clipboard.clearDue], which
// the shell's ticker calls on the UI thread and tests call with a fake
// clock.
type Clipboard struct {
	cb  fyne.Clipboard
	now func() time.Time

	mu      sync.Mutex
	timeout time.Duration
	text    string    // what we copied last; "" when nothing is pending
	due     time.Time // when text must be cleared
}

// NewClipboard returns a Clipboard writing to cb that clears copied values
// after timeout, reading the time from now.
func NewClipboard(cb fyne.Clipboard, now func() time.Time, timeout time.Duration) *Clipboard {
	return &Clipboard{cb: cb, now: now, timeout: timeout}
}

// SetTimeout changes how long later copies stay on the clipboard.
func (c *Clipboard) SetTimeout(d time.Duration) {
	c.mu.Lock()
	c.timeout = d
	c.mu.Unlock()
}

// Timeout returns how long copied values stay on the clipboard.
func (c *Clipboard) Timeout() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.timeout
}

// Copy puts text on the clipboard and schedules it to be cleared. Call it
// on the UI thread.
func (c *Clipboard) Copy(text string) {
	c.cb.SetContent(text)
	c.mu.Lock()
	c.text = text
	c.due = c.now().Add(c.timeout)
	c.mu.Unlock()
}

// clearDue clears the clipboard if the timeout of our last copy has passed
// at now and the clipboard still holds that copy. It reports whether it
// cleared the clipboard. Call it on the UI thread.
func (c *Clipboard) clearDue(now time.Time) bool {
	c.mu.Lock()
	if c.text == "" || now.Before(c.due) {
		c.mu.Unlock()
		return false
	}
	c.mu.Unlock()
	return c.ClearNow()
}

// ClearNow clears the clipboard at once if it still holds our last copy
// (used on lock), and forgets that copy either way. It reports whether it
// cleared the clipboard.
func (c *Clipboard) ClearNow() bool {
	c.mu.Lock()
	text := c.text
	c.text = ""
	c.due = time.Time{}
	c.mu.Unlock()
	if text == "" || c.cb.Content() != text {
		return false
	}
	c.cb.SetContent("")
	return true
}

// pending reports whether a copy is waiting to be cleared.
func (c *Clipboard) pending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text != ""
}
