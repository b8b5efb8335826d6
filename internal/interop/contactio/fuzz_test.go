package contactio

import (
	"bytes"
	"testing"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// fuzzLimits keep each input cheap.
var fuzzLimits = Limits{File: 1 << 20, Records: 200, Columns: 100, Channels: 50, Properties: 500}

// validContacts returns the contacts of the valid records, checking that
// each validates.
func validContacts(t *testing.T, recs []Record) []*contact.Contact {
	var cs []*contact.Contact
	for _, r := range recs {
		if r.Valid() != (len(r.Problems) == 0) {
			t.Fatalf("record %d: contact %v with problems %v", r.Number, r.Contact != nil, r.Problems)
		}
		if !r.Valid() {
			continue
		}
		if err := r.Contact.Validate(); err != nil {
			t.Fatalf("record %d: accepted contact does not validate: %v", r.Number, err)
		}
		cs = append(cs, r.Contact)
	}
	return cs
}

// roundTrip checks that accepted contacts written as vCard read back the
// same. The library's encoder writes ";" in an organization as ",".
func roundTrip(t *testing.T, cs []*contact.Contact) {
	if len(cs) == 0 {
		return
	}
	var buf bytes.Buffer
	if err := WriteVCard(&buf, cs); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadVCard(buf.Bytes(), Limits{})
	if err != nil {
		t.Fatalf("re-reading the export: %v", err)
	}
	if len(recs) != len(cs) {
		t.Fatalf("%d contacts came back as %d records", len(cs), len(recs))
	}
	for i, r := range recs {
		if !r.Valid() {
			t.Fatalf("contact %d came back invalid: %v\n%q", i, r.Problems, buf.String())
		}
		want := *cs[i]
		want.Organization = replaceSemicolons(want.Organization)
		if got, w := exported(r.Contact), exported(&want); got != w {
			t.Fatalf("contact %d changed:\n got %q\nwant %q\nvcard %q", i, got, w, buf.String())
		}
	}
}

func replaceSemicolons(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte(";"), []byte(",")))
}

func FuzzImportVCard(f *testing.F) {
	for _, n := range []string{"android.vcf", "ios.vcf", "thunderbird.vcf", "android-21.vcf", "google.vcf", "outlook.vcf"} {
		f.Add(readFile(f, n))
	}
	f.Add([]byte("BEGIN:VCARD\nFN:A\\;B\\,C\\\\\nN:x;y\nCATEGORIES:a\\,b,c\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadVCard(data, fuzzLimits)
		if err != nil {
			return
		}
		roundTrip(t, validContacts(t, recs))
	})
}

func FuzzImportCSV(f *testing.F) {
	for _, n := range []string{"google.csv", "outlook.csv", "excel-utf16.csv", "thunderbird.csv", "google-custom.csv"} {
		f.Add(readFile(f, n))
	}
	f.Add([]byte("Name;Phone\n\"A\"\"B\";'+1 555 0100\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseCSV(data, CSVOptions{Limits: fuzzLimits})
		if err != nil {
			return
		}
		cs := validContacts(t, file.Records(file.SuggestMapping()))
		roundTrip(t, cs)
		// CSV export reads back too (tags may split at commas).
		var buf bytes.Buffer
		if err := WriteCSV(&buf, cs); err != nil {
			t.Fatal(err)
		}
		back, err := ParseCSV(buf.Bytes(), CSVOptions{})
		if len(cs) == 0 {
			return
		}
		if err != nil {
			t.Fatalf("re-reading the CSV export: %v", err)
		}
		if n := len(validContacts(t, back.Records(back.SuggestMapping()))); n != len(cs) {
			t.Fatalf("%d contacts came back as %d", len(cs), n)
		}
	})
}
