package i18n

import (
	"errors"
	"testing"
)

// FuzzLoadBytes loads arbitrary files. Whatever the input, loading must
// not panic, must either succeed or return a *FileError, must agree with
// Check, and must leave a translator that still answers every message.
func FuzzLoadBytes(f *testing.F) {
	f.Add([]byte("[common.cancel]\nother = \"Annuler\"\n"))
	f.Add([]byte("[contacts.count]\none = \"{{.Count}} contact\"\nother = \"{{.Count}} contacts\"\n"))
	f.Add([]byte("[save.failed]\nother = \"{{.Reason\"\n"))
	f.Add([]byte("[common]\ncancel = \"x\"\n"))
	f.Add([]byte("\xff"))
	src, err := english()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := New("fr")
		if err != nil {
			t.Fatal(err)
		}
		err = tr.LoadBytes("fr.toml", data)
		var fe *FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *FileError", err)
		}
		if r := Check(data, "fr.toml"); r.Loadable() != (err == nil) {
			t.Fatalf("Check says loadable=%v, LoadBytes says %v", r.Loadable(), err)
		}
		for id := range src {
			if tr.T(id, "Reason", "r", "Max", 1, "Min", 8) == "" {
				t.Fatalf("T(%q) is empty", id)
			}
			tr.N(id, 3)
		}
		if m := tr.Missing(); len(m) > 0 {
			t.Fatalf("messages went missing: %v", m)
		}
	})
}
