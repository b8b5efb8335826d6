package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// Campaign dashboard aggregates. Every number is computed by one SQL query
// per group (see each type); nothing is cached. docs/dashboard.md explains
// each number for users.
//
// Time windows: "the last 30 days" is (now-30 days, now], "the previous 30
// days" is (now-60 days, now-30 days]. Calendar months and days are those of
// now's location. A record whose timestamp lies after now (a peer's clock
// ahead of ours, or a test clock) counts as made at now.
//
// The store keeps no history of stage changes: a contact's created
// timestamp is when it was added to this vault (or to the peer's vault it
// came from), not when it reached its current stage. Series and trends of
// contacts "at a stage" therefore count the contacts that are at that stage
// today, by when they were added.

// SwitchTutorialSlug is the slug of the built-in "Make the switch"
// tutorial, whose checklist progress objective 2 reports.
const SwitchTutorialSlug = "make-the-switch"

// SafetyTutorialSlug is the slug of the first built-in tutorial,
// "Advocating safely": the dashboard's "Get started" checklist asks new
// users to read it, and ticks that step once one of its checklist items
// is done.
const SafetyTutorialSlug = "advocating-safely"

// MediaTags are the contact tags that mark journalists and media contacts
// for objective 3.
var MediaTags = []string{"media", "press", "journalist"}

// DueSoonDays is the window of [TaskStats.DueSoon], in calendar days
// starting today.
const DueSoonDays = 14

// StatsMonths is the number of calendar months in each monthly series.
const StatsMonths = 12

// Trend compares the last 30 days with the 30 days before them.
type Trend struct {
	Last30, Prev30 int
}

// Stats is what the campaign dashboard shows.
type Stats struct {
	// Now is the reference time the stats were computed for.
	Now time.Time
	// Months are the starts of the 12 calendar months ending with the
	// month of Now (in Now's location), oldest first: the months of
	// [MovementStats.Cumulative].
	Months [StatsMonths]time.Time

	Movement   MovementStats   // objective 1
	Switch     SwitchStats     // objective 2
	Opinion    OpinionStats    // objective 3
	Members    MembersStats    // objective 4
	Supporters SupportersStats // objective 5
	Businesses BusinessStats   // objective 6
	Events     EventMonths
	Tutorials  TutorialStats
	Tasks      TaskStats
}

// MovementStats counts partners (objective 1): organizations at stage
// member and people at stage advocate.
type MovementStats struct {
	Partners      int // Organizations + Advocates
	Organizations int // organizations at stage member
	Advocates     int // people at stage advocate
	// Cumulative[i] is the number of today's partners added to the vault
	// before the end of month Stats.Months[i] (the last entry equals
	// Partners). It is "joined Safehouse" time, not the date the contact
	// reached the stage, which is not recorded.
	Cumulative [StatsMonths]int
	// Trend counts today's partners by when they were added.
	Trend Trend
}

// SwitchStats reports objective 2: "make the switch" workshops and the
// checklist of the "Make the switch" tutorial.
type SwitchStats struct {
	WorkshopsDone     int // workshop events with status done
	WorkshopsUpcoming int // workshops not ended, not done or cancelled
	// Trend counts done workshops by start time.
	Trend Trend
	// TutorialFound is false when the vault has no tutorial with slug
	// [SwitchTutorialSlug]; the checklist counts are then zero.
	TutorialFound                 bool
	ChecklistDone, ChecklistTotal int
}

// OpinionStats reports objective 3: press and public events, and contacts
// tagged as media.
type OpinionStats struct {
	EventsDone    int // press and public events with status done
	EventsPlanned int // press and public events not ended, not done or cancelled
	// Trend counts done press and public events by start time.
	Trend Trend
	// MediaContacts counts contacts with at least one of [MediaTags];
	// ByTag counts each tag on its own.
	MediaContacts int
	ByTag         map[string]int
}

// MembersStats reports objective 4: organizations and businesses by stage.
type MembersStats struct {
	Organizations map[contact.Stage]int
	Businesses    map[contact.Stage]int
	// Joined counts organizations at stage member and businesses at
	// stage committed or implemented.
	Joined int
	// Trend counts the Joined contacts by when they were added.
	Trend Trend
}

// CountryCount is the number of supporters and advocates in one country.
type CountryCount struct {
	Country               string // ISO 3166-1 alpha-2 code
	Supporters, Advocates int
}

// Total is Supporters + Advocates.
func (c CountryCount) Total() int { return c.Supporters + c.Advocates }

// TopCountries is the number of countries in [SupportersStats.Top].
const TopCountries = 10

