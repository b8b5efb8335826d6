package cli

import (
	"testing"

	"github.com/safehouse-app/safehouse/internal/date"
)

// TestDateFlagDigitsOfAnyScript: --follow-up and other date flags take a
// date typed in Persian or Arabic-Indic digits, and still refuse what is
// not a date.
func TestDateFlagDigitsOfAnyScript(t *testing.T) {
	for _, s := range []string{"۲۰۲۷-۱۰-۲۱", "٢٠٢٧-١٠-٢١", " 2027-10-21 "} {
		v := &dateValue{name: "follow-up"}
		if err := v.Set(s); err != nil || v.d != date.MustParse("2027-10-21") {
			t.Errorf("Set(%q) = %v, date %v", s, err, v.d)
		}
	}
	v := &dateValue{name: "follow-up"}
	if err := v.Set("۲۰۲۷-۱۳-۰۱"); err == nil {
		t.Error("month 13 accepted")
	}
}
