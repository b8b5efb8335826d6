package i18n

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestUserDir(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string // "" means an error
	}{
		{"linux", map[string]string{"HOME": "/home/amina"}, "/home/amina/.config/safehouse/locales"},
		{"linux", map[string]string{"HOME": "/home/amina", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/safehouse/locales"},
		{"linux", map[string]string{"HOME": "/home/amina", "XDG_CONFIG_HOME": "cfg"}, ""},
		{"freebsd", map[string]string{"HOME": "/usr/home/a"}, "/usr/home/a/.config/safehouse/locales"},
		{"linux", nil, ""},
		{"darwin", map[string]string{"HOME": "/Users/amina", "XDG_CONFIG_HOME": "/cfg"}, "/Users/amina/Library/Application Support/safehouse/locales"},
		{"darwin", nil, ""},
		{"windows", map[string]string{"AppData": `C:\Users\amina\AppData\Roaming`}, filepath.Join(`C:\Users\amina\AppData\Roaming`, "safehouse", "locales")},
		{"windows", map[string]string{"HOME": "/home/amina"}, ""},
	} {
		got, err := userDir(tc.goos, func(k string) string { return tc.env[k] })
		if tc.want == "" {
			if err == nil {
				t.Errorf("%s %v: got %q, want an error", tc.goos, tc.env, got)
			}
		} else if err != nil || got != tc.want {
			t.Errorf("%s %v: got %q, %v; want %q", tc.goos, tc.env, got, err, tc.want)
		}
	}
	if _, err := UserDir(os.Getenv); err != nil {
		if _, cerr := os.UserConfigDir(); cerr == nil {
			t.Errorf("UserDir fails where os.UserConfigDir works: %v", err)
		}
	}
}

func TestUserFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"fr.toml", "ar.TOML", "notes.txt", "de.toml"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("[common.ok]\nother = \"x\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "old.toml"), 0o700); err != nil {
		t.Fatal(err)
	}
	got, err := UserFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got {
		names = append(names, filepath.Base(s.Name))
		if s.Data != nil || filepath.Dir(s.Name) != dir {
			t.Errorf("source %+v", s)
		}
	}
	if want := []string{"ar.TOML", "de.toml", "fr.toml"}; !slices.Equal(names, want) {
		t.Errorf("UserFiles = %v, want %v", names, want)
	}
	if got, err := UserFiles(filepath.Join(dir, "missing")); got != nil || err != nil {
		t.Errorf("missing folder: %v, %v", got, err)
	}
}