// SupportersStats reports objective 5: people at stage supporter or
// advocate, by country.
type SupportersStats struct {
	Supporters, Advocates int
	// Top are the (up to) 10 countries with most supporters and
	// advocates together, most first, ties by country code.
	Top []CountryCount
	// Others counts supporters and advocates in the countries not in Top;
	// NoCountry those without a country. Top, Others and NoCountry add up
	// to Supporters + Advocates.
	Others, NoCountry int
	// Countries is the number of distinct countries.
	Countries int
	// Trend counts today's supporters and advocates by when they were added.
	Trend Trend
}

// BusinessStats reports objective 6: businesses by stage.
type BusinessStats struct {
	ByStage map[contact.Stage]int
	// Committed counts businesses at stage committed or implemented.
	Committed int
	// Trend counts the Committed businesses by when they were added.
	Trend Trend
}

// EventMonths counts events per calendar month of their start (in Now's
// location), from 6 months before the month of Now to 5 months after it.
type EventMonths struct {
	// Months are the starts of the 12 months, oldest first; Months[6] is
	// the month of Now.
	Months [StatsMonths]time.Time
	// Done counts events with status done; Planned those with status idea,
	// planned or confirmed (whether or not their date has passed).
	// Cancelled events are in neither.
	Done, Planned [StatsMonths]int
}

// CurrentMonth is the index of the month of Now in [EventMonths.Months].
const CurrentMonth = 6

// TutorialStats counts tutorials (one per slug, whatever the number of
// translations) by checklist progress. Tutorials without a checklist are
// in Total only.
type TutorialStats struct {
	Total      int
	Completed  int // every checklist item done
	InProgress int // some but not all items done
}

// TaskStats counts tasks not done.
type TaskStats struct {
	Open int
	// Overdue: due before today. DueSoon: due today or in the 13 days
	// after (14 calendar days). Both count only the tasks of events that
	// are still to come or under way (see [OpenEventSQL]): a task left
	// open in an event that is done, cancelled or over is not work to do.
	Overdue, DueSoon int
}

// OpenEventSQL is the SQL condition, on a row with an event_id column,
// that the event is still open at the instant given as its one argument
// (Unix ms): not done or cancelled, and not over (its end, or its start
// when it has no end, is not before now). It is the store's side of
// [event.Event.Closed]; only tasks of open events can be overdue or due
// soon.
//
// For a task of a repeating event it is the series that must be open (its
// last occurrence has not ended); for a task of one occurrence (column
// occurrence), that occurrence: its original start plus the event's
// length.
const OpenEventSQL = `coalesce((SELECT status NOT IN ('done', 'cancelled') AND CASE WHEN occurrence IS NULL
	THEN coalesce(series_end, end_at, start_at) ELSE occurrence + coalesce(end_at - start_at, 0) END >= ?
	FROM events WHERE id = event_id), 0)`

// monthStart returns the start of t's calendar month in t's location,
// moved by add months.
func monthStart(t time.Time, add int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(add), 1, 0, 0, 0, 0, t.Location())
}

// Stats computes the dashboard aggregates relative to now.
func (s *Store) Stats(ctx context.Context, now time.Time) (Stats, error) {
	st := Stats{Now: now}
	for i := range st.Months {
		st.Months[i] = monthStart(now, i-(StatsMonths-1))
	}
	for i := range st.Events.Months {
		st.Events.Months[i] = monthStart(now, i-CurrentMonth)
	}
	steps := []func(context.Context, *Stats) error{
		s.movementStats, s.switchStats, s.opinionStats, s.stageStats, s.supporterStats,
		s.eventMonthStats, s.tutorialStats, s.taskStats, s.seriesStats,
	}
	for _, f := range steps {
		if err := f(ctx, &st); err != nil {
			return Stats{}, fmt.Errorf("failed to compute dashboard: %w", err)
		}
	}
	return st, nil
}

// trendSQL returns two sum expressions counting the rows whose instant
// expression (Unix ms) lies in the last 30 days and the 30 days before,
// with their arguments.
func trendSQL(expr string, now time.Time) (string, []any) {
	d30 := 30 * 24 * time.Hour
	return fmt.Sprintf("coalesce(sum(%[1]s > ? AND %[1]s <= ?), 0), coalesce(sum(%[1]s > ? AND %[1]s <= ?), 0)", expr),
		[]any{ms(now.Add(-d30)), ms(now), ms(now.Add(-2 * d30)), ms(now.Add(-d30))}
}

