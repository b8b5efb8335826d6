package date

import (
	"errors"
	"math"
	"testing"
	"time"
)

// nowruzMarch is the day of March (Gregorian) on which 1 Farvardin falls,
// for the Solar Hijri years 1354–1420. The dates up to 1405 are those of
// Iran's official calendars (published every year by the Calendar Center
// of the University of Tehran's Institute of Geophysics; the same list is
// printed in the "Solar Hijri calendar" articles of the Persian and
// English Wikipedias); the later ones are Borkowski's ("The Persian
// calendar for 3000 years", Earth, Moon, and Planets 74, 1996) and agree
// with the equinox times (before or after noon in Tehran). Every day from
// -61 to 3177 SH was also checked once against jalaali-js 2.0.1 (the
// conversion most Persian software uses), outside this test.
var nowruzMarch = map[int]int{
	1354: 21, 1355: 21, 1356: 21, 1357: 21, 1358: 21, 1359: 21, 1360: 21, 1361: 21, 1362: 21, 1363: 21,
	1364: 21, 1365: 21, 1366: 21, 1367: 21, 1368: 21, 1369: 21, 1370: 21, 1371: 21, 1372: 21, 1373: 21,
	1374: 21, 1375: 20, 1376: 21, 1377: 21, 1378: 21, 1379: 20, 1380: 21, 1381: 21, 1382: 21, 1383: 20,
	1384: 21, 1385: 21, 1386: 21, 1387: 20, 1388: 21, 1389: 21, 1390: 21, 1391: 20, 1392: 21, 1393: 21,
	1394: 21, 1395: 20, 1396: 21, 1397: 21, 1398: 21, 1399: 20, 1400: 21, 1401: 21, 1402: 21, 1403: 20,
	1404: 21, 1405: 21, 1406: 21, 1407: 20, 1408: 20, 1409: 21, 1410: 21, 1411: 20, 1412: 20, 1413: 21,
	1414: 21, 1415: 20, 1416: 20, 1417: 21, 1418: 21, 1419: 20, 1420: 20,
}

func TestNowruz(t *testing.T) {
	t.Parallel()
	for y, day := range nowruzMarch {
		want := New(y+621, time.March, day)
		got, err := FromSolarHijri(y, 1, 1)
		if err != nil || got != want {
			t.Errorf("1 Farvardin %d = %v, %v; want %v", y, got, err, want)
		}
		if sy, sm, sd, ok := want.SolarHijri(); !ok || sy != y || sm != 1 || sd != 1 {
			t.Errorf("%v = %d/%d/%d %v; want %d/1/1", want, sy, sm, sd, ok, y)
		}
		// A year is leap exactly when the next Nowruz is 366 days on.
		if next, ok := nowruzMarch[y+1]; ok {
			long := New(y+622, time.March, next).daysSince(want) == 366
			if IsSolarHijriLeap(y) != long {
				t.Errorf("IsSolarHijriLeap(%d) = %v, year has 366 days: %v", y, IsSolarHijriLeap(y), long)
			}
		}
	}
}

func TestSolarHijriKnownDays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		y, m, d int
		want    string
	}{
		{1405, 1, 1, "2026-03-21"},   // the brief's example
		{1406, 7, 30, "2027-10-22"},  // the day after Global Encryption Day 2027 (29 Mehr)
		{1406, 7, 29, "2027-10-21"},  // Global Encryption Day 2027
		{1357, 11, 22, "1979-02-11"}, // 22 Bahman, a date every Iranian reader knows
		{1348, 10, 11, "1970-01-01"},
		{1378, 10, 11, "2000-01-01"},
		{1399, 12, 30, "2021-03-20"}, // Esfand 30 of a leap year
		{1403, 12, 30, "2025-03-20"}, // 1403 is leap, not 1404 (the 33-year rule says the reverse)
		{1404, 1, 1, "2025-03-21"},
		{1404, 12, 29, "2026-03-20"}, // last day of a common year
		{1403, 6, 31, "2024-09-21"},  // last 31-day month
		{1403, 7, 1, "2024-09-22"},
		{1300, 1, 1, "1921-03-21"},
		{1499, 12, 29, "2121-03-20"},
		{1178, 1, 1, "1799-03-21"}, // the range where the arithmetic is the astronomical calendar
		{1633, 1, 1, "2254-03-21"},
		{MinSolarHijriYear, 1, 1, "0560-03-20"}, // the table's ends
		{MaxSolarHijriYear, 12, 29, "3799-03-19"},
	} {
		want := MustParse(c.want)
		got, err := FromSolarHijri(c.y, c.m, c.d)
		if err != nil || got != want {
			t.Errorf("FromSolarHijri(%d, %d, %d) = %v, %v; want %v", c.y, c.m, c.d, got, err, want)
		}
		if y, m, d, ok := want.SolarHijri(); !ok || y != c.y || m != c.m || d != c.d {
			t.Errorf("%v.SolarHijri() = %d/%d/%d %v; want %d/%d/%d", want, y, m, d, ok, c.y, c.m, c.d)
		}
	}
	if !IsSolarHijriLeap(1403) || IsSolarHijriLeap(1404) || !IsSolarHijriLeap(1399) || IsSolarHijriLeap(1405) {
		t.Error("leap years around 1403 wrong")
	}
}

