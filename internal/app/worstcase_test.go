package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// THREATS.md test 14 in a vault: the worst files at the size limits,
// validly signed by a fresh identity (a stranger) and encrypted to the
// vault's card. Opening each (what the user does when they open the file;
// the background scan never decodes it) is refused or previewed, and the
// ones that are valid are imported once the user trusts the sender; each
// step allocates at most 200 MB (runtime.MemStats.TotalAlloc, an upper
// bound of the heap's growth; opening the vault itself is not counted).
// CPU time is measured by BenchmarkWorstCaseBundle, not asserted here.

// worstFile is one crafted file and what must happen to it.
type worstFile struct {
	name string
	data []byte
	// openErr is what Inspect returns (nil: it previews the file, refused
	// only because the sender is unknown).
	openErr error
}

// worstFiles builds the worst files for the vault whose card keys are to.
func worstFiles(tb testing.TB, to identity.Keys) []worstFile {
	tb.Helper()
	// Each file has a stranger of its own: importing one makes its
	// sender a peer.
	stranger := func() *identity.Identity {
		id, err := identity.Generate()
		if err != nil {
			tb.Fatal(err)
		}
		return id
	}
	lim := bundle.DefaultLimits
	size := int(lim.Expanded)
	build := func(payload []byte, counts map[string]int) []byte {
		return bundletest.Build(bundletest.Spec{Sender: stranger(), Payload: payload, Counts: counts,
			EncryptTo: []identity.Keys{to}, Sequence: 1, ID: uuid.NewString()})
	}
	long, events := bundletest.LongTexts(size, 20000)
	tooLong, n := bundletest.LongTexts(size, lim.String)
	records, err := largestRecordsBundle(stranger(), to)
	if err != nil {
		tb.Fatal(err)
	}
	return []worstFile{
		{"whitespace", build(bundletest.Whitespace(size), nil), nil},
		{"duplicate keys", build(bundletest.DuplicateKeys(size), nil), bundle.ErrTooManyItems},
		{"deep nesting", build(bundletest.DeepNesting(lim.Depth-2, size), nil), bundle.ErrTooManyItems},
		{"too deep", build(bundletest.DeepNesting(lim.Depth+1, size), nil), bundle.ErrTooDeep},
		{"many small items", build(bundletest.ManySmallItems(size), nil), bundle.ErrTooManyItems},
		{"long texts", build(long, map[string]int{"events": events}), nil},
		{"texts too long", build(tooLong, map[string]int{"events": n}), bundle.ErrInvalid},
		{"most records", records, nil},
	}
}

// largestRecordsBundle seals the most events with ten tasks each that a
// bundle may hold (the item limit decides), from sender to the keys.
func largestRecordsBundle(sender *identity.Identity, to identity.Keys) ([]byte, error) {
	lo, hi := 1, 100000
	var best []byte
	for lo <= hi {
		mid := (lo + hi) / 2
		data, _, err := bundle.Seal(sender, eventsPayload(mid, 10), bundle.SealOptions{Recipients: []identity.Keys{to}, Sequence: 1})
		switch {
		case err == nil:
			best, lo = data, mid+1
		case errors.Is(err, bundle.ErrTooManyItems) || errors.Is(err, bundle.ErrTooLarge):
			hi = mid - 1
		default:
			return nil, err
		}
	}
	return best, nil
}

// eventsPayload returns n valid events with tasks tasks each.
func eventsPayload(n, tasks int) *bundle.Payload {
	at := time.Date(2027, 9, 1, 10, 0, 0, 0, time.UTC)
	p := &bundle.Payload{}
	for i := range n {
		e := bundle.Event{Event: event.Event{ID: uuid.NewString(), Created: at, Updated: at, Version: 1,
			Title: fmt.Sprintf("Workshop %d", i), Kind: event.KindWorkshop, Start: at.AddDate(0, 1, 0), TimeZone: "UTC",
			Status: event.StatusPlanned, Description: "Bring your phone; we install a secure messenger together."},
			Participants: []bundle.Participant{}}
		for j := range tasks {
			e.Tasks = append(e.Tasks, &event.Task{ID: uuid.NewString(), Created: at, Updated: at, Version: 1,
				EventID: e.ID, Title: fmt.Sprintf("Task %d of workshop %d", j, i), Position: j})
		}
		p.Events = append(p.Events, e)
	}
	return p
}

