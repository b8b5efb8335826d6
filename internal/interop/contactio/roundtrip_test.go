package contactio

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// importFile reads a sample the way the app does (format detected, CSV
// columns as suggested) and returns the contacts a fresh vault would get.
func importFile(t *testing.T, name string, data []byte) []*contact.Contact {
	t.Helper()
	f, err := Detect(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var recs []Record
	if f == FormatVCard {
		if recs, err = ReadVCard(data, Limits{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	} else {
		file, err := ParseCSV(data, CSVOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		recs = file.Records(file.SuggestMapping())
	}
	var out []*contact.Contact
	for i, st := range MakePlan(recs, nil).Steps(ApplyOptions{}) {
		c := st.Contact
		c.ID = fmt.Sprintf("0b1c0000-0000-4000-8000-%012d", i+1)
		c.Version = 1
		out = append(out, c)
	}
	return out
}

func vaultState(cs []*contact.Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, exported(c))
	}
	slices.Sort(out)
	return out
}

// TestRoundTripEverySample: for every contact sample, import into a fresh
// vault, export (vCard and CSV), and import the export into another fresh
// vault: the two vaults hold the same contacts with the same details, and
// importing the export into the first vault adds and changes nothing.
func TestRoundTripEverySample(t *testing.T) {
	t.Parallel()
	var names []string
	for _, pat := range []string{"*.vcf", "*.csv"} {
		m, _ := filepath.Glob(filepath.Join("testdata", pat))
		names = append(names, m...)
	}
	if len(names) < 8 {
		t.Fatalf("only %d samples", len(names))
	}
	for _, path := range names {
		name := filepath.Base(path)
		for _, format := range []Format{FormatVCard, FormatCSV} {
			t.Run(name+"/"+string(format), func(t *testing.T) {
				t.Parallel()
				first := importFile(t, name, readFile(t, name))
				if len(first) == 0 {
					t.Fatal("nothing imported")
				}
				var buf bytes.Buffer
				var err error
				out := "export.vcf"
				if format == FormatVCard {
					err = WriteVCard(&buf, first)
				} else {
					err = WriteCSV(&buf, first)
					out = "export.csv"
				}
				if err != nil {
					t.Fatal(err)
				}
				second := importFile(t, out, buf.Bytes())
				if a, b := vaultState(first), vaultState(second); !slices.Equal(a, b) {
					t.Errorf("a fresh vault differs after export and import:\n first %q\nsecond %q\nexport:\n%s", a, b,
						strings.ReplaceAll(buf.String(), "\r\n", "\n"))
				}
				// Into the first vault: nothing new, nothing duplicated.
				recs, err := ReadVCard(buf.Bytes(), Limits{})
				if format == FormatCSV {
					file, perr := ParseCSV(buf.Bytes(), CSVOptions{})
					if perr != nil {
						t.Fatal(perr)
					}
					recs, err = file.Records(file.SuggestMapping()), nil
				}
				if err != nil {
					t.Fatal(err)
				}
				p := MakePlan(recs, first)
				if p.Count(ActionNew) != 0 || p.Count(ActionMerge) != 0 || p.Count(ActionInvalid) != 0 {
					for _, it := range p.Items {
						if it.Action != ActionUnchanged {
							t.Errorf("record %d: %s %v %v", it.Record.Number, it.Action, it.Changes, it.Record.Problems)
						}
					}
				}
			})
		}
	}
}
