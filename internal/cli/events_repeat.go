package cli

import (
	"flag"
	"strconv"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/event"
)

// repeatFlags are the flags that make an event repeat: --repeat
// daily|weekly|monthly|yearly|none, --every N, --on DAYS (weekly: mon,thu;
// monthly: 2tue or last-fri), --day N (monthly), --until DATE, --times N.
type repeatFlags struct {
	freq  *choice
	every *int
	on    *string
	day   *int
	until *string
	times *int
}

func addRepeatFlags(fs *flag.FlagSet) *repeatFlags {
	f := &repeatFlags{freq: newChoice("repeat", []string{"none", "daily", "weekly", "monthly", "yearly"})}
	fs.Var(f.freq, "repeat", "")
	f.every = fs.Int("every", 1, "")
	f.on = fs.String("on", "", "")
	f.day = fs.Int("day", 0, "")
	f.until = fs.String("until", "", "")
	f.times = fs.Int("times", 0, "")
	return f
}

var dayNames = map[string]time.Weekday{
	"su": time.Sunday, "sun": time.Sunday, "sunday": time.Sunday, "mo": time.Monday, "mon": time.Monday, "monday": time.Monday,
	"tu": time.Tuesday, "tue": time.Tuesday, "tuesday": time.Tuesday, "we": time.Wednesday, "wed": time.Wednesday, "wednesday": time.Wednesday,
	"th": time.Thursday, "thu": time.Thursday, "thursday": time.Thursday, "fr": time.Friday, "fri": time.Friday, "friday": time.Friday,
	"sa": time.Saturday, "sat": time.Saturday, "saturday": time.Saturday,
}

// onDay reads one --on value: a weekday ("tue"), for a monthly rule with
// which one of the month ("2tue", "last-fri", "-1fri").
func onDay(s string, monthly bool) (event.WeekdayNum, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	n := 0
	switch {
	case strings.HasPrefix(s, "last-"), strings.HasPrefix(s, "last"):
		n, s = -1, strings.TrimPrefix(strings.TrimPrefix(s, "last"), "-")
	case len(s) > 1 && (s[0] >= '0' && s[0] <= '9' || s[0] == '-'):
		i := strings.IndexFunc(s[1:], func(r rune) bool { return r < '0' || r > '9' }) + 1
		v, err := strconv.Atoi(s[:i])
		if err != nil || v == 0 || v < -5 || v > 5 {
			return event.WeekdayNum{}, false
		}
		n, s = v, strings.TrimPrefix(s[i:], "-")
	}
	d, ok := dayNames[s]
	if !ok || n != 0 && !monthly {
		return event.WeekdayNum{}, false
	}
	return event.WeekdayNum{Day: d, N: n}, true
}

// repeat returns the Repeat the flags describe (nil with --repeat none),
// and whether any repeat flag was given. Errors are usage errors.
func (f *repeatFlags) repeat(set map[string]bool) (*event.Repeat, bool, error) {
	given := false
	for _, n := range []string{"repeat", "every", "on", "day", "until", "times"} {
		given = given || set[n]
	}
	if !given {
		return nil, false, nil
	}
	if !set["repeat"] {
		return nil, true, usageErr("cli.usage.flag_required", map[string]any{"Flag": "--repeat", "Command": "--every, --on, --day, --until, --times"})
	}
	if f.freq.value == "none" {
		return nil, true, nil
	}
	r := event.Rule{Freq: event.Freq(strings.ToUpper(f.freq.value)), Interval: *f.every}
	if *f.every < 1 || *f.every > event.MaxInterval {
		return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--every", "Value": strconv.Itoa(*f.every)})
	}
	if set["on"] {
		if r.Freq != event.Weekly && r.Freq != event.Monthly {
			return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--on", "Value": *f.on})
		}
		for _, p := range strings.Split(*f.on, ",") {
			w, ok := onDay(p, r.Freq == event.Monthly)
			if !ok {
				return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--on", "Value": *f.on})
			}
			r.ByDay = append(r.ByDay, w)
		}
	}
	if set["day"] {
		if r.Freq != event.Monthly || *f.day == 0 || *f.day < -31 || *f.day > 31 || set["on"] {
			return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--day", "Value": strconv.Itoa(*f.day)})
		}
		r.ByMonthDay = []int{*f.day}
	}
	switch {
	case set["until"] && set["times"]:
		return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--times", "Value": strconv.Itoa(*f.times)})
	case set["until"]:
		d, err := time.Parse("2006-01-02", strings.TrimSpace(*f.until))
		if err != nil {
			return nil, true, usageErr("cli.usage.flag_date", map[string]any{"Flag": "--until", "Value": *f.until})
		}
		r.UntilKind, r.Until = event.UntilDate, d
	case set["times"]:
		if *f.times < 1 || *f.times > event.MaxCount {
			return nil, true, usageErr("cli.usage.flag_invalid", map[string]any{"Flag": "--times", "Value": strconv.Itoa(*f.times)})
		}
		r.Count = *f.times
	}
	return &event.Repeat{Rule: r.String()}, true, nil
}

// eventRepeat changes how an existing event repeats: safehouse event
// repeat ID --repeat weekly --on tue --until 2027-06-30 (or --repeat none).
func (r *runner) eventRepeat(args []string) error {
	fs := newFlagSet("event repeat")
	rf := addRepeatFlags(fs)
	pos, done, err := r.parseCmd("event", fs, args)
	if done {
		return err
	}
	id, err := oneID("event repeat", pos)
	if err != nil {
		return err
	}
	rp, given, err := rf.repeat(wasSet(fs))
	if err != nil {
		return err
	}
	if !given {
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "--repeat", "Command": "event repeat"})
	}
	return r.write(func(s *app.Session, o *out) error {
		e, err := r.eventByID(s, id)
		if err != nil {
			return err
		}
		if rp != nil && e.Repeat != nil {
			rp.Except, rp.Extra = e.Repeat.Except, e.Repeat.Extra
		}
		e.Repeat = rp
		return s.UpdateSeries(r.ctx, e, 0)
	})
}