func TestWorstCaseBundlesInVault(t *testing.T) {
	ctx := context.Background()
	_, s := newSession(t)
	me := mustIdentity(t, s)
	for _, f := range worstFiles(t, me.Keys()) {
		t.Run(f.name, func(t *testing.T) {
			changes := s.Store().Changes()
			var in *Inspection
			var err error
			alloc := allocatedBy(t, func() { in, err = Inspect(ctx, s, f.data, ImportOptions{}) })
			t.Logf("%d KB file: opening allocated %d MB", len(f.data)>>10, alloc>>20)
			if alloc > 200<<20 {
				t.Fatalf("opening allocated %d MB, limit 200 MB", alloc>>20)
			}
			if f.openErr != nil {
				if !errors.Is(err, f.openErr) {
					t.Fatalf("open: %v, want %v", err, f.openErr)
				}
				if s.Store().Changes() != changes {
					t.Fatal("a refused file wrote to the vault")
				}
				return
			}
			if err != nil || !errors.Is(in.Refusal, bundle.ErrUnknownSender) || in.Plan == nil {
				t.Fatalf("open: %v, refusal %v", err, in.Refusal)
			}
			if s.Store().Changes() != changes {
				t.Fatal("opening wrote to the vault")
			}
			var pl *merge.Plan
			alloc = allocatedBy(t, func() { pl, err = ApplyImport(ctx, s, f.data, ImportOptions{TrustNewSender: true}, in.Plan) })
			t.Logf("importing %d records allocated %d MB", len(pl.Items), alloc>>20)
			if err != nil {
				t.Fatal(err)
			}
			if alloc > 200<<20 {
				t.Fatalf("importing allocated %d MB, limit 200 MB", alloc>>20)
			}
			if got := pl.Count(merge.New); got != len(in.Plan.Items) {
				t.Fatalf("imported %d of %d records", got, len(in.Plan.Items))
			}
		})
	}
}

// BenchmarkWorstCaseBundle measures, per worst file, what the user's
// "open" costs (decrypt, verify, decode, plan: Inspect) and, for the valid
// ones, the import into a copy of a fresh vault (ApplyImport, which opens
// the file again). cpu-ns/op is the process CPU time per operation: the
// figure behind "≤ 2 s of CPU" in docs/performance.md.
func BenchmarkWorstCaseBundle(b *testing.B) {
	ctx := context.Background()
	template := filepath.Join(b.TempDir(), "vault")
	s, err := Create(template, pass)
	if err != nil {
		b.Fatal(err)
	}
	me, err := EnsureIdentity(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Save(); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, f := range worstFiles(b, me.Keys()) {
		b.Run("open/"+f.name, func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				if _, err := Inspect(ctx, s, f.data, ImportOptions{}); !errors.Is(err, f.openErr) && (err != nil || f.openErr != nil) {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
		if f.openErr != nil {
			continue
		}
		b.Run("import/"+f.name, func(b *testing.B) {
			var cpu int64
			for b.Loop() {
				b.StopTimer()
				fresh := copyOfVault(b, template)
				b.StartTimer()
				start := cpuTime()
				if _, err := ApplyImport(ctx, fresh, f.data, ImportOptions{TrustNewSender: true}, nil); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - start
				b.StopTimer()
				fresh.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// copyOfVault copies the files of the closed vault in dir to a new folder
// and unlocks the copy: same sharing identity, same content.
func copyOfVault(tb testing.TB, dir string) *Session {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), "vault")
	if err := os.MkdirAll(dst, 0o700); err != nil {
		tb.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() || e.Name() == "lock" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	s, err := Unlock(dst, pass, vault.Current)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
