package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// Preference keys. Only non-sensitive values are ever stored in Fyne's
// preferences file, which lives outside the vault and is not encrypted.
const (
	prefLanguage     = "language"
	prefTheme        = "theme"
	prefAutoLockMin  = "autolock_minutes"
	prefClipboardSec = "clipboard_clear_seconds"
	prefVaultDir     = "vault_dir"
	prefInboxOn      = "inbox_enabled"
	prefInboxDir     = "inbox_dir"
	prefEmergency    = "emergency_shortcut"
	prefCamouflage   = "camouflage"
	// prefFileDialogFolder is where Fyne's file dialogs remember the last
	// folder they showed (fyne.io/fyne/v2/dialog's lastFolderKey).
	prefFileDialogFolder = "fyne:fileDialogLastFolder"
)

// allPrefs lists every preference key Safehouse (or Fyne on its behalf)
// stores; [Prefs.Clear] removes them all.
var allPrefs = []string{
	prefLanguage, prefTheme, prefAutoLockMin, prefClipboardSec, prefVaultDir,
	prefInboxOn, prefInboxDir, prefEmergency, prefCamouflage, prefFileDialogFolder,
}

// Theme choices stored under prefTheme.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// Defaults for the safety timeouts.
const (
	defaultAutoLock       = 5 * time.Minute
	defaultClipboardClear = 30 * time.Second
)

// autoLockChoices and clipboardChoices are the values Settings offers.
var (
	autoLockChoices  = []time.Duration{0, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute}
	clipboardChoices = []time.Duration{10 * time.Second, 30 * time.Second, 60 * time.Second}
)

// Prefs reads and writes the user's non-sensitive preferences: language,
// theme, timeouts and the vault folder. Nothing about the vault's contents
// may ever be stored here.
type Prefs struct {
	p fyne.Preferences
	// inboxDefault is the inbox folder until the user chooses one.
	inboxDefault string
}

func newPrefs(p fyne.Preferences) *Prefs { return &Prefs{p: p} }

// Language returns the chosen interface language, or "" when the user has
// not chosen one.
func (p *Prefs) Language() string { return p.p.String(prefLanguage) }

// SetLanguage stores the interface language.
func (p *Prefs) SetLanguage(tag string) { p.p.SetString(prefLanguage, tag) }

// Theme returns themeSystem, themeLight or themeDark.
func (p *Prefs) Theme() string {
	switch v := p.p.StringWithFallback(prefTheme, themeSystem); v {
	case themeLight, themeDark:
		return v
	}
	return themeSystem
}

// SetTheme stores the theme choice.
func (p *Prefs) SetTheme(v string) { p.p.SetString(prefTheme, v) }

// AutoLock returns the idle time after which the vault locks; 0 means
// never.
func (p *Prefs) AutoLock() time.Duration {
	m := p.p.IntWithFallback(prefAutoLockMin, int(defaultAutoLock/time.Minute))
	if m < 0 || m > 24*60 {
		return defaultAutoLock
	}
	return time.Duration(m) * time.Minute
}

// SetAutoLock stores the idle timeout (whole minutes; 0 turns it off).
func (p *Prefs) SetAutoLock(d time.Duration) { p.p.SetInt(prefAutoLockMin, int(d/time.Minute)) }

// ClipboardClear returns how long copied values stay on the clipboard.
func (p *Prefs) ClipboardClear() time.Duration {
	s := p.p.IntWithFallback(prefClipboardSec, int(defaultClipboardClear/time.Second))
	if s < 1 || s > 3600 {
		return defaultClipboardClear
	}
	return time.Duration(s) * time.Second
}

// SetClipboardClear stores the clipboard clear timeout.
func (p *Prefs) SetClipboardClear(d time.Duration) {
	p.p.SetInt(prefClipboardSec, int(d/time.Second))
}

// VaultDir returns the folder of the last vault used, or "".
func (p *Prefs) VaultDir() string { return p.p.String(prefVaultDir) }

// SetVaultDir remembers the vault folder (a path, never contents).
func (p *Prefs) SetVaultDir(dir string) { p.p.SetString(prefVaultDir, dir) }

// InboxEnabled reports whether the inbox folder is watched (off by
// default).
func (p *Prefs) InboxEnabled() bool { return p.p.BoolWithFallback(prefInboxOn, false) }

// SetInboxEnabled turns watching the inbox folder on or off.
func (p *Prefs) SetInboxEnabled(on bool) { p.p.SetBool(prefInboxOn, on) }

// InboxDir returns the inbox folder the user chose, else the default
// one (portable mode's), else "".
func (p *Prefs) InboxDir() string {
	return p.p.StringWithFallback(prefInboxDir, p.inboxDefault)
}

// SetInboxDir stores the inbox folder (a path, never contents).
func (p *Prefs) SetInboxDir(dir string) { p.p.SetString(prefInboxDir, dir) }

// emergencyKeys are the keys the emergency shortcut can use, each with
// Ctrl (Cmd on macOS) and Shift; "" (off) is the default.
var emergencyKeys = []fyne.KeyName{fyne.KeyDelete, fyne.KeyBackspace, fyne.KeyX}

// Emergency returns the key of the emergency destroy shortcut, or "" when
// it is off (the default).
func (p *Prefs) Emergency() fyne.KeyName {
	k := fyne.KeyName(p.p.String(prefEmergency))
	for _, e := range emergencyKeys {
		if k == e {
			return k
		}
	}
	return ""
}

// SetEmergency stores the emergency shortcut's key ("" turns it off).
func (p *Prefs) SetEmergency(k fyne.KeyName) { p.p.SetString(prefEmergency, string(k)) }

// Camouflage reports whether the app shows a neutral name and icon (off
// by default).
func (p *Prefs) Camouflage() bool { return p.p.BoolWithFallback(prefCamouflage, false) }

// SetCamouflage turns the neutral name and icon on or off.
func (p *Prefs) SetCamouflage(on bool) { p.p.SetBool(prefCamouflage, on) }

// Clear removes every preference Safehouse stored, so nothing outside
// the vault folder names it or tells how it was used (see destroyVault).
func (p *Prefs) Clear() {
	for _, k := range allPrefs {
		p.p.RemoveValue(k)
	}
}
