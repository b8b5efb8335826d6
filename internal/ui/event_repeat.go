package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/safehouse-app/safehouse/internal/event"
)

// The common ways an event repeats, as the form offers them. A rule the
// form cannot show (from a calendar file) is repeatCustom and kept as it
// is unless the user picks another choice.
const (
	repeatNone        = ""
	repeatDaily       = "daily"
	repeatWeekly      = "weekly"
	repeatMonthlyNth  = "monthly_nth"
	repeatMonthlyLast = "monthly_last"
	repeatMonthlyDay  = "monthly_day"
	repeatYearly      = "yearly"
	repeatCustom      = "custom"
)

// How a series ends, as the form offers it.
const (
	endNever = "never"
	endUntil = "until"
	endCount = "count"
)

var weekdayNameIDs = [7]string{"fyne.sunday", "fyne.monday", "fyne.tuesday", "fyne.wednesday", "fyne.thursday", "fyne.friday", "fyne.saturday"}

// nthIDs are the message IDs of "every month on the first/…/last
// <weekday>", by BYDAY number.
var nthIDs = map[int]string{1: "events.repeat.monthly_first", 2: "events.repeat.monthly_second",
	3: "events.repeat.monthly_third", 4: "events.repeat.monthly_fourth", -1: "events.repeat.monthly_last"}

// weekOfMonth returns which weekday of its month t is (1 to 5), and
// whether it is the last one.
func weekOfMonth(t time.Time) (n int, last bool) {
	return (t.Day()-1)/7 + 1, t.AddDate(0, 0, 7).Month() != t.Month()
}

// everyN is the message id for an interval of 1 ("Every week on …"),
// else its plural id+"_n" ("Every 2 weeks on …") with Count n.
func everyN(env *Env, id string, n int, args ...any) string {
	if n == 1 {
		return env.T(id, args...)
	}
	return env.Tr.N(id+"_n", n, args...)
}

