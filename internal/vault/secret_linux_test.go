//go:build linux

package vault

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags line of the mapping holding addr in
// /proc/self/smaps, and whether there is such a mapping.
func vmFlags(t *testing.T, addr uintptr) (string, bool) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = addr >= lo && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line, true
		}
	}
	return "", false
}

// TestSecretMemoryNotDumped: the data key lives in memory marked
// MADV_DONTDUMP ("dd" in smaps), outside the garbage-collected heap, and
// the mapping is zeroed and gone after Close.
func TestSecretMemoryNotDumped(t *testing.T) {
	b := allocSecret(100)
	addr := uintptr(unsafe.Pointer(&b[0]))
	if flags, ok := vmFlags(t, addr); !ok || !strings.Contains(flags+" ", " dd ") {
		t.Fatalf("secret buffer not marked MADV_DONTDUMP: %q", flags)
	}
	before := dontDumpKB(t)
	freeSecret(b)
	if after := dontDumpKB(t); after != before-os.Getpagesize()/1024 {
		t.Fatalf("MADV_DONTDUMP memory went from %d to %d kB on free, want one page less", before, after)
	}

	_, v := newVault(t, image("x", 10))
	key := v.identityText
	addr = uintptr(unsafe.Pointer(&key[0]))
	if flags, ok := vmFlags(t, addr); !ok || !strings.Contains(flags+" ", " dd ") {
		t.Fatalf("the vault's data key is not in MADV_DONTDUMP memory: %q", flags)
	}
	before = dontDumpKB(t)
	v.Close()
	if v.identityText != nil {
		t.Fatal("Close kept a reference to the data key")
	}
	if after := dontDumpKB(t); after != before-os.Getpagesize()/1024 {
		t.Fatalf("MADV_DONTDUMP memory went from %d to %d kB on Close, want one page less", before, after)
	}
}

// dontDumpKB returns the size of all mappings marked MADV_DONTDUMP.
func dontDumpKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	total, size := 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Size:") {
			fmt.Sscanf(strings.TrimPrefix(line, "Size:"), "%d", &size)
		}
		if strings.HasPrefix(line, "VmFlags:") && strings.Contains(line+" ", " dd ") {
			total += size
		}
	}
	return total
}