// clampSQL is the SQL expression for the instant column, in Unix ms,
// with instants after now counted as now. now is an integer formatted
// here, never user text.
func clampSQL(col string, now time.Time) string { return fmt.Sprintf("min(%s, %d)", col, ms(now)) }

// movementStats: one query over the partners.
func (s *Store) movementStats(ctx context.Context, st *Stats) error {
	m := &st.Movement
	trend, args := trendSQL("t", st.Now)
	var sums []string
	for i := range StatsMonths {
		sums = append(sums, "coalesce(sum(t < ?), 0)")
		args = append(args, ms(monthStart(st.Months[i], 1)))
	}
	q := `SELECT count(*), coalesce(sum(kind = 'organization'), 0), coalesce(sum(kind = 'person'), 0), ` + trend + `, ` +
		strings.Join(sums, ", ") + `
		FROM (SELECT kind, ` + clampSQL("created", st.Now) + ` AS t FROM contacts
			WHERE (kind = 'organization' AND stage = 'member') OR (kind = 'person' AND stage = 'advocate'))`
	dest := []any{&m.Partners, &m.Organizations, &m.Advocates, &m.Trend.Last30, &m.Trend.Prev30}
	for i := range m.Cumulative {
		dest = append(dest, &m.Cumulative[i])
	}
	return s.db.QueryRowContext(ctx, q, args...).Scan(dest...)
}

// doneTrendSQL is [trendSQL] over the start of events with status done.
func doneTrendSQL(now time.Time) (string, []any) {
	return trendSQL("CASE WHEN status = 'done' THEN "+clampSQL("start_at", now)+" END", now)
}

// switchStats: one query over workshops; the tutorial checklist is read by
// tutorialStats's query.
func (s *Store) switchStats(ctx context.Context, st *Stats) error {
	sw := &st.Switch
	trend, targs := doneTrendSQL(st.Now)
	q := `SELECT coalesce(sum(status = 'done'), 0),
		coalesce(sum(status IN ('idea', 'planned', 'confirmed') AND coalesce(end_at, start_at) >= ?), 0), ` + trend + `
		FROM events WHERE kind = 'workshop' AND rrule = '' AND series_id IS NULL`
	return s.db.QueryRowContext(ctx, q, append([]any{ms(st.Now)}, targs...)...).
		Scan(&sw.WorkshopsDone, &sw.WorkshopsUpcoming, &sw.Trend.Last30, &sw.Trend.Prev30)
}

// opinionStats: one query over press and public events and media tags.
func (s *Store) opinionStats(ctx context.Context, st *Stats) error {
	o := &st.Opinion
	trend, targs := doneTrendSQL(st.Now)
	tags, _ := json.Marshal(MediaTags)
	q := `SELECT coalesce(sum(status = 'done'), 0),
		coalesce(sum(status IN ('idea', 'planned', 'confirmed') AND coalesce(end_at, start_at) >= ?), 0), ` + trend + `,
		(SELECT count(DISTINCT contact_id) FROM contact_tags WHERE tag IN (SELECT value FROM json_each(?))),
		(SELECT json_group_object(tag, n) FROM (SELECT tag, count(*) AS n FROM contact_tags
			WHERE tag IN (SELECT value FROM json_each(?)) GROUP BY tag))
		FROM events WHERE kind IN ('press', 'public') AND rrule = '' AND series_id IS NULL`
	args := append([]any{ms(st.Now)}, targs...)
	args = append(args, string(tags), string(tags))
	var byTag string
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&o.EventsDone, &o.EventsPlanned, &o.Trend.Last30, &o.Trend.Prev30,
		&o.MediaContacts, &byTag); err != nil {
		return err
	}
	o.ByTag = map[string]int{}
	for _, t := range MediaTags {
		o.ByTag[t] = 0
	}
	return json.Unmarshal([]byte(byTag), &o.ByTag)
}

