package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestLastVaultDirIsUsed: without a folder on the command line the app
// opens the vault folder it saved last, and the default folder when the
// saved one holds no vault any more.
func TestLastVaultDirIsUsed(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	def, err := vault.DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	saved := makeVault(t)
	for _, tc := range []struct{ name, pref, want string }{
		{"saved vault", saved, saved},
		{"saved folder without a vault", t.TempDir(), def},
		{"nothing saved", "", def},
	} {
		a := test.NewTempApp(t)
		a.Preferences().SetString(prefVaultDir, tc.pref)
		s, err := newShell(a, Options{LocaleDir: t.TempDir(), Now: newFakeClock().Now})
		if err != nil {
			t.Fatal(err)
		}
		if s.dir != tc.want {
			t.Errorf("%s: opened %q, want %q", tc.name, s.dir, tc.want)
		}
		s.win.Close()
	}
}