func TestSolarHijriRefusesWhatDoesNotExist(t *testing.T) {
	t.Parallel()
	for _, c := range [][3]int{
		{1404, 12, 30}, // not a leap year
		{1406, 7, 31},  // Mehr has 30 days
		{1406, 13, 1}, {1406, 0, 1}, {1406, -1, 1}, {1406, 1, 0}, {1406, 1, 32}, {1406, 1, -5},
		{MaxSolarHijriYear + 1, 1, 1}, {MinSolarHijriYear - 1, 1, 1},
		{math.MaxInt, 1, 1}, {math.MinInt, 1, 1}, {1406, math.MaxInt, 1}, {1406, 1, math.MaxInt}, {1406, 1, math.MinInt},
	} {
		if d, err := FromSolarHijri(c[0], c[1], c[2]); !errors.Is(err, ErrInvalid) {
			t.Errorf("FromSolarHijri%v = %v, %v; want ErrInvalid", c, d, err)
		}
	}
	// Days the table does not reach have no Solar Hijri date.
	for _, d := range []Date{{}, MustParse("0560-03-19"), MustParse("3799-03-20"), MustParse("9999-12-31"), MustParse("0001-01-01"),
		{Year: math.MaxInt32, Month: 1, Day: 1}, {Year: -math.MaxInt32, Month: 1, Day: 1}} {
		if y, m, day, ok := d.SolarHijri(); ok {
			t.Errorf("%v.SolarHijri() = %d/%d/%d, want not ok", d, y, m, day)
		}
	}
	if SolarHijriDaysIn(1406, 13) != 0 || SolarHijriDaysIn(5000, 1) != 0 || IsSolarHijriLeap(5000) {
		t.Error("out of range months or years have days")
	}
}

