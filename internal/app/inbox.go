package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
)

// ProcessedDir is the subfolder of the inbox folder that processed files
// are moved into; [ScanInbox] never looks inside it.
const ProcessedDir = "processed"

// InboxItem is a file in the inbox folder that is addressed to this vault
// (or protected by a passphrase, which cannot be told apart without it).
type InboxItem struct {
	// Name is the file name inside the inbox folder.
	Name    string
	Size    int64
	ModTime time.Time
	// NeedsPassphrase is true for a passphrase-protected bundle; it has
	// no sender or counts until opened with the passphrase.
	NeedsPassphrase bool
	// SenderFingerprint is the signer's fingerprint; SenderName the
	// known peer's name ("" for an unknown sender).
	SenderFingerprint string
	SenderName        string
	// UnknownSender is true when the signer is not a peer: the file is
	// "from someone you don't know" and its contents were not decoded.
	UnknownSender bool
	// AlreadyImported is true when this very bundle was imported before.
	AlreadyImported bool
	// Counts are what the signed manifest says the file holds (not
	// checked against the contents until the file is opened).
	Counts bundle.Counts
}

// Key identifies the file version for seen-tracking (name, size and
// modification time).
func (it InboxItem) Key() string { return InboxKey(it.Name, it.Size, it.ModTime) }

// InboxKey is the seen-tracking key of a file: name, size and mtime.
func InboxKey(name string, size int64, mod time.Time) string {
	return fmt.Sprintf("%s\x00%d\x00%d", name, size, mod.UnixNano())
}

// ScanInbox lists the regular files directly in dir (no dotfiles, no
// subfolders, no symlinks, none larger than a bundle may be) whose key is
// not in seen, decrypts each with the vault's sharing identity and
// returns those addressed to this vault, sorted by name. It reads only
// the signed manifest of each file (bundle.OpenManifest): no payload is
// ever decompressed or decoded here, so a hostile file costs no more than
// its decryption, and a file from someone who is not a peer is listed as
// such until the user opens it. It writes nothing, to the vault or to
// dir. Files that are not bundles, or not for this vault, are skipped.
// Every file found is recorded in seen when seen is not nil (also when
// the scan is stopped before reaching it), so the next scan looks only
// at new or changed files. It stops early, with ctx's error, when ctx is
// done.
func ScanInbox(ctx context.Context, s *Session, dir string, seen map[string]bool) ([]InboxItem, error) {
	return ScanInboxProgress(ctx, s, dir, seen, nil)
}

// ScanInboxProgress is [ScanInbox] that calls progress(done, total),
// when not nil, before it examines each new file (total is the number of
// new files found) and once at the end (done == total), so a window can
// show how far the scan got.
func ScanInboxProgress(ctx context.Context, s *Session, dir string, seen map[string]bool, progress func(done, total int)) ([]InboxItem, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		name string
		info fs.FileInfo
	}
	var todo []candidate
	for _, e := range ents {
		name := e.Name()
		// ReadDir does not follow symlinks: a symlink's type is ModeSymlink.
		if strings.HasPrefix(name, ".") || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if info.Size() > bundle.DefaultLimits.File || info.Size() == 0 {
			continue
		}
		key := InboxKey(name, info.Size(), info.ModTime())
		if seen[key] {
			continue
		}
		if seen != nil {
			seen[key] = true
		}
		todo = append(todo, candidate{name, info})
	}
	if len(todo) == 0 {
		// Nothing new: the sharing keys are not even read.
		if progress != nil {
			progress(0, 0)
		}
		return nil, nil
	}
	st := s.Store()
	id, err := LoadIdentity(ctx, st)
	if err != nil && !errors.Is(err, ErrNoIdentity) {
		return nil, err
	}
	defer id.Destroy()
	self := ""
	if id != nil {
		self = id.Fingerprint().String()
	}
	var out []InboxItem
	for i, c := range todo {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(i, len(todo))
		}
		name, info := c.name, c.info
		data, err := readRegular(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		it := InboxItem{Name: name, Size: info.Size(), ModTime: info.ModTime()}
		o, err := bundle.OpenManifest(data, bundle.OpenOptions{Identity: id})
		switch {
		case errors.Is(err, bundle.ErrNeedPassphrase):
			it.NeedsPassphrase = true
		case err != nil:
			continue // not for us, or not a bundle
		default:
			m := o.Manifest
			state, err := senderState(ctx, st, m, self)
			if err != nil {
				return nil, err
			}
			if err := bundle.Check(m, self, state); errors.Is(err, bundle.ErrForwarded) {
				continue // not for us
			}
			it.SenderFingerprint, it.Counts = m.Sender.Fingerprint, m.Counts
			it.UnknownSender, it.AlreadyImported = !state.Known, state.Imported
			if p, err := st.Peers().ByFingerprint(ctx, m.Sender.Fingerprint); err == nil {
				it.SenderName = p.Name
			}
		}
		out = append(out, it)
	}
	if progress != nil {
		progress(len(todo), len(todo))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// ReadInboxFile reads the regular file name in dir (never through a
// symlink), refusing files larger than a bundle may be.
func ReadInboxFile(dir, name string) ([]byte, error) {
	if name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("invalid inbox file name %q", name)
	}
	return readRegular(filepath.Join(dir, name))
}

// readRegular reads path if it is a regular file (not a symlink) within
// the bundle size limit.
func readRegular(path string) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(fi, st) || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: changed while opening", path)
	}
	return ReadSharedFile(f)
}

// MoveProcessed moves the file name from dir into dir/processed/
// (created with mode 0700), never overwriting: a taken name gets a
// numeric suffix ("x.age" becomes "x-1.age", "x-2.age"...).
func MoveProcessed(dir, name string) error {
	if name != filepath.Base(name) || name == "." || name == ".." || name == ProcessedDir {
		return fmt.Errorf("invalid inbox file name %q", name)
	}
	src := filepath.Join(dir, name)
	fi, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", src)
	}
	pdir := filepath.Join(dir, ProcessedDir)
	if err := os.Mkdir(pdir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if pi, err := os.Lstat(pdir); err != nil {
		return err
	} else if !pi.IsDir() {
		return fmt.Errorf("%s: not a folder", pdir)
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 0; i < 10000; i++ {
		target := name
		if i > 0 {
			target = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		dst := filepath.Join(pdir, target)
		// Link, then remove the original: a link never replaces an
		// existing file, unlike rename.
		err := os.Link(src, dst)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			// No hard links (some file systems): rename if free.
			if _, lerr := os.Lstat(dst); lerr == nil {
				continue
			} else if !errors.Is(lerr, fs.ErrNotExist) {
				return lerr
			}
			return os.Rename(src, dst)
		}
		return os.Remove(src)
	}
	return fmt.Errorf("%s: no free name in %s", name, pdir)
}
