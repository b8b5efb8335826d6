package ics

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
)

// Notice is a translatable message: a message ID in locales/en.toml and
// its arguments.
type Notice struct {
	ID   string
	Args map[string]any
}

func notice(id string, kv ...any) Notice {
	n := Notice{ID: id}
	if len(kv) > 0 {
		n.Args = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			n.Args[kv[i].(string)] = kv[i+1]
		}
	}
	return n
}

// Message IDs of the reasons and notices [Parse] gives.
const (
	ReasonNoTitle        = "calendar.skip.no_title"
	ReasonNoStart        = "calendar.skip.no_start"
	ReasonBadTime        = "calendar.skip.bad_time"
	ReasonEndBeforeStart = "calendar.skip.end_before_start"
	ReasonOccurrence     = "calendar.skip.occurrence"
	ReasonNoSeries       = "calendar.skip.occurrence_no_series"
	ReasonTwiceInFile    = "calendar.skip.twice_in_file"
	ReasonNoEvent        = "calendar.skip.task_no_event"
	ReasonInvalid        = "calendar.skip.invalid"

	NoticeRecurring    = "calendar.notice.recurring"
	NoticeRDateDropped = "calendar.notice.rdate_dropped"
	NoticeZoneOffsets  = "calendar.notice.zone_offsets"
	NoticeZoneUnknown  = "calendar.notice.zone_unknown"
	NoticeAllDay       = "calendar.notice.all_day"
	NoticeShortened    = "calendar.notice.shortened"
	NoticeUntitled     = "calendar.notice.untitled"
)

// Kind says whether a skipped component was an event or a task.
type Kind string

// Kinds of skipped components.
const (
	KindEvent Kind = "event"
	KindTask  Kind = "task"
)

// Incoming is an event read from a file, with its tasks. Event and Tasks
// are ready for the store's Add (no IDs yet; the tasks' EventID is set
// when the event is added).
type Incoming struct {
	// UID is the event's UID in the file ("" if it had none).
	UID    string
	Event  event.Event
	Tasks  []event.Task
	AllDay bool
	// Changed are the changed (moved) occurrences of a repeating event:
	// their Event.RecurrenceID is the original start they replace; the
	// SeriesID is set when the series is added.
	Changed []*Incoming
	// Notices say what was changed or left out while reading it.
	Notices []Notice
}

// Skip is a component that is not imported, and why.
type Skip struct {
	Kind   Kind
	Title  string // may be ""
	Reason Notice
}

// Parsed is what a file holds, before it is compared with the vault.
type Parsed struct {
	Events  []*Incoming
	Skipped []Skip
	// Ignored counts components Safehouse has no use for, such as
	// journal entries and free/busy information.
	Ignored int
	// Warnings list the lines of the file that could not be read and
	// were skipped (a malformed property, a stray line, an entry the file
	// ends inside), with the WarnSkipped… and WarnCutShort message IDs;
	// MoreWarnings counts those past the first thousand.
	Warnings     []Notice
	MoreWarnings int
}

// Tasks returns how many tasks the events hold.
func (p *Parsed) Tasks() int {
	n := 0
	for _, in := range p.Events {
		n += len(in.Tasks)
	}
	return n
}

// ImportOptions tune [Parse].
type ImportOptions struct {
	// Zone is the IANA name of the zone in which floating times and
	// all-day events are read, and shown when the file does not say
	// (usually the user's own zone). "" means UTC.
	Zone string
	// Limits; the zero value means [DefaultLimits].
	Limits Limits
	// Untitled is the title of events without one (no SUMMARY, as
	// Exchange and Outlook write them), in the user's language; ""
	// means [DefaultUntitled].
	Untitled string
}

// DefaultUntitled is the English title of events without one.
const DefaultUntitled = "(untitled event)"

// Years outside this range are refused as implausible.
const minYear, maxYear = 1900, 2200

