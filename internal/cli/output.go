package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
)

// shortIDLen is how many characters of an ID lists show. Commands accept
// any unique prefix of at least store.MinPrefix characters.
const shortIDLen = 8

func shortID(id string) string {
	if len(id) > shortIDLen {
		return id[:shortIDLen]
	}
	return id
}

// cell makes a value safe for a column: one line, no control characters
// (a name from a hostile bundle must not move the cursor or clear the
// screen), tabs folded so the table stays aligned.
func cell(s string) string { return oneLine(s) }

// table writes aligned columns with a translated header row.
type table struct {
	tw *tabwriter.Writer
}

func (r *runner) table(headerIDs ...string) *table {
	t := &table{tw: tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)}
	h := make([]string, len(headerIDs))
	for i, id := range headerIDs {
		h[i] = r.tr.T(id, nil)
	}
	t.row(h...)
	return t
}

func (t *table) row(cols ...string) {
	for i, c := range cols {
		cols[i] = cell(c)
	}
	fmt.Fprintln(t.tw, strings.Join(cols, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// details writes "label  value" lines for one record, skipping empty
// values.
type details struct {
	r  *runner
	tw *tabwriter.Writer
}

func (r *runner) details() *details {
	return &details{r: r, tw: tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)}
}

func (d *details) field(labelID, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(d.tw, "%s:\t%s\n", d.r.tr.T(labelID, nil), cell(value))
}

func (d *details) flush() error { return d.tw.Flush() }

// printJSON writes v as indented JSON.
func (r *runner) printJSON(v any) error {
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// formatInstant shows an instant in UTC for humans.
func formatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// formatLocal shows an instant as wall-clock time in its zone.
func formatLocal(t time.Time, loc *time.Location, zone string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04") + " " + zone
}