// stageStats: one query for organizations and businesses by stage
// (objectives 4 and 6).
func (s *Store) stageStats(ctx context.Context, st *Stats) error {
	m, b := &st.Members, &st.Businesses
	m.Organizations, m.Businesses, b.ByStage = map[contact.Stage]int{}, map[contact.Stage]int{}, map[contact.Stage]int{}
	for _, stg := range contact.StagesFor(contact.KindOrganization) {
		m.Organizations[stg] = 0
	}
	for _, stg := range contact.StagesFor(contact.KindBusiness) {
		m.Businesses[stg] = 0
		b.ByStage[stg] = 0
	}
	trend, targs := trendSQL(clampSQL("created", st.Now), st.Now)
	rows, err := s.db.QueryContext(ctx, `SELECT kind, stage, count(*), `+trend+`
		FROM contacts WHERE kind IN ('organization', 'business') GROUP BY kind, stage`, targs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind contact.Kind
		var stage contact.Stage
		var n int
		var tr Trend
		if err := rows.Scan(&kind, &stage, &n, &tr.Last30, &tr.Prev30); err != nil {
			return err
		}
		joined := false
		switch kind {
		case contact.KindOrganization:
			m.Organizations[stage] = n
			joined = stage == contact.StageMember
		case contact.KindBusiness:
			m.Businesses[stage] = n
			b.ByStage[stage] = n
			if stage == contact.StageCommitted || stage == contact.StageImplemented {
				joined = true
				b.Committed += n
				b.Trend.Last30 += tr.Last30
				b.Trend.Prev30 += tr.Prev30
			}
		}
		if joined {
			m.Joined += n
			m.Trend.Last30 += tr.Last30
			m.Trend.Prev30 += tr.Prev30
		}
	}
	return rows.Err()
}

// supporterStats: one query for supporters and advocates by country. NOT
// INDEXED: grouping along the country index would look up every row
// separately, about ten times slower than one scan of the table.
func (s *Store) supporterStats(ctx context.Context, st *Stats) error {
	sp := &st.Supporters
	trend, targs := trendSQL(clampSQL("created", st.Now), st.Now)
	rows, err := s.db.QueryContext(ctx, `SELECT country, coalesce(sum(stage = 'supporter'), 0), coalesce(sum(stage = 'advocate'), 0), `+trend+`
		FROM contacts NOT INDEXED WHERE kind = 'person' AND stage IN ('supporter', 'advocate')
		GROUP BY country ORDER BY country = '', count(*) DESC, country`, targs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c CountryCount
		var tr Trend
		if err := rows.Scan(&c.Country, &c.Supporters, &c.Advocates, &tr.Last30, &tr.Prev30); err != nil {
			return err
		}
		sp.Supporters += c.Supporters
		sp.Advocates += c.Advocates
		sp.Trend.Last30 += tr.Last30
		sp.Trend.Prev30 += tr.Prev30
		switch {
		case c.Country == "":
			sp.NoCountry += c.Total()
		case len(sp.Top) < TopCountries:
			sp.Top = append(sp.Top, c)
			sp.Countries++
		default:
			sp.Others += c.Total()
			sp.Countries++
		}
	}
	return rows.Err()
}

// eventMonthStats: one query counting events per month and status.
func (s *Store) eventMonthStats(ctx context.Context, st *Stats) error {
	ev := &st.Events
	var sums []string
	var args []any
	for _, m := range ev.Months {
		end := monthStart(m, 1)
		sums = append(sums,
			"coalesce(sum(start_at >= ? AND start_at < ? AND status = 'done'), 0)",
			"coalesce(sum(start_at >= ? AND start_at < ? AND status IN ('idea', 'planned', 'confirmed')), 0)")
		args = append(args, ms(m), ms(end), ms(m), ms(end))
	}
	var dest []any
	for i := range ev.Months {
		dest = append(dest, &ev.Done[i], &ev.Planned[i])
	}
	return s.db.QueryRowContext(ctx, "SELECT "+strings.Join(sums, ", ")+
		" FROM events WHERE start_at >= ? AND start_at < ? AND rrule = '' AND series_id IS NULL",
		append(args, ms(ev.Months[0]), ms(monthStart(ev.Months[StatsMonths-1], 1)))...).Scan(dest...)
}

// tutorialStats: one query reads each tutorial's body and saved progress;
// the checklist items are found in Go (SQL cannot parse Markdown). Of the
// translations of a slug, the English one counts, else the first by
// language tag: the item IDs, and so the progress, are shared.
func (s *Store) tutorialStats(ctx context.Context, st *Stats) error {
	rows, err := s.db.QueryContext(ctx, `SELECT slug, body,
		(SELECT json_group_object(item_id, done) FROM tutorial_progress p WHERE p.slug = t.slug)
		FROM tutorials t ORDER BY slug, language <> 'en', language`)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := ""
	for rows.Next() {
		var slug, body, progress string
		if err := rows.Scan(&slug, &body, &progress); err != nil {
			return err
		}
		if slug == last {
			continue
		}
		last = slug
		saved := map[string]int{}
		if err := json.Unmarshal([]byte(progress), &saved); err != nil {
			return fmt.Errorf("tutorial %s progress: %w", slug, err)
		}
		done, total := ChecklistProgress(body, saved)
		st.Tutorials.Total++
		switch {
		case total > 0 && done == total:
			st.Tutorials.Completed++
		case done > 0:
			st.Tutorials.InProgress++
		}
		if slug == SwitchTutorialSlug {
			st.Switch.TutorialFound = true
			st.Switch.ChecklistDone, st.Switch.ChecklistTotal = done, total
		}
	}
	return rows.Err()
}

