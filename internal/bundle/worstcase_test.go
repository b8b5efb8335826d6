package bundle_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/bundle/bundletest"
	"github.com/safehouse-app/safehouse/internal/identity"
)

// worstCase is a payload built to cost a reader as much as the limits
// allow (THREATS.md test 14), and what opening it must give.
type worstCase struct {
	name    string
	payload []byte
	counts  map[string]int
	want    error
}

// worstCases returns the worst payloads at the expanded size limit.
func worstCases() []worstCase {
	lim := bundle.DefaultLimits
	size := int(lim.Expanded)
	valid, events := bundletest.LongTexts(size, 20000)
	invalid, n := bundletest.LongTexts(size, lim.String)
	return []worstCase{
		{"whitespace", bundletest.Whitespace(size), nil, nil},
		{"duplicate keys", bundletest.DuplicateKeys(size), nil, bundle.ErrTooManyItems},
		{"deep nesting", bundletest.DeepNesting(lim.Depth-2, size), nil, bundle.ErrTooManyItems},
		{"too deep", bundletest.DeepNesting(lim.Depth+1, size), nil, bundle.ErrTooDeep},
		{"many small items", bundletest.ManySmallItems(size), nil, bundle.ErrTooManyItems},
		{"long texts", valid, map[string]int{"events": events}, nil},
		{"texts too long", invalid, map[string]int{"events": n}, bundle.ErrInvalid},
	}
}

// TestWorstCaseBundles opens the worst payloads at the size limits, each
// validly signed by a fresh identity and encrypted to bob, and checks the
// outcome and the memory allocated while opening: at most 200 MB in all
// (runtime.MemStats.TotalAlloc, which bounds the growth of the heap from
// above). Time is measured by BenchmarkOpenWorstCase, not asserted here.
func TestWorstCaseBundles(t *testing.T) {
	bob := testKey(t, "bob")
	stranger, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range worstCases() {
		t.Run(c.name, func(t *testing.T) {
			file := bundletest.Build(bundletest.Spec{Sender: stranger, Payload: c.payload, Counts: c.counts,
				EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 1})
			alloc, err := allocated(func() error {
				_, err := bundle.Open(file, bundle.OpenOptions{Identity: bob})
				return err
			})
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			t.Logf("%d KB file, %d MB payload: %d MB allocated", len(file)>>10, len(c.payload)>>20, alloc>>20)
			if alloc > 200<<20 {
				t.Fatalf("opening allocated %d MB, limit 200 MB", alloc>>20)
			}
		})
	}
}

// allocated runs fn and returns the bytes it allocated.
func allocated(fn func() error) (uint64, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// BenchmarkOpenWorstCase measures opening each worst payload at the size
// limits (decrypt, verify, decompress, scan, decode, validate): the time
// behind the "≤ 2 s of CPU" claim of docs/performance.md.
func BenchmarkOpenWorstCase(b *testing.B) {
	bob := testKey(b, "bob")
	stranger, err := identity.Generate()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range worstCases() {
		file := bundletest.Build(bundletest.Spec{Sender: stranger, Payload: c.payload, Counts: c.counts,
			EncryptTo: []identity.Keys{bob.Keys()}, Sequence: 1})
		b.Run(c.name, func(b *testing.B) {
			b.ReportMetric(float64(len(file)), "file-bytes")
			cpu := cpuTime()
			for b.Loop() {
				if _, err := bundle.Open(file, bundle.OpenOptions{Identity: bob}); c.want == nil && err != nil ||
					c.want != nil && !errors.Is(err, c.want) {
					b.Fatal(fmt.Errorf("got %w, want %v", err, c.want))
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