// Parse reads an iCalendar file. It returns an error (wrapping
// [ErrTooLarge], [ErrNotCalendar] or [ErrMalformed]) when the file cannot
// be read at all; events and tasks that cannot be imported are listed in
// Parsed.Skipped with a reason.
func Parse(data []byte, opts ImportOptions) (*Parsed, error) {
	lim := opts.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	d, err := decode(data, lim)
	if err != nil {
		return nil, err
	}
	cals := d.cals
	c := &converter{out: &Parsed{Warnings: d.warnings, MoreWarnings: d.more}, untitled: opts.Untitled, zs: &zones{defs: map[string]*vtz{}, cache: map[string]*tzone{}}, byUID: map[string]*Incoming{}}
	c.local, c.localName = time.UTC, "UTC"
	if loc, ok := loadIANA(opts.Zone); ok && opts.Zone != "Local" {
		c.local, c.localName = loc, opts.Zone
	}
	for _, cal := range cals {
		for _, ch := range cal.Children {
			if ch.Name == ical.CompTimezone {
				if z, ok := readVTimezone(ch); ok && z.id != "" && c.zs.defs[z.id] == nil {
					c.zs.defs[z.id] = z
				}
			}
		}
	}
	var todos []*ical.Component
	type changed struct {
		v       *ical.Component
		calZone string
	}
	var occurrences []changed
	for _, cal := range cals {
		c.calZone = ""
		if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil {
			if name := strings.TrimSpace(unescapeText(p.Value)); name != "" {
				if _, ok := loadIANA(name); ok {
					c.calZone = name
				}
			}
		}
		for _, ch := range cal.Children {
			switch ch.Name {
			case ical.CompEvent:
				if ch.Props.Get(ical.PropRecurrenceID) != nil {
					occurrences = append(occurrences, changed{ch, c.calZone})
					continue
				}
				c.event(ch)
			case ical.CompToDo:
				todos = append(todos, ch)
			case ical.CompTimezone:
			default:
				c.out.Ignored++
			}
		}
	}
	// Changed occurrences after all events, so they may come before
	// their series.
	for _, o := range occurrences {
		c.calZone = o.calZone
		c.occurrence(o.v)
	}
	// Tasks after all events, so a VTODO may come before its VEVENT.
	for _, td := range todos {
		c.todo(td)
	}
	// A file is refused only when lines were skipped and no event can
	// be read at all.
	if len(c.out.Events) == 0 && d.first != nil {
		return nil, d.first
	}
	return c.out, nil
}

type converter struct {
	out       *Parsed
	untitled  string
	zs        *zones
	local     *time.Location
	localName string
	calZone   string
	byUID     map[string]*Incoming
	taskUIDs  map[string]bool
}

// text returns the decoded TEXT value of c's first property name.
func text(c *ical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return cleanText(unescapeText(p.Value))
	}
	return ""
}

// when is a time read from a property.
type when struct {
	t      time.Time
	allDay bool
	zone   string // IANA name to show the event in
	notice *Notice
}

// readTime reads a DATE or DATE-TIME property.
func (c *converter) readTime(p *ical.Prop) (when, *Notice) {
	v := strings.TrimSpace(p.Value)
	bad := notice(ReasonBadTime, "Value", clip(v, 40))
	if strings.ToUpper(p.Params.Get(ical.ParamValue)) == "DATE" || len(v) == 8 {
		d, err := time.Parse("20060102", v)
		if err != nil || d.Year() < minYear || d.Year() > maxYear {
			return when{}, &bad
		}
		return when{t: localInstant(d, c.local), allDay: true, zone: c.localName}, nil
	}
	utc := strings.HasSuffix(v, "Z") || strings.HasSuffix(v, "z")
	base := strings.TrimRight(v, "Zz")
	var wall time.Time
	var err error
	switch len(base) {
	case len("20060102T150405"):
		wall, err = time.Parse("20060102T150405", strings.ToUpper(base))
	case len("20060102T1504"):
		wall, err = time.Parse("20060102T1504", strings.ToUpper(base))
	default:
		err = errors.New("bad length")
	}
	if err != nil || wall.Year() < minYear || wall.Year() > maxYear {
		return when{}, &bad
	}
	clock := func(loc *time.Location) time.Time { return localInstant(wall, loc) }
	if utc {
		zone := c.calZone
		if zone == "" {
			zone = "UTC"
		}
		return when{t: wall, zone: zone}, nil
	}
	tzid := p.Params.Get(ical.ParamTimezoneID)
	if tzid == "" {
		return when{t: clock(c.local), zone: c.localName}, nil
	}
	z := c.zs.resolve(tzid)
	switch {
	case z == nil:
		n := notice(NoticeZoneUnknown, "Zone", clip(tzid, 60), "Local", c.localName)
		return when{t: clock(c.local), zone: c.localName, notice: &n}, nil
	case z.loc != nil:
		return when{t: clock(z.loc), zone: z.name}, nil
	default:
		t := z.vz.instant(wall)
		zone := "UTC"
		if _, off := t.In(c.local).Zone(); off == z.vz.offsetAt(wall) {
			zone = c.localName
		}
		n := notice(NoticeZoneOffsets, "Zone", clip(tzid, 60), "Shown", zone)
		return when{t: t, zone: zone, notice: &n}, nil
	}
}

