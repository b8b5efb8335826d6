package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

func TestCreateEventFromTemplate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	builtin, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	ged := campaign.Find(builtin, "global-encryption-day")
	day := ged.SuggestDate(date.MustParse("2027-03-01"))
	id, err := createEventFromTemplate(ctx, st, ged, day, "America/Sao_Paulo", "en", "")
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.Events().Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != ged.Title || e.TimeZone != "America/Sao_Paulo" || e.Start.In(e.Zone()).Format("2006-01-02 15:04") != "2027-10-21 17:00" {
		t.Errorf("event %q %s %s", e.Title, e.TimeZone, e.Start)
	}
	if len(e.Objectives) != len(ged.Objectives) || !strings.Contains(e.Safety.Threats, "- [ ] ") {
		t.Errorf("objectives %v safety %q", e.Objectives, e.Safety.Threats)
	}
	tasks, err := st.Tasks().ListForEvent(ctx, id)
	if err != nil || len(tasks) != len(ged.Tasks) {
		t.Fatalf("%d tasks, %v", len(tasks), err)
	}
	if tasks[0].Due != day.AddDays(*ged.Tasks[0].Offset) || tasks[0].Position != 0 {
		t.Errorf("first task %+v", tasks[0])
	}

	// Save it back as a template, then create from the saved one.
	rec, err := saveEventAsTemplate(ctx, st, id, "  Our encryption day  ")
	if err != nil {
		t.Fatal(err)
	}
	choices, skipped, err := templateChoices(ctx, st, "en")
	if err != nil || skipped != 0 || len(choices) != len(builtin)+1 {
		t.Fatalf("%d choices, %d skipped, %v", len(choices), skipped, err)
	}
	saved := choices[len(choices)-1]
	if saved.Builtin() || saved.RecordID != rec.ID || saved.Template.Title != "Our encryption day" || len(saved.Template.Tasks) != len(tasks) {
		t.Fatalf("saved choice %+v", saved)
	}
	id2, err := createEventFromTemplate(ctx, st, saved.Template, date.MustParse("2028-10-21"), "Europe/Berlin", "en", "")
	if err != nil {
		t.Fatal(err)
	}
	tasks2, _ := st.Tasks().ListForEvent(ctx, id2)
	for i := range tasks2 {
		if tasks2[i].Title != tasks[i].Title || tasks2[i].Due.AddDays(-366) != tasks[i].Due && tasks2[i].Due.AddDays(-365) != tasks[i].Due {
			t.Errorf("task %d: %s %s vs %s %s", i, tasks2[i].Title, tasks2[i].Due, tasks[i].Title, tasks[i].Due)
		}
	}
}

// A failure half-way leaves nothing behind.
func TestCreateEventFromTemplateIsAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 1
	// Tasks are valid for the campaign limits but not for the store:
	// a title made only of spaces is refused after trimming.
	tp := &campaign.Template{ID: "x", Version: 1, Title: "X", Kind: event.KindOther,
		Tasks: []campaign.TaskSpec{{Title: "ok", Offset: &n}, {Title: " \t "}}}
	before := st.Changes()
	if _, err := createEventFromTemplate(ctx, st, tp, date.MustParse("2027-10-21"), "UTC", "en", ""); err == nil {
		t.Fatal("no error")
	}
	c, _ := st.Counts(ctx)
	if c.Events != 0 || c.Tasks != 0 || st.Changes() != before {
		t.Fatalf("counts after failure: %+v", c)
	}
	if _, err := createEventFromTemplate(ctx, st, tp, date.MustParse("2027-10-21"), "Local", "en", ""); err == nil {
		t.Fatal("zone Local accepted")
	}
	if _, err := saveEventAsTemplate(ctx, st, "missing", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing event: %v", err)
	}
}

// TestTemplateEventInUsersLanguage: an event planned from a template in
// Persian lists its suggested tutorials under the Persian heading, with
// the tutorials' Persian titles and no English, and saving it as a
// template again finds the list.
func TestTemplateEventInUsersLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	syncBuiltins(st)
	builtin, err := campaign.Builtin("fa")
	if err != nil {
		t.Fatal(err)
	}
	var tp *campaign.Template
	for _, c := range builtin {
		if len(c.Tutorials) > 0 {
			tp = c
			break
		}
	}
	if tp == nil {
		t.Fatal("no Persian template suggests tutorials")
	}
	const heading = "آموزش\u200cهای پیشنهادی:"
	id, err := createEventFromTemplate(ctx, st, tp, date.MustParse("2027-10-21"), "Asia/Tehran", "fa", heading)
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.Events().Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Description, campaign.TutorialsHeading) || !strings.Contains(e.Description, heading) {
		t.Fatalf("description:\n%s", e.Description)
	}
	for _, slug := range tp.Tutorials {
		tut, err := st.Tutorials().GetBySlug(ctx, slug, "fa")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(e.Description, "- "+tut.Title+" ("+slug+")") {
			t.Errorf("%s is not listed by its Persian title %q:\n%s", slug, tut.Title, e.Description)
		}
		if strings.Contains(e.Description, campaign.TutorialName(slug)+" (") {
			t.Errorf("%s listed by its English name", slug)
		}
	}
	rec, err := saveEventAsTemplate(ctx, st, id, "")
	if err != nil {
		t.Fatal(err)
	}
	saved, err := rec.Template()
	if err != nil {
		t.Fatal(err)
	}
	if got := saved.Tutorials; strings.Join(got, ",") != strings.Join(tp.Tutorials, ",") {
		t.Fatalf("saved template suggests %v, want %v", got, tp.Tutorials)
	}
	if strings.Contains(saved.Description, heading) {
		t.Fatalf("the list stayed in the saved description:\n%s", saved.Description)
	}
}
