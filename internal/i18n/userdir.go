package i18n

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// UserDir returns the folder from which the app loads the user's own
// translation files, such as a translator's work in progress: the
// "safehouse/locales" folder in the per-user configuration folder of
// [os.UserConfigDir], with environment variables read through getenv:
//
//   - Linux and other Unix: $XDG_CONFIG_HOME/safehouse/locales, or
//     ~/.config/safehouse/locales when XDG_CONFIG_HOME is not set;
//   - macOS: ~/Library/Application Support/safehouse/locales;
//   - Windows: %AppData%\safehouse\locales.
//
// The folder may not exist. UserDir fails when the variables it needs are
// not set (or XDG_CONFIG_HOME is a relative path).
func UserDir(getenv func(string) string) (string, error) {
	return userDir(runtime.GOOS, getenv)
}

func userDir(goos string, getenv func(string) string) (string, error) {
	var base string
	switch goos {
	case "windows":
		base = getenv("AppData")
		if base == "" {
			return "", errors.New("%AppData% is not set")
		}
	case "darwin", "ios":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("$HOME is not set")
		}
		base = filepath.Join(home, "Library", "Application Support")
	case "plan9":
		home := getenv("home")
		if home == "" {
			return "", errors.New("$home is not set")
		}
		base = filepath.Join(home, "lib")
	default:
		base = getenv("XDG_CONFIG_HOME")
		if base == "" {
			home := getenv("HOME")
			if home == "" {
				return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME is set")
			}
			base = filepath.Join(home, ".config")
		} else if !filepath.IsAbs(base) {
			return "", errors.New("path in $XDG_CONFIG_HOME is relative")
		}
	}
	return filepath.Join(base, "safehouse", "locales"), nil
}

// UserFiles returns the translation files (*.toml) in dir, typically
// [UserDir], sorted by name, as sources for [New] (which reads them).
// A missing folder holds no files and is not an error.
func UserFiles(dir string) ([]Source, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Source
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".toml") {
			out = append(out, Source{Name: filepath.Join(dir, e.Name())})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