// clip shortens a value from the file for a message.
func clip(s string, n int) string {
	s, cut := truncateRunes(oneLineText(s), n)
	if cut {
		s += "…"
	}
	return s
}

// addNotice adds n unless a notice with its ID is already there.
func (in *Incoming) addNotice(n Notice) {
	for _, m := range in.Notices {
		if m.ID == n.ID {
			return
		}
	}
	in.Notices = append(in.Notices, n)
}

func (c *converter) skip(kind Kind, title string, reason Notice) {
	title, _ = truncateRunes(oneLineText(title), event.MaxTitle)
	c.out.Skipped = append(c.out.Skipped, Skip{Kind: kind, Title: title, Reason: reason})
}

func (c *converter) event(v *ical.Component) {
	title := text(v, ical.PropSummary)
	uid := strings.TrimSpace(unescapeText(propValue(v, ical.PropUID)))
	if uid != "" && c.byUID[uid] != nil {
		c.skip(KindEvent, title, notice(ReasonTwiceInFile))
		return
	}
	in := c.read(v, title, uid, true)
	if in == nil {
		return
	}
	if uid != "" {
		c.byUID[uid] = in
	}
	c.out.Events = append(c.out.Events, in)
}

// occurrence reads a VEVENT with a RECURRENCE-ID: a changed occurrence
// of the series with its UID, or, when it is cancelled, an exception.
func (c *converter) occurrence(v *ical.Component) {
	title := text(v, ical.PropSummary)
	uid := strings.TrimSpace(unescapeText(propValue(v, ical.PropUID)))
	series := c.byUID[uid]
	if uid == "" || series == nil || !series.Event.Repeats() {
		c.skip(KindEvent, title, notice(ReasonNoSeries))
		return
	}
	orig, bad := c.readTime(v.Props.Get(ical.PropRecurrenceID))
	if bad != nil {
		c.skip(KindEvent, title, *bad)
		return
	}
	rp := series.Event.Repeat
	if readStatus(v) == event.StatusCancelled {
		if len(rp.Except) < event.MaxDates {
			rp.Except = append(rp.Except, orig.t)
		}
		return
	}
	for _, ch := range series.Changed {
		if ch.Event.RecurrenceID.Equal(orig.t) {
			c.skip(KindEvent, title, notice(ReasonTwiceInFile))
			return
		}
	}
	if len(series.Changed) >= event.MaxDates {
		c.skip(KindEvent, title, notice(ReasonInvalid))
		return
	}
	in := c.read(v, title, "", false)
	if in == nil {
		return
	}
	in.Event.RecurrenceID = orig.t.UTC().Truncate(time.Millisecond)
	series.Changed = append(series.Changed, in)
}

