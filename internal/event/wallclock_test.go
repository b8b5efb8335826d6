package event

import (
	"testing"
	"time"
)

// Times typed in a repeated or skipped hour are read by RFC 5545's rule
// in every zone: the first occurrence; a skipped time moves forward.
func TestParseLocalAdjusted(t *testing.T) {
	utc := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, time.UTC) }
	for _, c := range []struct {
		in, zone string
		want     time.Time
		adj      Adjustment
	}{
		{"2027-03-28 02:30", "Europe/Berlin", utc(2027, 3, 28, 1, 30), AdjustSkipped},        // 03:30 CEST
		{"2027-10-31 02:30", "Europe/Berlin", utc(2027, 10, 31, 0, 30), AdjustRepeated},      // first: CEST
		{"2027-03-14 02:30", "America/New_York", utc(2027, 3, 14, 7, 30), AdjustSkipped},     // 03:30 EDT
		{"2027-11-07 01:30", "America/New_York", utc(2027, 11, 7, 5, 30), AdjustRepeated},    // first: EDT
		{"2027-10-03 02:15", "Australia/Lord_Howe", utc(2027, 10, 2, 15, 45), AdjustSkipped}, // half-hour gap
		{"2027-04-04 01:45", "Australia/Lord_Howe", utc(2027, 4, 3, 14, 45), AdjustRepeated}, // half-hour repeat
		{"2021-03-22 00:30", "Asia/Tehran", utc(2021, 3, 21, 21, 0), AdjustSkipped},          // gap at midnight
		{"2027-04-04 02:30", "Australia/Sydney", utc(2027, 4, 3, 15, 30), AdjustRepeated},    // southern autumn
		{"2027-06-01 10:00", "Europe/Berlin", utc(2027, 6, 1, 8, 0), AdjustNone},
		{"2027-10-21T10:00:00+05:00", "Europe/Berlin", utc(2027, 10, 21, 5, 0), AdjustNone},
	} {
		got, adj, err := ParseLocalAdjusted(c.in, c.zone)
		if err != nil || !got.Equal(c.want) || adj != c.adj {
			t.Errorf("%s in %s: %v %v %v, want %v %v", c.in, c.zone, got.UTC(), adj, err, c.want, c.adj)
		}
		if p, err := ParseLocal(c.in, c.zone); err != nil || !p.Equal(c.want) {
			t.Errorf("ParseLocal(%s, %s) = %v", c.in, c.zone, p.UTC())
		}
	}
	if _, _, err := ParseLocalAdjusted("2027-13-01 10:00", "UTC"); err == nil {
		t.Error("bad date accepted")
	}
}
