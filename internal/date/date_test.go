package date

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2027-10-21", Date{2027, time.October, 21}, false},
		{"", Date{}, false},
		{"2027-02-30", Date{}, true},
		{"21/10/2027", Date{}, true},
		{"2027-1-2", Date{}, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.wantErr {
			t.Fatalf("Parse(%q) err = %v", tt.in, err)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("Parse(%q) err not ErrInvalid: %v", tt.in, err)
		}
		if got != tt.want {
			t.Fatalf("Parse(%q) = %v want %v", tt.in, got, tt.want)
		}
		if err == nil && got.String() != tt.in {
			t.Fatalf("round trip %q -> %q", tt.in, got.String())
		}
	}
}

func TestArithmetic(t *testing.T) {
	t.Parallel()
	d := MustParse("2027-12-30")
	if got := d.AddDays(3).String(); got != "2028-01-02" {
		t.Fatal(got)
	}
	if got := d.AddDays(-30).String(); got != "2027-11-30" {
		t.Fatal(got)
	}
	if !d.Before(d.AddDays(1)) || d.Before(d) || !d.AddDays(1).After(d) {
		t.Fatal("Before/After wrong")
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Fatal("IsZero wrong")
	}
	if New(2027, 2, 30) != MustParse("2027-03-02") {
		t.Fatal("New must normalize")
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	type rec struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(rec{MustParse("2027-10-21")})
	if err != nil || string(b) != `{"due":"2027-10-21"}` {
		t.Fatalf("%s %v", b, err)
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"due":"2028-02-29"}`), &r); err != nil || r.Due.String() != "2028-02-29" {
		t.Fatalf("%v %v", r, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"nope"}`), &r); err == nil {
		t.Fatal("expected error")
	}
	b, _ = json.Marshal(rec{})
	if string(b) != `{"due":""}` {
		t.Fatal(string(b))
	}
}

// TestParseDigitsOfAnyScript: a date typed with Persian, Arabic-Indic or
// full-width digits is the same date; other characters are not relaxed.
func TestParseDigitsOfAnyScript(t *testing.T) {
	want := New(2027, time.October, 21)
	for _, s := range []string{"۲۰۲۷-۱۰-۲۱", "٢٠٢٧-١٠-٢١", "２０２７-１０-２１", "2027-۱۰-21"} {
		got, err := Parse(s)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"۲۰۲۷/۱۰/۲۱", "۲۰۲۷-۱۳-۰۱", "٢٠٢٧-١٠", "2027-10-21x"} {
		if _, err := Parse(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want ErrInvalid", s, err)
		}
	}
}