// read converts a VEVENT; it records why and returns nil when it cannot
// be imported. series says whether its RRULE, RDATE and EXDATE are read.
func (c *converter) read(v *ical.Component, title, uid string, series bool) *Incoming {
	in := &Incoming{UID: uid}
	if strings.TrimSpace(oneLineText(title)) == "" {
		// Exchange and Outlook write events without a title;
		// Thunderbird shows them as untitled. The user can edit it.
		title = c.untitled
		if strings.TrimSpace(title) == "" {
			title = DefaultUntitled
		}
		in.addNotice(notice(NoticeUntitled))
	}
	shortened := false
	short := func(s string, n int) string {
		s, cut := truncateRunes(s, n)
		shortened = shortened || cut
		return s
	}
	e := &in.Event
	e.Title = short(oneLineText(title), event.MaxTitle)
	e.Location = short(oneLineText(text(v, ical.PropLocation)), event.MaxLocation)
	e.Description = short(text(v, ical.PropDescription), event.MaxText)

	sp := v.Props.Get(ical.PropDateTimeStart)
	if sp == nil {
		c.skip(KindEvent, title, notice(ReasonNoStart))
		return nil
	}
	start, bad := c.readTime(sp)
	if bad != nil {
		c.skip(KindEvent, title, *bad)
		return nil
	}
	e.Start, e.TimeZone, in.AllDay = start.t, start.zone, start.allDay
	if z := strings.TrimSpace(propValue(v, zoneProp)); z != "" && sp.Params.Get(ical.ParamTimezoneID) == "" {
		if _, ok := loadIANA(z); ok {
			e.TimeZone = z
		}
	}
	if start.notice != nil {
		in.addNotice(*start.notice)
	}
	switch {
	case v.Props.Get(ical.PropDateTimeEnd) != nil:
		end, bad := c.readTime(v.Props.Get(ical.PropDateTimeEnd))
		if bad != nil {
			c.skip(KindEvent, title, *bad)
			return nil
		}
		e.End = end.t
		if start.allDay && !e.End.After(e.Start) {
			e.End = e.Start.AddDate(0, 0, 1)
		}
	case v.Props.Get(ical.PropDuration) != nil:
		d, err := v.Props.Get(ical.PropDuration).Duration()
		if err != nil || d < 0 || d > 10*366*24*time.Hour {
			c.skip(KindEvent, title, notice(ReasonBadTime, "Value", clip(propValue(v, ical.PropDuration), 40)))
			return nil
		}
		if start.allDay && d%(24*time.Hour) == 0 {
			e.End = e.Start.AddDate(0, 0, int(d/(24*time.Hour)))
		} else {
			e.End = e.Start.Add(d)
		}
	case start.allDay:
		e.End = e.Start.AddDate(0, 0, 1)
	}
	if !e.End.IsZero() && e.End.Before(e.Start) {
		c.skip(KindEvent, title, notice(ReasonEndBeforeStart))
		return nil
	}
	if in.AllDay {
		in.addNotice(notice(NoticeAllDay, "Zone", c.localName))
	}
	if series && !c.repeat(v, in) {
		return nil
	}
	e.Status = readStatus(v)
	e.Kind = readKind(v)
	e.UID, e.Online = KeptUID(uid), ReadOnline(v)
	if shortened {
		in.addNotice(notice(NoticeShortened))
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		c.skip(KindEvent, title, notice(ReasonInvalid))
		return nil
	}
	return in
}

// repeat reads RRULE, RDATE and EXDATE into in.Event.Repeat. A rule
// that cannot be kept (unsupported or absurd) leaves the first date only,
// with a notice; it returns false when that first date is itself an
// exception (the event does not happen then) and records why.
func (c *converter) repeat(v *ical.Component, in *Incoming) bool {
	e := &in.Event
	rp := v.Props.Get(ical.PropRecurrenceRule)
	if rp == nil {
		if v.Props.Get(ical.PropRecurrenceDates) != nil {
			in.addNotice(notice(NoticeRecurring, "Date", e.Start.In(e.Zone()).Format("2006-01-02")))
		}
		return true
	}
	dates := func(name string) (out []time.Time, dropped bool) {
		for _, p := range v.Props.Values(name) {
			if strings.EqualFold(p.Params.Get(ical.ParamValue), "PERIOD") {
				dropped = true
				continue
			}
			for _, val := range strings.Split(p.Value, ",") {
				q := ical.NewProp(name)
				q.Params, q.Value = p.Params, strings.TrimSpace(val)
				if w, bad := c.readTime(q); bad == nil && len(out) < event.MaxDates {
					out = append(out, w.t)
				} else {
					dropped = true
				}
			}
		}
		return out, dropped
	}
	except, _ := dates(ical.PropExceptionDates)
	extra, dropped := dates(ical.PropRecurrenceDates)
	if dropped {
		in.addNotice(notice(NoticeRDateDropped))
	}
	r, err := event.ParseRule(rp.Value)
	if err != nil {
		for _, x := range except {
			if x.Equal(e.Start) {
				c.skip(KindEvent, e.Title, notice(ReasonInvalid))
				return false
			}
		}
		in.addNotice(notice(NoticeRecurring, "Date", e.Start.In(e.Zone()).Format("2006-01-02")))
		return true
	}
	e.Repeat = &event.Repeat{Rule: r.String(), Except: except, Extra: extra}
	return true
}

