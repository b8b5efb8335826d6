package clocale

import "testing"

func TestIsC(t *testing.T) {
	for v, want := range map[string]bool{
		"C": true, "POSIX": true, "C.UTF-8": true, "C.utf8": true, "C@euro": true, "POSIX.UTF-8": true, "C:fr": true,
		"": false, "en_US.UTF-8": false, "fa_IR.UTF-8": false, "ca_ES.UTF-8": false, "c": false, "Catalan": false, "fr:C": false,
	} {
		if got := IsC(v); got != want {
			t.Errorf("IsC(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestFix(t *testing.T) {
	env := map[string]string{"LANGUAGE": "", "LC_ALL": "C.UTF-8", "LC_MESSAGES": "POSIX", "LANG": "de_DE.UTF-8"}
	Fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
	want := map[string]string{"LANGUAGE": "", "LC_ALL": "en", "LC_MESSAGES": "en", "LANG": "de_DE.UTF-8"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
}