// describeRepeat says in words how e repeats: "Every week on Tuesday,
// until 2027-06-30". "" when e does not repeat.
func describeRepeat(env *Env, e *event.Event) string {
	if !e.Repeats() {
		return ""
	}
	r, ok := e.ParsedRule()
	if !ok {
		return env.T("events.repeat.custom")
	}
	loc := e.Zone()
	start := e.Start.In(loc)
	n := max(r.Interval, 1)
	var text string
	plainDays := true
	for _, d := range r.ByDay {
		plainDays = plainDays && d.N == 0
	}
	switch {
	case r.Freq == event.Daily && len(r.ByDay)+len(r.ByMonthDay)+len(r.ByMonth)+len(r.BySetPos) == 0:
		text = everyN(env, "events.repeat.daily", n)
	case r.Freq == event.Weekly && plainDays && len(r.ByMonthDay)+len(r.ByMonth)+len(r.BySetPos) == 0:
		days := []time.Weekday{start.Weekday()}
		if len(r.ByDay) > 0 {
			days = days[:0]
			for _, d := range r.ByDay {
				days = append(days, d.Day)
			}
			// Monday first, Sunday last.
			slices.SortFunc(days, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
		}
		names := make([]string, len(days))
		for i, d := range days {
			names[i] = env.T(weekdayNameIDs[d])
		}
		text = everyN(env, "events.repeat.weekly", n, "Days", strings.Join(names, env.T("events.repeat.day_separator")))
	case r.Freq == event.Monthly && len(r.ByDay) == 0 && len(r.ByMonth)+len(r.BySetPos) == 0 && len(r.ByMonthDay) <= 1:
		day := start.Day()
		if len(r.ByMonthDay) == 1 {
			day = r.ByMonthDay[0]
		}
		if day < 0 {
			return env.T("events.repeat.custom")
		}
		text = everyN(env, "events.repeat.monthly_day", n, "Day", env.Tr.Number(day))
	case r.Freq == event.Monthly && len(r.ByDay) == 1 && nthIDs[r.ByDay[0].N] != "" && len(r.ByMonthDay)+len(r.ByMonth)+len(r.BySetPos) == 0:
		text = everyN(env, nthIDs[r.ByDay[0].N], n, "Weekday", env.T(weekdayNameIDs[r.ByDay[0].Day]))
	case r.Freq == event.Yearly && len(r.ByDay)+len(r.BySetPos) == 0 && len(r.ByMonth) <= 1 && len(r.ByMonthDay) <= 1:
		text = everyN(env, "events.repeat.yearly", n)
	default:
		return env.T("events.repeat.custom")
	}
	switch {
	case r.Count > 0:
		text = env.Tr.N("events.repeat.count", r.Count, "Rule", text)
	case r.UntilKind != event.UntilNone:
		text = env.T("events.repeat.until", "Rule", text, "Date", env.Tr.Date(r.UntilDay(loc)))
	}
	return text
}

// repeatField is the form's "Repeats" section: the common choices in
// plain words for the start date, how often, and how the series ends.
type repeatField struct {
	env      *Env
	choice   *optionSelect
	interval *textField
	end      *optionSelect
	until    *dateEntry
	count    *textField
	// custom is the rule of a series the choices cannot show.
	custom string
	// start is the start date the choices were worded for.
	start   time.Time
	details *fyne.Container // interval and end, shown for a series
	content *fyne.Container
}

func newRepeatField(env *Env, e *event.Event) *repeatField {
	f := &repeatField{env: env}
	f.interval = newTextField()
	f.interval.SetText("1")
	f.end = newOptionSelect([]string{endNever, endUntil, endCount},
		[]string{env.T("events.repeat.end_never"), env.T("events.repeat.end_until"), env.T("events.repeat.end_count")}, "", func(string) { f.showEnd() })
	f.end.SetValue(endNever)
	f.until = newDateEntry(env, env.T("contacts.field.date_hint"))
	f.count = newTextField()
	f.count.SetPlaceHolder("10")
	f.choice = newOptionSelect(nil, nil, "", func(string) { f.showDetails() })
	start := e.Start.In(e.Zone())
	value := repeatNone
	if r, ok := e.ParsedRule(); ok {
		value = formChoice(r, start)
		if value == repeatCustom {
			f.custom = r.String()
		}
		f.interval.SetText(strconv.Itoa(max(r.Interval, 1)))
		switch {
		case r.Count > 0:
			f.end.SetValue(endCount)
			f.count.SetText(strconv.Itoa(r.Count))
		case r.UntilKind != event.UntilNone:
			f.end.SetValue(endUntil)
			f.until.setDayOf(r.UntilDay(e.Zone()))
		}
	} else if e.Repeats() {
		value, f.custom = repeatCustom, e.Repeat.Rule
	}
	f.setStart(start)
	f.choice.SetValue(value)
	endRow := container.NewGridWithColumns(2, f.end, container.NewStack(f.until, f.count))
	f.details = container.NewVBox(
		formField(env.T("events.field.repeat_interval"), f.interval, newFieldError()),
		formField(env.T("events.field.repeat_end"), endRow, newFieldError()))
	f.content = container.NewVBox(f.choice, f.details)
	f.showDetails()
	return f
}

// setStart words the choices for a start date, keeping the choice.
func (f *repeatField) setStart(start time.Time) {
	env := f.env
	keep := f.choice.Value()
	f.start = start
	wd := env.T(weekdayNameIDs[start.Weekday()])
	n, last := weekOfMonth(start)
	values := []string{repeatNone, repeatDaily, repeatWeekly}
	labels := []string{env.T("events.repeat.none"), everyN(env, "events.repeat.daily", 1), everyN(env, "events.repeat.weekly", 1, "Days", wd)}
	if n <= 4 {
		values = append(values, repeatMonthlyNth)
		labels = append(labels, everyN(env, nthIDs[n], 1, "Weekday", wd))
	}
	if last {
		values = append(values, repeatMonthlyLast)
		labels = append(labels, everyN(env, nthIDs[-1], 1, "Weekday", wd))
	}
	values = append(values, repeatMonthlyDay, repeatYearly)
	labels = append(labels, everyN(env, "events.repeat.monthly_day", 1, "Day", env.Tr.Number(start.Day())), everyN(env, "events.repeat.yearly", 1))
	if f.custom != "" {
		values = append(values, repeatCustom)
		labels = append(labels, env.T("events.repeat.custom"))
	}
	f.choice.setOptions(values, labels, "")
	if !slices.Contains(values, keep) {
		// "On the fourth Tuesday" when the new date is a fifth one.
		keep = repeatMonthlyDay
	}
	f.choice.SetValue(keep)
}

func (f *repeatField) showDetails() {
	if f.choice.Value() == repeatNone || f.choice.Value() == repeatCustom {
		f.details.Hide()
	} else {
		f.details.Show()
	}
	f.showEnd()
}

func (f *repeatField) showEnd() {
	f.until.Hide()
	f.count.Hide()
	switch f.end.Value() {
	case endUntil:
		f.until.Show()
	case endCount:
		f.count.Show()
	}
}

// formChoice returns the form's choice for a rule starting at start, or
// repeatCustom when the form cannot show it.
func formChoice(r event.Rule, start time.Time) string {
	if len(r.ByMonth)+len(r.BySetPos) > 0 && r.Freq != event.Yearly {
		return repeatCustom
	}
	n, last := weekOfMonth(start)
	switch r.Freq {
	case event.Daily:
		if len(r.ByDay)+len(r.ByMonthDay) == 0 {
			return repeatDaily
		}
	case event.Weekly:
		if len(r.ByMonthDay) == 0 && (len(r.ByDay) == 0 || len(r.ByDay) == 1 && r.ByDay[0] == event.WeekdayNum{Day: start.Weekday()}) {
			return repeatWeekly
		}
	case event.Monthly:
		switch {
		case len(r.ByDay) == 0 && (len(r.ByMonthDay) == 0 || len(r.ByMonthDay) == 1 && r.ByMonthDay[0] == start.Day()):
			return repeatMonthlyDay
		case len(r.ByMonthDay) == 0 && len(r.ByDay) == 1 && r.ByDay[0] == event.WeekdayNum{Day: start.Weekday(), N: n} && n <= 4:
			return repeatMonthlyNth
		case len(r.ByMonthDay) == 0 && len(r.ByDay) == 1 && r.ByDay[0] == event.WeekdayNum{Day: start.Weekday(), N: -1} && last:
			return repeatMonthlyLast
		}
	case event.Yearly:
		if len(r.ByDay)+len(r.BySetPos) == 0 && (len(r.ByMonth) == 0 || len(r.ByMonth) == 1 && r.ByMonth[0] == int(start.Month())) &&
			(len(r.ByMonthDay) == 0 || len(r.ByMonthDay) == 1 && r.ByMonthDay[0] == start.Day()) {
			return repeatYearly
		}
	}
	return repeatCustom
}

// repeat returns the Repeat the field describes for a series starting at
// start (in its zone), keeping the exceptions and extra dates of old; nil
// for "does not repeat". msg is a translated message for a bad number or
// date.
func (f *repeatField) repeat(start time.Time, old *event.Repeat) (rp *event.Repeat, msg string) {
	keep := func(rule string) *event.Repeat {
		p := &event.Repeat{Rule: rule}
		if old != nil {
			p.Except, p.Extra = old.Except, old.Extra
		}
		return p
	}
	choice := f.choice.Value()
	switch choice {
	case repeatNone:
		return nil, ""
	case repeatCustom:
		return keep(f.custom), ""
	}
	var r event.Rule
	n, _ := weekOfMonth(start)
	switch choice {
	case repeatDaily:
		r.Freq = event.Daily
	case repeatWeekly:
		r.Freq, r.ByDay = event.Weekly, []event.WeekdayNum{{Day: start.Weekday()}}
	case repeatMonthlyNth:
		r.Freq, r.ByDay = event.Monthly, []event.WeekdayNum{{Day: start.Weekday(), N: n}}
	case repeatMonthlyLast:
		r.Freq, r.ByDay = event.Monthly, []event.WeekdayNum{{Day: start.Weekday(), N: -1}}
	case repeatMonthlyDay:
		r.Freq, r.ByMonthDay = event.Monthly, []int{start.Day()}
	default:
		r.Freq = event.Yearly
	}
	number := func(s string, hi int) (int, bool) {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		return v, err == nil && v >= 1 && v <= hi
	}
	var ok bool
	if r.Interval, ok = number(f.interval.Text, event.MaxInterval); !ok {
		return nil, f.env.T("events.repeat.number_invalid", "Max", f.env.Tr.Number(event.MaxInterval))
	}
	switch f.end.Value() {
	case endCount:
		if r.Count, ok = number(f.count.Text, event.MaxCount); !ok {
			return nil, f.env.T("events.repeat.number_invalid", "Max", f.env.Tr.Number(event.MaxCount))
		}
	case endUntil:
		d, err := f.until.date()
		if err != nil || d.IsZero() {
			return nil, f.env.T("validation.date_invalid")
		}
		t := d.Time(time.UTC)
		if t.Before(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)) {
			return nil, f.env.T("validation.end_before_start")
		}
		r.UntilKind, r.Until = event.UntilDate, t
	}
	return keep(r.String()), ""
}