// TestSolarHijriEveryDay walks every day from 1 Farvardin 1300 to the
// end of 1500: each is the day after the one before in both calendars,
// months have their lengths, and each converts back to itself.
func TestSolarHijriEveryDay(t *testing.T) {
	t.Parallel()
	d, err := FromSolarHijri(1300, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	y, m, day := 1300, 1, 1
	days := 0
	for y <= 1500 {
		gy, gm, gd, ok := d.SolarHijri()
		if !ok || gy != y || gm != m || gd != day {
			t.Fatalf("%v = %d/%d/%d %v, want %d/%d/%d", d, gy, gm, gd, ok, y, m, day)
		}
		back, err := FromSolarHijri(y, m, day)
		if err != nil || back != d {
			t.Fatalf("%d/%d/%d -> %v %v, want %v", y, m, day, back, err, d)
		}
		days++
		d = d.AddDays(1)
		if day++; day > SolarHijriDaysIn(y, m) {
			day, m = 1, m+1
			if m > 12 {
				m, y = 1, y+1
			}
		}
	}
	// 201 years of 365 days and 49 leap days.
	if days != 201*365+49 {
		t.Fatalf("%d days in 1300–1500", days)
	}
}

func TestCalendar(t *testing.T) {
	t.Parallel()
	d := MustParse("2027-10-22")
	if y, m, day, ok := SolarHijri.Split(d); !ok || y != 1406 || m != 7 || day != 30 {
		t.Errorf("SolarHijri.Split = %d/%d/%d %v", y, m, day, ok)
	}
	if y, m, day, ok := Gregorian.Split(d); !ok || y != 2027 || m != 10 || day != 22 {
		t.Errorf("Gregorian.Split = %d/%d/%d %v", y, m, day, ok)
	}
	if _, _, _, ok := Gregorian.Split(Date{}); ok {
		t.Error("the zero date split")
	}
	for _, c := range []struct {
		cal     Calendar
		y, m, d int
		want    string
	}{
		{SolarHijri, 1406, 7, 30, "2027-10-22"}, {Gregorian, 2028, 2, 29, "2028-02-29"},
		{SolarHijri, 1406, 7, 31, ""}, {Gregorian, 2027, 2, 29, ""}, {Gregorian, 2027, 13, 1, ""},
		{Gregorian, 10000, 1, 1, ""}, {Gregorian, 0, 1, 1, ""}, {Gregorian, 2027, 1, 0, ""},
	} {
		got, err := c.cal.Join(c.y, c.m, c.d)
		if c.want == "" {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v.Join(%d, %d, %d) = %v, %v; want ErrInvalid", c.cal, c.y, c.m, c.d, got, err)
			}
		} else if err != nil || got.String() != c.want {
			t.Errorf("%v.Join(%d, %d, %d) = %v, %v; want %s", c.cal, c.y, c.m, c.d, got, err, c.want)
		}
	}
	if SolarHijri.DaysIn(1403, 12) != 30 || SolarHijri.DaysIn(1404, 12) != 29 || Gregorian.DaysIn(2028, 2) != 29 || Gregorian.DaysIn(2027, 0) != 0 {
		t.Error("DaysIn wrong")
	}
	for _, c := range []struct {
		cal      Calendar
		from     string
		n        int
		want     string
		wantFail bool
	}{
		{SolarHijri, "2027-04-20", 6, "2027-10-22", false},  // 31 Farvardin 1406 + 6 = 30 Mehr
		{SolarHijri, "2025-02-19", 1, "2025-03-21", false},  // 1 Esfand 1403 + 1 = 1 Farvardin 1404
		{SolarHijri, "2025-03-20", 12, "2026-03-20", false}, // 30 Esfand 1403 + 1 year = 29 Esfand 1404
		{SolarHijri, "2026-03-21", -1, "2026-02-20", false}, // 1 Farvardin 1405 - 1 = 1 Esfand 1404
		{Gregorian, "2027-01-31", 1, "2027-02-28", false},
		{Gregorian, "2027-12-15", 1, "2028-01-15", false},
		{Gregorian, "9999-12-01", 1, "", true},
		{SolarHijri, "3799-03-01", 1, "", true},
	} {
		got, ok := c.cal.AddMonths(MustParse(c.from), c.n)
		if ok == c.wantFail || !c.wantFail && got.String() != c.want {
			t.Errorf("%v.AddMonths(%s, %d) = %v %v, want %s", c.cal, c.from, c.n, got, ok, c.want)
		}
	}
	if CalendarNamed("solar_hijri") != SolarHijri || CalendarNamed("gregorian") != Gregorian || CalendarNamed("میلادی") != Gregorian ||
		CalendarNamed(SolarHijri.String()) != SolarHijri || CalendarNamed(Gregorian.String()) != Gregorian {
		t.Error("CalendarNamed wrong")
	}
}

func FuzzSolarHijri(f *testing.F) {
	f.Add(1406, 7, 30)
	f.Add(1403, 12, 30)
	f.Add(-61, 1, 1)
	f.Add(3177, 12, 29)
	f.Fuzz(func(t *testing.T, y, m, d int) {
		got, err := FromSolarHijri(y, m, d)
		if err != nil {
			return
		}
		if gy, gm, gd, ok := got.SolarHijri(); !ok || gy != y || gm != m || gd != d {
			t.Fatalf("%d/%d/%d -> %v -> %d/%d/%d %v", y, m, d, got, gy, gm, gd, ok)
		}
	})
}
