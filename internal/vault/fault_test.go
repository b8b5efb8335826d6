package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// counterImage encodes n at the start of a 300 KB image.
func counterImage(n uint64) []byte {
	b := image("", 300_000)
	binary.BigEndian.PutUint64(b, n)
	return b
}

// runChild is the body of the child process of TestCrashDuringSave: it opens
// the vault and saves an increasing counter forever, printing each counter
// after Save returned (the acknowledgement).
func runChild(dir, mode string) int {
	v, err := Open(dir, testPass)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 3
	}
	if mode == "rotate" {
		return runRotateChild(v)
	}
	if mode == "hold" {
		fmt.Println("locked")
		// Hold the lock until killed. (A bare select{} would let the
		// runtime's deadlock detector end the process early.)
		for {
			time.Sleep(time.Hour)
		}
	}
	img, err := v.Load(Current)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child load:", err)
		return 3
	}
	n := journalCounter(img, v.Journal())
	out := bufio.NewWriter(os.Stdout)
	if mode == "journal" {
		// Saves append to the journal; every seventh is a full save
		// (a compaction), as is the one after a torn tail.
		for {
			n++
			err := v.Append([]byte(strconv.FormatUint(n, 10)))
			if errors.Is(err, ErrCompact) || err == nil && n%7 == 0 {
				err = v.Save(counterImage(n))
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "child save:", err)
				return 4
			}
			fmt.Fprintln(out, n)
			out.Flush()
		}
	}
	for {
		n++
		if err := v.Save(counterImage(n)); err != nil {
			fmt.Fprintln(os.Stderr, "child save:", err)
			return 4
		}
		fmt.Fprintln(out, n)
		out.Flush()
	}
}

func startChild(t *testing.T, dir, mode string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SAFEHOUSE_VAULT_CHILD="+dir, "SAFEHOUSE_VAULT_CHILD_MODE="+mode)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stdout)
}