// readStatus maps STATUS (and Safehouse's own X-SAFEHOUSE-STATUS).
func readStatus(v *ical.Component) event.Status {
	if s := event.Status(strings.ToLower(text(v, statusProp))); slices.Contains(event.Statuses, s) {
		return s
	}
	switch strings.ToUpper(text(v, ical.PropStatus)) {
	case string(ical.EventConfirmed):
		return event.StatusConfirmed
	case string(ical.EventCancelled):
		return event.StatusCancelled
	}
	return event.StatusPlanned
}

// readKind takes the first CATEGORIES value that names an event kind.
func readKind(v *ical.Component) event.Kind {
	for _, p := range v.Props.Values(ical.PropCategories) {
		for _, cat := range splitTextList(p.Value) {
			if k := event.Kind(strings.ToLower(strings.TrimSpace(cat))); slices.Contains(event.Kinds, k) {
				return k
			}
		}
	}
	return event.KindOther
}

func (c *converter) todo(v *ical.Component) {
	title := text(v, ical.PropSummary)
	var parent *Incoming
	for _, p := range v.Props.Values(ical.PropRelatedTo) {
		if rt := strings.ToUpper(p.Params.Get(ical.ParamRelationshipType)); rt != "" && rt != "PARENT" {
			continue
		}
		if in := c.byUID[strings.TrimSpace(unescapeText(p.Value))]; in != nil {
			parent = in
			break
		}
	}
	if v.Props.Get(ical.PropRecurrenceID) != nil {
		c.skip(KindTask, title, notice(ReasonOccurrence))
		return
	}
	if parent == nil {
		c.skip(KindTask, title, notice(ReasonNoEvent))
		return
	}
	uid := strings.TrimSpace(unescapeText(propValue(v, ical.PropUID)))
	if c.taskUIDs == nil {
		c.taskUIDs = map[string]bool{}
	}
	if uid != "" && c.taskUIDs[uid] {
		c.skip(KindTask, title, notice(ReasonTwiceInFile))
		return
	}
	if title == "" {
		c.skip(KindTask, title, notice(ReasonNoTitle))
		return
	}
	t := event.Task{Position: len(parent.Tasks)}
	var cut1, cut2 bool
	t.Title, cut1 = truncateRunes(oneLineText(title), event.MaxTitle)
	t.Notes, cut2 = truncateRunes(text(v, ical.PropDescription), event.MaxText)
	if p := v.Props.Get(ical.PropDue); p != nil {
		w, bad := c.readTime(p)
		if bad != nil {
			c.skip(KindTask, title, *bad)
			return
		}
		if w.allDay {
			t.Due = date.Of(w.t)
		} else {
			t.Due = date.Of(w.t.In(parent.Event.Zone()))
		}
	}
	if p := v.Props.Get(occurrenceProp); p != nil {
		if o, err := time.Parse("20060102T150405Z", strings.TrimSpace(p.Value)); err == nil && parent.Event.Repeats() {
			t.Occurrence = o
		}
	}
	pc, _ := strconv.Atoi(strings.TrimSpace(propValue(v, ical.PropPercentComplete)))
	t.Done = strings.EqualFold(text(v, ical.PropStatus), "COMPLETED") || v.Props.Get(ical.PropCompleted) != nil || pc == 100
	if cut1 || cut2 {
		parent.addNotice(notice(NoticeShortened))
	}
	if uid != "" {
		c.taskUIDs[uid] = true
	}
	parent.Tasks = append(parent.Tasks, t)
}
