package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
)

// inboxFiles lists every path under dir (relative), with file contents.
func inboxFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if info.Mode().IsRegular() {
			b, _ := os.ReadFile(path)
			out[rel] = string(b)
		} else {
			out[rel] = info.Mode().Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScanInbox(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	f := addEverything(t, p.a)
	sel := merge.Selection{Events: []string{f.eventID}}
	forB := p.export(p.a, p.bInA, sel)

	// A third vault C that A knows: a bundle for C is not for B.
	_, c := newSession(t)
	cCard, err := MyCard(ctx, c, "Carol")
	if err != nil {
		t.Fatal(err)
	}
	cp, err := AddPeer(ctx, p.a, cCard.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	forC := p.export(p.a, cp.ContactID, sel)
	pass, err := Export(ctx, p.a, ExportRequest{Selection: sel, Passphrase: "shared secret words", WorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a-for-b.age", forB)
	write("b-for-c.age", forC)
	write("c-pass.age", pass.Data)
	write("garbage.age", []byte("this is not a bundle at all"))
	write("empty.age", nil)
	write(".hidden.age", forB)
	if err := os.Mkdir(filepath.Join(dir, ProcessedDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ProcessedDir, "old.age"), forB, 0o600); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "outside.age")
	if err := os.WriteFile(outside, forB, 0o600); err != nil {
		t.Fatal(err)
	}
	symlinks := runtime.GOOS != "windows"
	if symlinks {
		if err := os.Symlink(outside, filepath.Join(dir, "link.age")); err != nil {
			t.Fatal(err)
		}
	}

	before := inboxFiles(t, dir)
	changes := p.b.Store().Changes()
	seen := map[string]bool{}
	items, err := ScanInbox(ctx, p.b, dir, seen)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range items {
		names = append(names, it.Name)
	}
	sort.Strings(names)
	if len(items) != 2 || items[0].Name != "a-for-b.age" || items[1].Name != "c-pass.age" {
		t.Fatalf("items = %v", names)
	}
	if it := items[0]; it.NeedsPassphrase || it.SenderName != "Alice" || it.Counts.Events != 1 ||
		it.SenderFingerprint != p.aCard.Fingerprint().String() {
		t.Fatalf("item for B = %+v", it)
	}
	if !items[1].NeedsPassphrase {
		t.Fatalf("passphrase item = %+v", items[1])
	}
	if got := inboxFiles(t, dir); len(got) != len(before) {
		t.Fatalf("scan changed the folder: %v", got)
	}
	if p.b.Store().Changes() != changes {
		t.Fatal("scan wrote to the vault")
	}

	// Seen files are skipped until they change.
	for _, it := range items {
		seen[it.Key()] = true
	}
	if again, err := ScanInbox(ctx, p.b, dir, seen); err != nil || len(again) != 0 {
		t.Fatalf("rescan = %v, %v", again, err)
	}
	later := items[0].ModTime.Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "a-for-b.age"), later, later); err != nil {
		t.Fatal(err)
	}
	if again, err := ScanInbox(ctx, p.b, dir, seen); err != nil || len(again) != 1 || again[0].Name != "a-for-b.age" {
		t.Fatalf("rescan after change = %v, %v", again, err)
	}

	// A symlink is never read.
	if symlinks {
		if _, err := ReadInboxFile(dir, "link.age"); err == nil {
			t.Fatal("read through a symlink")
		}
	}
	if _, err := ReadInboxFile(dir, "../x"); err == nil {
		t.Fatal("read outside the folder")
	}
	if data, err := ReadInboxFile(dir, "c-pass.age"); err != nil || !bytes.Equal(data, pass.Data) {
		t.Fatalf("read = %v", err)
	}
	if _, err := ScanInbox(ctx, p.b, filepath.Join(dir, "missing"), nil); err == nil {
		t.Fatal("missing folder scanned")
	}
}

func TestMoveProcessed(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"x.age", "y"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("first "+n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := MoveProcessed(dir, "x.age"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, ProcessedDir))
	if err != nil || !fi.IsDir() {
		t.Fatalf("processed: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("processed mode %v", fi.Mode().Perm())
	}
	// Same name again: a suffix, nothing overwritten.
	for i := 0; i < 2; i++ {
		if err := os.WriteFile(filepath.Join(dir, "x.age"), []byte("again"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := MoveProcessed(dir, "x.age"); err != nil {
			t.Fatal(err)
		}
	}
	if err := MoveProcessed(dir, "y"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		".":                                    "d---------",
		ProcessedDir:                           "d---------",
		filepath.Join(ProcessedDir, "x.age"):   "first x.age",
		filepath.Join(ProcessedDir, "x-1.age"): "again",
		filepath.Join(ProcessedDir, "x-2.age"): "again",
		filepath.Join(ProcessedDir, "y"):       "first y",
	}
	got := inboxFiles(t, dir)
	if len(got) != len(want) {
		t.Fatalf("files = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, bad := range []string{"missing", "../x", ProcessedDir, ""} {
		if err := MoveProcessed(dir, bad); err == nil {
			t.Errorf("MoveProcessed(%q) succeeded", bad)
		}
	}
}

// TestScanInboxNeverDecodesStrangers: the background scan reads only the
// signed manifest. A stranger's file whose payload would not even decode
// is listed as from someone unknown (before, the scan decoded it and
// dropped it), and a stranger's file that expands to the size limit
// costs the scan far less memory than decompressing it would.
func TestScanInboxNeverDecodesStrangers(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	bob := mustIdentity(t, p.b)
	stranger, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("1-broken.age", bundletest.Build(bundletest.Spec{Sender: stranger, Payload: []byte(`{"events":[}`),
		Counts: map[string]int{"events": 3}, EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 1}))
	expanded := int(bundle.DefaultLimits.Expanded)
	write("2-spaces.age", bundletest.Build(bundletest.Spec{Sender: stranger, Payload: bundletest.Whitespace(expanded),
		EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 2}))
	e := addEvent(t, p.a, "From Alice")
	fromAlice := p.export(p.a, p.bInA, merge.Selection{Events: []string{e.ID}})
	write("3-alice.age", fromAlice)

	var items []InboxItem
	alloc := allocatedBy(t, func() {
		if items, err = ScanInbox(ctx, p.b, dir, nil); err != nil {
			t.Fatal(err)
		}
	})
	if len(items) != 3 {
		t.Fatalf("items %+v", items)
	}
	for _, it := range items[:2] {
		if !it.UnknownSender || it.SenderName != "" || it.SenderFingerprint != stranger.Fingerprint().String() {
			t.Errorf("stranger's file listed as %+v", it)
		}
	}
	if items[0].Counts.Events != 3 {
		t.Errorf("the manifest's counts were not shown: %+v", items[0].Counts)
	}
	if it := items[2]; it.UnknownSender || it.SenderName != "Alice" || it.AlreadyImported {
		t.Errorf("Alice's file listed as %+v", it)
	}
	if alloc >= uint64(expanded) {
		t.Fatalf("the scan allocated %d bytes: it decompressed a payload of %d", alloc, expanded)
	}
	mustImport(t, p.b, fromAlice, ImportOptions{})
	if items, err = ScanInbox(ctx, p.b, dir, nil); err != nil || !items[2].AlreadyImported {
		t.Fatalf("after the import: %+v %v", items, err)
	}
}

// allocatedBy returns the bytes fn allocated (runtime.MemStats.TotalAlloc:
// an upper bound of how much the heap grew).
func allocatedBy(t testing.TB, fn func()) uint64 {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestScanInboxProgressAndStop: the scan reports its progress file by
// file, and a stopped scan counts every file it found as seen (the user
// chose not to look at them now; they stay in the folder).
func TestScanInboxProgressAndStop(t *testing.T) {
	p := newPair(t)
	dir := t.TempDir()
	for i := range 3 {
		e := addEvent(t, p.a, "Event "+string(rune('A'+i)))
		data := p.export(p.a, p.bInA, merge.Selection{Events: []string{e.ID}})
		if err := os.WriteFile(filepath.Join(dir, "f"+string(rune('0'+i))+".age"), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var calls [][2]int
	items, err := ScanInboxProgress(context.Background(), p.b, dir, nil, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil || len(items) != 3 {
		t.Fatalf("scan: %v, %d items", err, len(items))
	}
	if want := [][2]int{{0, 3}, {1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
		t.Fatalf("progress %v, want %v", calls, want)
	}

	ctx, stop := context.WithCancel(context.Background())
	seen := map[string]bool{}
	_, err = ScanInboxProgress(ctx, p.b, dir, seen, func(done, total int) {
		if done == 1 {
			stop()
		}
	})
	if !errors.Is(err, context.Canceled) || len(seen) != 3 {
		t.Fatalf("stopped scan: %v, %d seen", err, len(seen))
	}
	if again, err := ScanInbox(context.Background(), p.b, dir, seen); err != nil || len(again) != 0 {
		t.Fatalf("after a stop: %v %v", again, err)
	}
}
