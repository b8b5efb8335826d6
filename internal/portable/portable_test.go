package portable

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	if Detect(dir) {
		t.Fatal("detected without a marker")
	}
	// A folder of that name is not the marker.
	if err := os.Mkdir(filepath.Join(dir, MarkerName), 0o700); err != nil {
		t.Fatal(err)
	}
	if Detect(dir) {
		t.Fatal("a folder named like the marker turned portable mode on")
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, MarkerName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if !Detect(other) {
		t.Fatal("an empty marker file was not detected")
	}
	if Detect(filepath.Join(other, "missing")) {
		t.Fatal("detected in a folder that does not exist")
	}
}

func TestLayoutFolders(t *testing.T) {
	l := New("/media/stick")
	want := map[string]string{
		"root":    "/media/stick/safehouse-data",
		"vault":   "/media/stick/safehouse-data/vault",
		"locales": "/media/stick/safehouse-data/locales",
		"inbox":   "/media/stick/safehouse-data/inbox",
		"seen":    "/media/stick/safehouse-data/seen",
	}
	got := map[string]string{"root": l.Root, "vault": l.VaultDir(), "locales": l.LocaleDir(), "inbox": l.InboxDir(), "seen": l.SeenDir()}
	for k, w := range want {
		if filepath.ToSlash(got[k]) != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

// Every folder an operating system's per-user files go to is pointed
// into the data folder.
func TestEnvPointsIntoTheDataFolder(t *testing.T) {
	l := New(t.TempDir())
	wantNames := map[string][]string{
		"linux":   {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR"},
		"freebsd": {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR"},
		"windows": {"USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP"},
		"darwin":  {"HOME", "TMPDIR"},
	}
	for goos, names := range wantNames {
		var got []string
		for _, v := range l.Env(goos) {
			got = append(got, v.Name)
			if !strings.HasPrefix(v.Value, l.Root+string(filepath.Separator)) {
				t.Errorf("%s: %s=%q is outside %q", goos, v.Name, v.Value, l.Root)
			}
		}
		if !reflect.DeepEqual(got, names) {
			t.Errorf("%s: variables %q, want %q", goos, got, names)
		}
	}
}

func TestApplyCreatesFoldersAndSetsVariables(t *testing.T) {
	l := New(t.TempDir())
	set := map[string]string{}
	err := Apply(l, "linux", func(k, v string) error { set[k] = v; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range l.Env("linux") {
		if set[v.Name] != v.Value {
			t.Errorf("%s = %q, want %q", v.Name, set[v.Name], v.Value)
		}
		if fi, err := os.Stat(v.Value); err != nil || !fi.IsDir() {
			t.Errorf("%s folder %q not created: %v", v.Name, v.Value, err)
		}
	}
	for _, d := range []string{l.LocaleDir(), l.InboxDir()} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			t.Errorf("folder %q not created: %v", d, err)
		}
	}
	if _, err := os.Stat(l.VaultDir()); !os.IsNotExist(err) {
		t.Errorf("the vault folder was made before first run: %v", err)
	}
}

func TestApplyFailures(t *testing.T) {
	if err := Apply(Layout{Root: "relative/safehouse-data"}, "linux", func(string, string) error { return nil }); err == nil {
		t.Error("a relative data folder was accepted")
	}
	// The data folder cannot be made where a file stands.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DataName), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	called := false
	err := Apply(New(dir), "linux", func(string, string) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("Apply over a file: err %v, variables set %v", err, called)
	}
	// A variable that cannot be set is reported.
	err = Apply(New(t.TempDir()), "linux", func(k, _ string) error {
		if k == "TMPDIR" {
			return os.ErrPermission
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "TMPDIR") {
		t.Errorf("setenv failure: %v", err)
	}
}

func TestTakeFlag(t *testing.T) {
	vf := []string{"vault", "passphrase-file"}
	cases := []struct {
		in   []string
		rest []string
		on   bool
	}{
		{nil, []string{}, false},
		{[]string{"--portable"}, []string{}, true},
		{[]string{"-portable"}, []string{}, true},
		{[]string{"--portable", "contact", "list"}, []string{"contact", "list"}, true},
		{[]string{"--vault", "/x", "--portable", "init"}, []string{"--vault", "/x", "init"}, true},
		// A flag's value named like the flag is a value.
		{[]string{"--vault", "--portable", "init"}, []string{"--vault", "--portable", "init"}, false},
		{[]string{"--vault=/x", "--portable", "init"}, []string{"--vault=/x", "init"}, true},
		// After the command name it belongs to the command.
		{[]string{"contact", "--portable"}, []string{"contact", "--portable"}, false},
		{[]string{"--", "--portable"}, []string{"--", "--portable"}, false},
		{[]string{"demo"}, []string{"demo"}, false},
	}
	for _, c := range cases {
		in := append([]string(nil), c.in...)
		rest, on := TakeFlag(c.in, vf...)
		if on != c.on || !reflect.DeepEqual(rest, c.rest) {
			t.Errorf("TakeFlag(%q) = %q, %v; want %q, %v", c.in, rest, on, c.rest, c.on)
		}
		if !reflect.DeepEqual(in, c.in) {
			t.Errorf("TakeFlag changed its argument: %q", c.in)
		}
	}
}

func TestExeDir(t *testing.T) {
	d, err := ExeDir()
	if err != nil || !filepath.IsAbs(d) {
		t.Fatalf("ExeDir() = %q, %v", d, err)
	}
}
