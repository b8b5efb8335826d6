// Command benchimage writes the SQLite database behind BenchmarkSave
// (internal/app/bench_test.go) to a file: a vault made with app.Create,
// filled by demo.Populate with seed 1 and saved, exactly as the benchmark
// makes it. scripts/sqlcipher-compare.sh loads that database into
// SQLCipher to time the same edit there.
//
//	go run ./scripts/benchimage -scale typical|large -out FILE
//	go run ./scripts/benchimage -contacts N -out FILE
//
// -contacts N makes N contacts and N/10 events with 10 tasks each, the
// proportions of the typical (2,000) and large (20,000) scales.
//
// The output is the database in plaintext. It is a developer tool for
// fictional demo data only; the script writes the file into a temporary
// folder it deletes on exit. The vault made on the way lives in a
// temporary folder beside the output, deleted before the program ends,
// and no generation record is kept for it. Nothing touches the network.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchimage:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("benchimage", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the plaintext SQLite database to (must not exist)")
	scale := fs.String("scale", "typical", "data set of BenchmarkSave: typical or large")
	contacts := fs.Int("contacts", 0, "number of contacts instead of -scale (events: one per 10 contacts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New("usage: benchimage [-scale typical|large | -contacts N] -out FILE")
	}
	sc, err := pickScale(*scale, *contacts)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	img, err := image(filepath.Dir(*out), sc)
	if err == nil {
		_, err = f.Write(img)
		clear(img)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	return nil
}

// pickScale returns the scale for -scale or -contacts.
func pickScale(name string, contacts int) (demo.Scale, error) {
	switch {
	case contacts < 0 || contacts > 1_000_000:
		return demo.Scale{}, fmt.Errorf("-contacts %d: want 1 to 1000000", contacts)
	case contacts > 0:
		return demo.Scale{Contacts: contacts, Events: contacts / 10, TasksPerEvent: 10}, nil
	case name == "typical":
		return demo.ScaleTypical, nil
	case name == "large":
		return demo.ScaleLarge, nil
	}
	return demo.Scale{}, fmt.Errorf("-scale %q: want typical or large", name)
}

// image makes the benchmark's vault in a temporary folder under parent
// and returns its database image.
func image(parent string, sc demo.Scale) ([]byte, error) {
	tmp, err := os.MkdirTemp(parent, "vault-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "vault")
	vault.SkipSeen(dir)
	s, err := app.Create(dir, []byte("benchmark"))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := demo.Populate(context.Background(), s.Store(), sc, 1); err != nil {
		return nil, err
	}
	if err := s.Save(); err != nil {
		return nil, err
	}
	return s.Store().Serialize()
}