// state and restore keep the field in a form draft.
func (f *repeatField) state(st formState) {
	st["repeat"], st["repeat_interval"], st["repeat_end"] = f.choice.Value(), f.interval.Text, f.end.Value()
	st["repeat_until"], st["repeat_count"] = f.until.Text, f.count.Text
}

func (f *repeatField) restore(st formState) {
	f.choice.SetValue(st["repeat"])
	f.interval.SetText(st["repeat_interval"])
	f.end.SetValue(st["repeat_end"])
	f.until.SetText(st["repeat_until"])
	f.count.SetText(st["repeat_count"])
	f.showDetails()
}

// inputs are the widgets the form tracks for changes.
func (f *repeatField) inputs() []fyne.CanvasObject {
	return []fyne.CanvasObject{f.choice, f.interval, f.end, f.until, f.count}
}

// scopeDialog asks whether a change or a deletion is for one date of a
// repeating event or for all of them.
type scopeDialog struct {
	dialog *dialog.CustomDialog
	// text is the question as shown, for tests.
	text                                string
	cancelButton, thisButton, allButton *widget.Button
}

// showScopeDialog asks question; the buttons "Only this date" and "All
// dates" run onThis and onAll. danger marks them as destructive.
func showScopeDialog(env *Env, title, question string, danger bool, onThis, onAll func()) *scopeDialog {
	d := &scopeDialog{text: question}
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ViewRefreshIcon())), nil, paragraph(question))
	d.dialog = dialog.NewCustomWithoutButtons(title, rtlContent(env.Tr, content), env.Window)
	run := func(f func()) func() {
		return func() {
			d.dialog.Hide()
			f()
		}
	}
	d.cancelButton = widget.NewButtonWithIcon(env.T("common.cancel"), theme.CancelIcon(), d.dialog.Hide)
	d.thisButton = widget.NewButton(env.T("events.repeat.scope_this"), run(onThis))
	d.allButton = widget.NewButton(env.T("events.repeat.scope_all"), run(onAll))
	if danger {
		d.thisButton.Importance, d.allButton.Importance = widget.DangerImportance, widget.DangerImportance
	} else {
		d.thisButton.Importance = widget.HighImportance
	}
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancelButton, d.allButton, d.thisButton})
	d.dialog.Resize(dialogSize(env, fyne.NewSize(dialogForm, 0)))
	d.dialog.Show()
	return d
}
