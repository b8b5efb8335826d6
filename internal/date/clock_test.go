package date

import (
	"errors"
	"testing"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"14:30": "14:30", " 9:05 ": "09:05", "14.30": "14:30", "14h30": "14:30", "14h": "14:00",
		"1430": "14:30", "0930": "09:30", "930": "09:30", "9": "09:00", "09": "09:00", "0": "00:00", "23:59": "23:59",
		"2:30 pm": "14:30", "2:30pm": "14:30", "2:30 PM": "14:30", "2 p.m.": "14:00", "2pm": "14:00", "2p": "14:00",
		"12am": "00:00", "12:15 am": "00:15", "12pm": "12:00", "12:45 p.m.": "12:45", "11 am": "11:00",
		"۱۴:۳۰": "14:30", "١٤:٣٠": "14:30", "１４：３０": "14:30", // Persian, Arabic-Indic and full-width digits
		"下午2:30": "14:30", "上午9点": "", "上午9:15": "09:15", "2:30 م": "14:30", "9:00 ص": "09:00",
		"۲:۳۰ ب.ظ": "14:30", "۹ ق.ظ": "09:00",
	}
	for in, want := range good {
		h, m, err := ParseClock(in)
		if want == "" {
			if err == nil {
				t.Errorf("ParseClock(%q) = %02d:%02d, want an error", in, h, m)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseClock(%q): %v", in, err)
			continue
		}
		if got := FormatClock(h, m); got != want {
			t.Errorf("ParseClock(%q) = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{"", " ", "24:00", "25", "12:60", "13pm", "0am", "abc", "1:2:3", "14:3", "12345",
		"14:30:00", "pm", ":30", "14:", "-1", "9 apples", "14h5", "１４：３"} {
		if h, m, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) = %02d:%02d, want an error", in, h, m)
		} else if !errors.Is(err, ErrInvalidClock) {
			t.Errorf("ParseClock(%q): error %v does not wrap ErrInvalidClock", in, err)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:30", "2:30 pm", "۱۴:۳۰", "下午2:30", "1430", "12am", "h", "٫"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, err := ParseClock(s)
		if err != nil {
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}
		// What it accepts it reads back the same once normalized.
		h2, m2, err := ParseClock(FormatClock(h, m))
		if err != nil || h2 != h || m2 != m {
			t.Fatalf("%q -> %s -> %d:%d %v", s, FormatClock(h, m), h2, m2, err)
		}
	})
}
