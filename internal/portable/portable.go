// Package portable decides where Safehouse keeps its files when it runs
// from a removable drive, such as a USB stick, and must leave nothing on
// the computer it runs on.
//
// # Turning it on
//
// Portable mode is on when the command line starts with --portable (see
// [TakeFlag]) or when a file named [MarkerName] sits in the executable's
// folder (see [Detect]). Everything then lives in the folder [DataName]
// next to the executable; [Layout] names its parts.
//
// # What stays on the drive
//
// The vault, the user's translation files and the default inbox folder
// have their own folders ([Layout.VaultDir], [Layout.LocaleDir],
// [Layout.InboxDir]). Files that the app's libraries write to the
// operating system's per-user folders (the toolkit's preferences, font
// index and icon cache, temporary files) follow the environment
// variables that name those folders; [Layout.Env] lists the variables
// that point them into the data folder, and [Apply] sets them for the
// process before anything else runs.
package portable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MarkerName is the name of the file whose presence next to the
// executable turns portable mode on. Its contents are not read.
const MarkerName = "safehouse-portable"

// DataName is the name of the folder next to the executable that holds
// everything Safehouse keeps in portable mode.
const DataName = "safehouse-data"

// Flag is the command line flag that turns portable mode on.
const Flag = "--portable"

// Layout names the folders of portable mode under Root.
type Layout struct {
	// Root is the data folder, DataName next to the executable.
	Root string
}

// New returns the layout for an executable in exeDir.
func New(exeDir string) Layout {
	return Layout{Root: filepath.Join(exeDir, DataName)}
}

// VaultDir is the vault folder.
func (l Layout) VaultDir() string { return filepath.Join(l.Root, "vault") }

// LocaleDir is the folder of the user's own translation files.
func (l Layout) LocaleDir() string { return filepath.Join(l.Root, "locales") }

// InboxDir is the inbox folder used until the user chooses another.
func (l Layout) InboxDir() string { return filepath.Join(l.Root, "inbox") }

// SeenDir is the folder of the vault's generation records (rollback
// detection), kept on the drive instead of the computer.
func (l Layout) SeenDir() string { return filepath.Join(l.Root, "seen") }

// The folders that stand in for the operating system's per-user folders.
func (l Layout) configDir() string { return filepath.Join(l.Root, "settings") }
func (l Layout) cacheDir() string  { return filepath.Join(l.Root, "cache") }
func (l Layout) dataDir() string   { return filepath.Join(l.Root, "data") }
func (l Layout) stateDir() string  { return filepath.Join(l.Root, "state") }
func (l Layout) tempDir() string   { return filepath.Join(l.Root, "temp") }
func (l Layout) homeDir() string   { return filepath.Join(l.Root, "home") }

// Var is an environment variable and its value.
type Var struct{ Name, Value string }

// Env returns the environment variables that point the per-user folders
// of the operating system goos (a runtime.GOOS value) into the data
// folder, in a fixed order:
//
//   - Windows: USERPROFILE (the toolkit keeps its preferences under
//     %USERPROFILE%\AppData\Roaming), APPDATA, LOCALAPPDATA (caches),
//     TEMP and TMP;
//   - macOS: HOME (preferences and caches live under ~/Library) and
//     TMPDIR;
//   - Linux and other Unix: XDG_CONFIG_HOME, XDG_CACHE_HOME,
//     XDG_DATA_HOME, XDG_STATE_HOME and TMPDIR. HOME is left alone: the
//     X server's authority file and the user's fonts are found through
//     it, and nothing Safehouse uses writes there once the XDG folders
//     are set.
func (l Layout) Env(goos string) []Var {
	switch goos {
	case "windows":
		return []Var{
			{"USERPROFILE", l.homeDir()},
			{"APPDATA", l.configDir()},
			{"LOCALAPPDATA", l.cacheDir()},
			{"TEMP", l.tempDir()},
			{"TMP", l.tempDir()},
		}
	case "darwin", "ios":
		return []Var{
			{"HOME", l.homeDir()},
			{"TMPDIR", l.tempDir()},
		}
	}
	return []Var{
		{"XDG_CONFIG_HOME", l.configDir()},
		{"XDG_CACHE_HOME", l.cacheDir()},
		{"XDG_DATA_HOME", l.dataDir()},
		{"XDG_STATE_HOME", l.stateDir()},
		{"TMPDIR", l.tempDir()},
	}
}

// Prepare creates the data folder, the translation and inbox folders (so
// the user finds where to put files) and every folder named by
// [Layout.Env], owner-only where the file system has permissions (FAT
// and exFAT drives have none). The vault folder is made by first run.
func (l Layout) Prepare(goos string) error {
	if !filepath.IsAbs(l.Root) {
		return fmt.Errorf("portable data folder %q is not an absolute path", l.Root)
	}
	dirs := []string{l.Root, l.LocaleDir(), l.InboxDir()}
	for _, v := range l.Env(goos) {
		dirs = append(dirs, v.Value)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("failed to create the portable data folder: %w", err)
		}
	}
	return nil
}

// Apply prepares l and sets the variables of [Layout.Env] through setenv.
// Call it before the toolkit or anything else reads them.
func Apply(l Layout, goos string, setenv func(name, value string) error) error {
	if err := l.Prepare(goos); err != nil {
		return err
	}
	for _, v := range l.Env(goos) {
		if err := setenv(v.Name, v.Value); err != nil {
			return fmt.Errorf("failed to set %s: %w", v.Name, err)
		}
	}
	return nil
}

// Detect reports whether a regular file named [MarkerName] sits in
// exeDir, the folder of the executable. A folder or anything else of
// that name does not count.
func Detect(exeDir string) bool {
	fi, err := os.Stat(filepath.Join(exeDir, MarkerName))
	return err == nil && fi.Mode().IsRegular()
}

// ExeDir returns the folder of the running executable, with symbolic
// links resolved (a link to the program on a stick is not the stick).
func ExeDir() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("failed to find the program's folder: %w", err)
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("failed to find the program's folder: %w", err)
	}
	return filepath.Dir(exe), nil
}

// TakeFlag removes [Flag] (also written -portable) from the global flags
// at the start of args, the part before the command name, and reports
// whether it was there. valueFlags names the global flags that take a
// value in the next argument (without dashes), so that a value is never
// mistaken for a flag or the command. args itself is not changed.
func TakeFlag(args []string, valueFlags ...string) (rest []string, on bool) {
	takesValue := map[string]bool{}
	for _, f := range valueFlags {
		takesValue[f] = true
	}
	rest = make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, args[i:]...)
			break
		}
		name := strings.TrimLeft(a, "-")
		if name == "portable" {
			on = true
			continue
		}
		rest = append(rest, a)
		if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(args) {
			i++
			rest = append(rest, args[i])
		}
	}
	return rest, on
}