// ChecklistProgress counts the checklist items of a tutorial body and how
// many are done: an item's saved state (non-zero is done) wins over the
// state written in the Markdown ("- [x]"), as in the tutorial reader.
func ChecklistProgress(body string, saved map[string]int) (done, total int) {
	for _, it := range tutorial.ChecklistItems(body) {
		total++
		d, ok := saved[it.ID]
		if ok && d != 0 || !ok && it.Checked {
			done++
		}
	}
	return done, total
}

// taskStats: one query over the tasks not done.
func (s *Store) taskStats(ctx context.Context, st *Stats) error {
	today := date.Of(st.Now)
	return s.db.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(live AND due <> '' AND due < ?), 0),
		coalesce(sum(live AND due <> '' AND due >= ? AND due < ?), 0)
		FROM (SELECT due, `+OpenEventSQL+` AS live FROM tasks WHERE done = 0)`,
		today.String(), today.String(), today.AddDays(DueSoonDays).String(), ms(st.Now)).
		Scan(&st.Tasks.Open, &st.Tasks.Overdue, &st.Tasks.DueSoon)
}

// Held reports whether an occurrence counts as held at now: its event is
// done, or it is over and its event is planned or confirmed (a
// repeating event is not marked done one date at a time). Events that
// do not repeat count as held only when marked done.
func Held(o event.Occurrence, now time.Time) bool {
	switch o.Event.Status {
	case event.StatusDone:
		return true
	case event.StatusPlanned, event.StatusConfirmed:
		return o.SeriesID != "" && o.Closed(now)
	}
	return false
}

// seriesStats adds the occurrences of repeating events to the event
// counts of the other steps (whose queries leave series out): per month,
// done and upcoming workshops and press or public events, and their
// trends. Upcoming occurrences are counted up to [OccurrenceHorizon]
// ahead; occurrences before the charted months count at most
// [event.MaxOccurrences] per series.
func (s *Store) seriesStats(ctx context.Context, st *Stats) error {
	series, overrides, err := s.Events().Series(ctx)
	if err != nil {
		return err
	}
	now := st.Now
	from := st.Events.Months[0]
	if t := now.Add(-60 * 24 * time.Hour); t.Before(from) {
		from = t
	}
	to := now.Add(OccurrenceHorizon)
	if t := monthStart(st.Events.Months[StatsMonths-1], 1); t.After(to) {
		to = t
	}
	d30 := 30 * 24 * time.Hour
	for _, e := range series {
		count := func(o event.Occurrence, recent bool) {
			held := Held(o, now)
			planned := !held && slices.Contains([]event.Status{event.StatusIdea, event.StatusPlanned, event.StatusConfirmed}, o.Event.Status)
			upcoming := planned && !o.Closed(now)
			var done *int
			var up *int
			var tr *Trend
			switch o.Event.Kind {
			case event.KindWorkshop:
				done, up, tr = &st.Switch.WorkshopsDone, &st.Switch.WorkshopsUpcoming, &st.Switch.Trend
			case event.KindPress, event.KindPublic:
				done, up, tr = &st.Opinion.EventsDone, &st.Opinion.EventsPlanned, &st.Opinion.Trend
			}
			if done != nil && held {
				*done++
			}
			if up != nil && upcoming && o.Start.Before(now.Add(OccurrenceHorizon)) {
				*up++
			}
			if !recent {
				return
			}
			if tr != nil && held {
				t := o.Start
				if t.After(now) {
					t = now
				}
				switch {
				case t.After(now.Add(-d30)):
					tr.Last30++
				case t.After(now.Add(-2 * d30)):
					tr.Prev30++
				}
			}
			for i, m := range st.Events.Months {
				if !o.Start.Before(m) && o.Start.Before(monthStart(m, 1)) {
					switch {
					case held:
						st.Events.Done[i]++
					case planned:
						st.Events.Planned[i]++
					}
				}
			}
		}
		if e.Start.Before(from) {
			for _, o := range e.Occurrences(e.Start, from, 0, overrides[e.ID]) {
				if o.Start.Before(from) {
					count(o, false)
				}
			}
		}
		for _, o := range e.Occurrences(from, to, 0, overrides[e.ID]) {
			if !o.Start.Before(from) {
				count(o, true)
			}
		}
	}
	return nil
}
