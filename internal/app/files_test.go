package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCreatePrivateFile: the file a save dialog made world-readable is
// replaced by a new one that is 0600 from the start; a descriptor opened
// on the old file sees nothing written; a link is not followed; a file
// with contents is never replaced.
func TestCreatePrivateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "contacts.vcf")
	old, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	f, err := CreatePrivateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := f.Stat(); st.Mode().Perm() != 0o600 {
		t.Fatalf("new file mode %v, want 0600", st.Mode().Perm())
	}
	f.WriteString("BEGIN:VCARD")
	f.Close()
	if b := make([]byte, 16); true {
		if n, _ := old.ReadAt(b, 0); n != 0 {
			t.Fatalf("the old descriptor reads %q", b[:n])
		}
	}

	// A symbolic link in the chosen place is replaced, not followed.
	target := filepath.Join(dir, "target")
	os.WriteFile(target, nil, 0o644)
	link := filepath.Join(dir, "link.vcf")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f2, err := CreatePrivateFile(link)
	if err != nil {
		t.Fatal(err)
	}
	f2.WriteString("secret")
	f2.Close()
	if b, _ := os.ReadFile(target); len(b) != 0 {
		t.Fatal("the link was followed")
	}
	if st, _ := os.Lstat(link); !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
		t.Fatalf("link replaced by %v", st.Mode())
	}

	// A file with contents is refused.
	full := filepath.Join(dir, "full")
	os.WriteFile(full, []byte("keep"), 0o600)
	if _, err := CreatePrivateFile(full); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("existing file: %v", err)
	}
	if b, _ := os.ReadFile(full); string(b) != "keep" {
		t.Fatal("existing file changed")
	}
}
