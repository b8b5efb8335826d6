package contactio

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseCSVSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, enc string
		sep       rune
		wants     []want
	}{
		{"google.csv", EncodingUTF8, ',', []want{
			{name: "Lucía Fernández", org: "Red Ciudadana", role: "Campaigner", country: "CO",
				tags: []string{"colombia", "press"}, notes: "Met in Bogotá, 2024",
				channels: []string{"phone:+57 300 555 0101:Mobile", "phone:+57 1 555 0102:Mobile", "email:lucia@example.co:Work"}},
			{name: "Tomás Silva", country: "PT", channels: []string{"email:tomas@example.pt:Home", "email:t.silva@example.pt:Work"}},
			{problems: []string{CodeNoName}},
		}},
		{"outlook.csv", EncodingWindows1252, ',', []want{
			{name: "Jürgen Müller", org: "Müller & Söhne", role: "Owner", country: "DE", languages: []string{"de"},
				tags: []string{"business", "supplier"}, notes: "Prefers email; = not a formula",
				channels: []string{"phone:+49 170 5550101:mobile", "email:juergen.mueller@example.de:"}},
			{name: "Zoë Ng", channels: []string{"email:=cmd|' /C calc'!A0:"}},
		}},
		{"excel-utf16.csv", EncodingUTF16LE, ';', []want{
			{name: "Nour Haddad", org: "Beirut Media Collective", country: "LB", languages: []string{"ar", "fr"},
				tags: []string{"press"}, notes: "Line one\nline two",
				channels: []string{"phone:+961 71 555 010:", "email:nour@example.lb:"}},
			{name: "Marie Dubois", country: "FR", languages: []string{"fr"}, tags: []string{"legal"},
				channels: []string{"phone:+33 6 55 50 10 10:", "email:marie@example.fr:"}},
			{name: "Sina Rahimi", languages: []string{"fa"}, dropped: []string{CodeCountryUnknown}},
			{problems: []string{CodeTooLong}},
		}},
		{"thunderbird.csv", EncodingUTF8, ',', []want{
			{name: "Ana Lima", org: "Coletivo Aberto", role: "Organizer", country: "BR", notes: "Call after 6pm",
				channels: []string{"phone:+55 11 95555 0101:mobile", "email:ana@example.br:", "other:xmpp:ana@example.br:"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			f, err := ParseCSV(readFile(t, tt.file), CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding != tt.enc || f.Separator != tt.sep || !f.HasHeader {
				t.Errorf("encoding %q separator %q header %v", f.Encoding, f.Separator, f.HasHeader)
			}
			checkRecords(t, f.Records(f.SuggestMapping()), tt.wants)
		})
	}
}

func TestCSVRowNumbers(t *testing.T) {
	t.Parallel()
	f, err := ParseCSV(readFile(t, "excel-utf16.csv"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, r := range f.Records(f.SuggestMapping()) {
		nums = append(nums, r.Number)
	}
	// The header is row 1; the two-line cell keeps row numbers as a
	// spreadsheet shows them; the empty row 4 is left out.
	if want := []int{2, 3, 5, 6}; !slices.Equal(nums, want) {
		t.Errorf("row numbers %v, want %v", nums, want)
	}
}

func TestCSVHeaderlessSniffing(t *testing.T) {
	t.Parallel()
	in := "Amina K.\tamina@example.org\t+49 555 010\nBo\tbo@example.org\t+1 555 0100\n"
	f, err := ParseCSV([]byte(in), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.HasHeader || f.Separator != '\t' {
		t.Fatalf("header %v separator %q", f.HasHeader, f.Separator)
	}
	m := f.SuggestMapping()
	if want := (Mapping{FieldName, FieldEmail, FieldPhone}); !slices.Equal(m, want) {
		t.Errorf("mapping %v, want %v", m, want)
	}
	recs := f.Records(m)
	if len(recs) != 2 || recs[0].Number != 1 || recs[1].Contact.Name != "Bo" {
		t.Errorf("records %+v", recs)
	}
}

func TestCSVUnknownHeaderWords(t *testing.T) {
	t.Parallel()
	// Header words we do not know, but the next row holds an email.
	f, err := ParseCSV([]byte("Wer,Wie\nAmina,amina@example.org\n"), CSVOptions{})
	if err != nil || !f.HasHeader {
		t.Fatalf("%v %v", err, f)
	}
}

func TestParseMapping(t *testing.T) {
	t.Parallel()
	headers := []string{"Who", "Contact, main", "Notes"}
	base := Mapping{FieldIgnore, FieldIgnore, FieldNotes}
	m, err := ParseMapping([]string{"Who=name,Contact, main=signal", "#3="}, headers, base)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Mapping{FieldName, FieldSignal, FieldIgnore}); !slices.Equal(m, want) {
		t.Errorf("mapping %v, want %v", m, want)
	}
	var me *MappingError
	if _, err := ParseMapping([]string{"Nope=name"}, headers, base); !errors.As(err, &me) || !me.UnknownColumn {
		t.Errorf("unknown column: %v", err)
	}
	if _, err := ParseMapping([]string{"Who=shoe size"}, headers, base); !errors.As(err, &me) || me.UnknownColumn {
		t.Errorf("unknown field: %v", err)
	}
}

func TestCSVLimitsAndBrokenRows(t *testing.T) {
	t.Parallel()
	if _, err := ParseCSV([]byte(strings.Repeat("a,b\n", 10)), CSVOptions{Limits: Limits{Records: 5}}); !errors.Is(err, ErrTooManyRecords) {
		t.Errorf("records: %v", err)
	}
	if _, err := ParseCSV([]byte(strings.Repeat("a,", 20)+"\n"), CSVOptions{Limits: Limits{Columns: 10}}); !errors.Is(err, ErrTooManyColumns) {
		t.Errorf("columns: %v", err)
	}
	if _, err := ParseCSV([]byte("\n\n"), CSVOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := ParseCSV([]byte("PK\x03\x04\x00\x00binary"), CSVOptions{}); !errors.Is(err, ErrBinary) {
		t.Errorf("binary: %v", err)
	}
}

func TestCSVHeaderModes(t *testing.T) {
	t.Parallel()
	in := []byte("Name,Email\nA,a@example.org\n")
	f, err := ParseCSV(in, CSVOptions{Header: HeaderNo})
	if err != nil || f.HasHeader || len(f.Rows) != 2 {
		t.Errorf("HeaderNo: %v %+v", err, f)
	}
	f, err = ParseCSV(in, CSVOptions{Header: HeaderYes, Separator: ';'})
	if err != nil || !f.HasHeader || f.Columns() != 1 || f.Headers[0] != "Name,Email" {
		t.Errorf("HeaderYes with ';': %v %+v", err, f)
	}
}
