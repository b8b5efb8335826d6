package i18n

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// TestCheckReaderLimit: a valid file padded with a comment to exactly
// MaxFileSize bytes is loadable; one byte more is refused as too large,
// after reading no more than one byte past the limit; a failing reader
// gives a FileError, not a report.
func TestCheckReaderLimit(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "fr.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := Check(src, "fr.toml"); !want.Loadable() {
		t.Fatalf("fixture not loadable: %v", want.Err)
	}
	pad := MaxFileSize - len(src) - len("\n#\n")
	exact := append(append(bytes.Clone(src), "\n#"...), append(bytes.Repeat([]byte("x"), pad), '\n')...)
	if len(exact) != MaxFileSize {
		t.Fatalf("crafted %d bytes", len(exact))
	}
	rep, data, err := CheckReader(bytes.NewReader(exact), "fr.toml")
	if err != nil || !rep.Loadable() || len(data) != MaxFileSize {
		t.Fatalf("at the limit: %v %v, %d bytes", err, rep.Err, len(data))
	}
	over := append(exact, bytes.Repeat([]byte("#"), 1<<20)...)
	r := bytes.NewReader(over)
	rep, data, err = CheckReader(r, "fr.toml")
	var fe *FileError
	if err != nil || !errors.Is(rep.Err, ErrTooLarge) || !errors.As(rep.Err, &fe) || rep.Loadable() {
		t.Fatalf("over the limit: %v %v", err, rep.Err)
	}
	if len(data) != MaxFileSize+1 || int64(len(over))-int64(r.Len()) > MaxFileSize+1 {
		t.Errorf("read %d bytes of an oversized file", int64(len(over))-int64(r.Len()))
	}
	if _, _, err := CheckReader(iotest.ErrReader(errors.New("gone")), "fr.toml"); !errors.As(err, &fe) {
		t.Fatalf("failing reader: %v", err)
	}
	path := filepath.Join(t.TempDir(), "fr.toml")
	if err := os.WriteFile(path, over[:MaxFileSize+1], 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, _, err := CheckPath(path); err != nil || !errors.Is(rep.Err, ErrTooLarge) {
		t.Fatalf("CheckPath over the limit: %v %v", err, rep.Err)
	}
	if _, _, err := CheckPath(filepath.Join(t.TempDir(), "missing.toml")); !errors.As(err, &fe) {
		t.Fatalf("CheckPath of a missing file: %v", err)
	}
}
