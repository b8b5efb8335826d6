package ui

import (
	"slices"
	"strings"

	"github.com/safehouse-app/safehouse/internal/tutorial"
)

// seriesOrder is the order in which the Tutorials screen lists the
// built-in series; other series follow by id, then the tutorials that
// belong to none.
var seriesOrder = []string{"advocacy", "staying-safe"}

// tutorialRow is one row of the tutorial list: a series heading (item <
// 0) or a tutorial (an index into items and progress).
type tutorialRow struct {
	item int
	// series is the heading's series id ("" for the tutorials in no
	// series); count is the number of parts of the series.
	series string
	count  int
}

// seriesTitle is the translated name of a series. A series the app does
// not know (from an imported tutorial) is shown by its id.
func seriesTitle(env *Env, series string) string {
	if series == "" {
		return env.T("tutorials.series.other")
	}
	id := "tutorials.series." + strings.ReplaceAll(series, "-", "_")
	if env.Tr.Has(id) {
		return env.T(id)
	}
	return shown(series)
}

// seriesRank orders series ids: known series first, in seriesOrder, then
// others by id, then "" (no series).
func seriesRank(a, b string) int {
	rank := func(s string) int {
		if s == "" {
			return len(seriesOrder) + 1
		}
		if i := slices.Index(seriesOrder, s); i >= 0 {
			return i
		}
		return len(seriesOrder)
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

// sortBySeries orders tutorials (with their progress) by series, then by
// part; tutorials in no series keep their order, at the end.
func sortBySeries(ts []*tutorial.Tutorial, ps []tutorialProgress) {
	idx := make([]int, len(ts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := ts[i], ts[j]
		if c := seriesRank(a.Series, b.Series); c != 0 {
			return c
		}
		return a.Part - b.Part
	})
	ts2, ps2 := slices.Clone(ts), slices.Clone(ps)
	for k, i := range idx {
		ts[k], ps[k] = ts2[i], ps2[i]
	}
}

// seriesRows returns the list rows for items, which sortBySeries has
// ordered: a heading before each series when at least one tutorial is in
// a series (a list of the user's own tutorials alone has no headings).
// counts gives the number of parts of each series, whatever the search.
func seriesRows(items []*tutorial.Tutorial, counts map[string]int) []tutorialRow {
	headings := false
	for _, t := range items {
		if t.Series != "" {
			headings = true
			break
		}
	}
	var rows []tutorialRow
	for i, t := range items {
		if headings && (i == 0 || items[i-1].Series != t.Series) {
			rows = append(rows, tutorialRow{item: -1, series: t.Series, count: counts[t.Series]})
		}
		rows = append(rows, tutorialRow{item: i, series: t.Series, count: counts[t.Series]})
	}
	return rows
}

// partLine says where a tutorial sits in its series: "Part 1 of 7 — start
// here" on the first part, "Part 3 of 7" on the others, "" outside a
// series.
func partLine(env *Env, t *tutorial.Tutorial, count int) string {
	if t.Series == "" || t.Part < 1 {
		return ""
	}
	count = max(count, t.Part)
	if t.Part == 1 {
		return env.T("tutorials.list.part_first", "Part", t.Part, "Count", count)
	}
	return env.T("tutorials.list.part", "Part", t.Part, "Count", count)
}

// reviewedLine is "Last reviewed 7 December 2026" in the interface
// language, or "" when the tutorial has no valid reviewed date.
func reviewedLine(env *Env, t *tutorial.Tutorial) string {
	day, err := tutorial.ParseReviewed(t.Reviewed)
	if t.Reviewed == "" || err != nil {
		return ""
	}
	return env.T("tutorials.reviewed", "Date", env.Tr.Date(day))
}

// sectionChoices are the choices of the reader's level switch: "" shows both
// levels, else a section marker.
var sectionChoices = []string{"", tutorial.MarkerBeginner, tutorial.MarkerAdvanced}

// levelChoiceName is the label of a level switch choice.
func levelChoiceName(env *Env, marker string) string {
	if marker == "" {
		return env.T("tutorials.levels.both")
	}
	return env.T("tutorials.level." + marker)
}

// levelSectionLabel is the text added to the heading of a beginner or advanced
// section ("Lock your phone · Beginner").
func levelSectionLabel(env *Env) func(string) string {
	return func(marker string) string {
		switch marker {
		case tutorial.MarkerBeginner, tutorial.MarkerAdvanced:
			return env.T("tutorials.level." + marker)
		}
		return ""
	}
}