// TestCrashDuringSave kills a process saving in a loop at random moments,
// hundreds of times. The vault must always open, holding the last
// acknowledged state or the one after it, and no temporary file may survive
// the next open.
func TestCrashDuringSave(t *testing.T) {
	kills := 200
	if testing.Short() {
		kills = 20
	}
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, counterImage(0))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var acked uint64
	for i := 0; i < kills; i++ {
		cmd, lines := startChild(t, dir, "save")
		ackc := make(chan uint64, 1024)
		go func() {
			for lines.Scan() {
				n, _ := strconv.ParseUint(lines.Text(), 10, 64)
				ackc <- n
			}
			close(ackc)
		}()
		// Let it run through a few saves, then kill it mid-flight.
		time.Sleep(time.Duration(5+rng.IntN(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for n := range ackc {
			acked = n
		}
		cmd.Wait()

		v, err := Open(dir, testPass)
		if err != nil {
			t.Fatalf("kill %d: vault does not open: %v", i, err)
		}
		img, err := v.Load(Current)
		if err != nil {
			t.Fatalf("kill %d: vault does not load: %v", i, err)
		}
		got := binary.BigEndian.Uint64(img)
		if got != acked && got != acked+1 {
			t.Fatalf("kill %d: vault holds state %d, last acknowledged %d", i, got, acked)
		}
		acked = got
		v.Close()
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("stray temporary file %s", e.Name())
		}
	}
	t.Logf("%d kills, final state %d", kills, acked)
}

// journalCounter is the counter a vault of counterImage and journal
// records holding counters was left at.
func journalCounter(img []byte, bodies [][]byte) uint64 {
	n := binary.BigEndian.Uint64(img)
	for _, b := range bodies {
		n, _ = strconv.ParseUint(string(b), 10, 64)
	}
	return n
}

// TestCrashDuringJournal kills a process saving through the journal (with
// a compaction every few saves) at random moments, hundreds of times: the
// vault must always open with the last acknowledged state or the one
// after it, whether the kill hit an append or a compaction.
func TestCrashDuringJournal(t *testing.T) {
	kills := 300
	if testing.Short() {
		kills = 30
	}
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, counterImage(0))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	var acked uint64
	for i := 0; i < kills; i++ {
		cmd, lines := startChild(t, dir, "journal")
		ackc := make(chan uint64, 1024)
		go func() {
			for lines.Scan() {
				n, _ := strconv.ParseUint(lines.Text(), 10, 64)
				ackc <- n
			}
			close(ackc)
		}()
		// Kill only once the child is saving, so every kill lands in
		// an append or a compaction, not in its start-up.
		if n, ok := <-ackc; ok {
			acked = n
		}
		time.Sleep(time.Duration(rng.IntN(15000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		for n := range ackc {
			acked = n
		}
		cmd.Wait()

		v, err := Open(dir, testPass)
		if err != nil {
			t.Fatalf("kill %d: vault does not open: %v", i, err)
		}
		img, err := v.Load(Current)
		if err != nil {
			t.Fatalf("kill %d: vault does not load: %v", i, err)
		}
		got := journalCounter(img, v.Journal())
		if got != acked && got != acked+1 {
			t.Fatalf("kill %d: vault holds state %d, last acknowledged %d", i, got, acked)
		}
		acked = got
		v.Close()
	}
	t.Logf("%d kills, final state %d", kills, acked)
}

// TestStaleLockFromKilledProcess: a process holding the vault is killed; the
// lock it left must not block the next open.
func TestStaleLockFromKilledProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, counterImage(0))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	cmd, lines := startChild(t, dir, "hold")
	if !lines.Scan() || lines.Text() != "locked" {
		t.Fatal("child did not lock the vault")
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrInUse) {
		t.Fatalf("Open while another process holds it: %v, want ErrInUse", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Fatalf("lock file should stay: %v", err)
	}
	v2, err := Open(dir, testPass)
	if err != nil {
		t.Fatalf("Open after holder was killed: %v", err)
	}
	v2.Close()
}

// TestCorruptionSweep flips bytes across key.age and data.age and truncates
// both at many offsets: every variant is rejected as damaged, never with a
// panic, never as a wrong passphrase, and never loads.
func TestCorruptionSweep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	v, err := Create(dir, testPass, image("sweep", 70_000))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Save(image("sweep2", 70_000)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	key, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	data, _ := os.ReadFile(filepath.Join(dir, DataFile))
	rng := rand.New(rand.NewPCG(3, 4))

	type variant struct {
		file string
		name string
		data []byte
	}
	var variants []variant
	offsets := func(n, count int) []int {
		var o []int
		for i := 0; i < count; i++ {
			o = append(o, i*n/count)
		}
		// Every byte of the header region, where parsing happens.
		for i := 0; i < min(n, 300); i += 7 {
			o = append(o, i)
		}
		return append(o, n-1)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{KeyFile, key}, {DataFile, data}} {
		for _, off := range offsets(len(f.data), 120) {
			b := bytes.Clone(f.data)
			b[off] ^= byte(1 + rng.IntN(255))
			variants = append(variants, variant{f.name, fmt.Sprintf("flip@%d", off), b})
		}
		for _, off := range offsets(len(f.data), 60) {
			variants = append(variants, variant{f.name, fmt.Sprintf("truncate@%d", off), bytes.Clone(f.data[:off])})
		}
	}

	damaged := 0
	for _, vr := range variants {
		path := filepath.Join(dir, vr.file)
		os.WriteFile(path, vr.data, 0o600)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s %s: panic %v", vr.file, vr.name, r)
				}
			}()
			v, err := Open(dir, testPass)
			if vr.file == KeyFile {
				if !IsDamaged(err) {
					t.Errorf("%s %s: Open = %v, want damaged", vr.file, vr.name, err)
				} else {
					damaged++
				}
				if v != nil {
					v.Close()
				}
				return
			}
			if err != nil {
				t.Fatalf("%s %s: Open: %v", vr.file, vr.name, err)
			}
			defer v.Close()
			if _, err := v.Load(Current); !IsDamaged(err) {
				t.Errorf("%s %s: Load = %v, want damaged", vr.file, vr.name, err)
			} else {
				damaged++
			}
			// Recovery from the previous generation is possible.
			if prev, err := v.Load(Previous); err != nil || !bytes.HasPrefix(prev, []byte("sweep")) {
				t.Errorf("%s %s: previous generation: %v", vr.file, vr.name, err)
			}
		}()
		// Restore both files for the next variant.
		os.WriteFile(filepath.Join(dir, KeyFile), key, 0o600)
		os.WriteFile(filepath.Join(dir, DataFile), data, 0o600)
	}
	if damaged != len(variants) {
		t.Fatalf("%d of %d damaged variants rejected as damaged", damaged, len(variants))
	}
	t.Logf("%d damaged variants all rejected", len(variants))
}
