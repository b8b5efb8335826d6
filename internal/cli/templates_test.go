package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/vault"
)

func TestTemplateListAndEventAdd(t *testing.T) {
	t.Parallel()
	c := newVault(t)

	out := c.ok("template", "list")
	for _, want := range []string{"global-encryption-day", "built-in", "Press/media moment", "SOURCE"} {
		if !strings.Contains(out, want) {
			t.Errorf("template list lacks %q:\n%s", want, out)
		}
	}
	var views []templateJSON
	if err := json.Unmarshal([]byte(c.ok("template", "list", "--json")), &views); err != nil {
		t.Fatal(err)
	}
	builtins, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	g := slices.IndexFunc(views, func(v templateJSON) bool { return v.ID == "global-encryption-day" })
	if len(views) != len(builtins) || g < 0 || views[g].Date == nil || *views[g].Date != "10-21" ||
		views[g].Source != "builtin" || views[g].Tasks != 23 || views[0].Date != nil {
		t.Fatalf("views = %+v", views)
	}

	// The clock says 2027-09-01: Global Encryption Day is next 21 October.
	id := strings.TrimSpace(c.ok("event", "add", "--template", "global-encryption-day", "--tz", "Australia/Sydney"))
	show := c.ok("event", "show", id, "--json")
	var ev struct {
		Title    string `json:"title"`
		TimeZone string `json:"time_zone"`
		Start    string `json:"start"`
		Tasks    []struct {
			Title string  `json:"title"`
			Due   *string `json:"due"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(show), &ev); err != nil {
		t.Fatal(err)
	}
	// 17:00 in Sydney (UTC+11 in October) is 06:00 UTC.
	if ev.Title != "Global Encryption Day event" || ev.TimeZone != "Australia/Sydney" || ev.Start != "2027-10-21T06:00:00Z" || len(ev.Tasks) != 23 {
		t.Fatalf("event = %+v", ev)
	}
	if *ev.Tasks[0].Due != "2027-08-12" {
		t.Errorf("first task due %s", *ev.Tasks[0].Due)
	}
	// A year alone picks 21 October of that year.
	id = strings.TrimSpace(c.ok("event", "add", "--template", "global-encryption-day", "--date", "2029", "--tz", "UTC"))
	if !strings.Contains(c.ok("event", "show", id), "2029-10-21 17:00 UTC") {
		t.Error("--date 2029 not on 21 October 2029")
	}
	id = strings.TrimSpace(c.ok("event", "add", "--template", "meeting-a-policymaker", "--date", "2027-11-03", "--tz", "Europe/Berlin"))
	if !strings.Contains(c.ok("event", "show", id), "2027-11-03 11:00 Europe/Berlin") {
		t.Error("policymaker meeting not at 11:00")
	}

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"event", "add", "--template", "nope", "--date", "2027-10-21"}, 1, "no template 'nope'"},
		{[]string{"event", "add", "--template", "press-moment"}, 2, "needs --date"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027"}, 2, "invalid date '2027'"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "21.10.2027"}, 2, "invalid date"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027-10-21", "--tz", "Mars/Base"}, 2, "unknown time zone"},
		{[]string{"event", "add", "--template", "press-moment", "--date", "2027-10-21", "--title", "X"}, 2, "cannot be combined with --title"},
		{[]string{"event", "add", "--title", "X", "--start", "2027-10-21T10:00", "--date", "2027-10-21"}, 2, "only used with --template"},
		{[]string{"template", "list", "extra"}, 2, ""},
	} {
		r := c.run(bad.args...)
		if r.code != bad.code || !strings.Contains(r.stderr, bad.msg) {
			t.Errorf("%q: exit %d stderr %q; want %d and %q", bad.args, r.code, r.stderr, bad.code, bad.msg)
		}
	}
	if !strings.Contains(c.ok("check"), "events     3") {
		t.Error("failed commands changed the vault")
	}
}

func TestTemplateRm(t *testing.T) {
	t.Parallel()
	c := newVault(t)
	// A template saved in the vault, the way the app saves one.
	s, err := app.Unlock(c.dir, []byte(testPass), vault.Current)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := campaign.Builtin("en")
	if err != nil {
		t.Fatal(err)
	}
	tp := *campaign.Find(builtin, "press-moment")
	tp.ID, tp.Title = "our-press-day", "Our press day"
	rec, err := campaign.NewRecord(&tp)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Store().Templates().Add(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if !strings.Contains(c.ok("template", "list"), "Our press day") {
		t.Fatal("saved template not listed")
	}
	// Built-in templates cannot be removed, unknown ones are reported,
	// and neither changes anything.
	c.fail(1, "built-in template", "template", "rm", "press-moment")
	c.fail(1, "no template 'zzzzzz'", "template", "rm", "zzzzzz")
	c.fail(2, "", "template", "rm")
	if out := c.ok("template", "rm", rec.ID[:8]); !strings.Contains(out, "Our press day") {
		t.Errorf("rm printed %q", out)
	}
	if strings.Contains(c.ok("template", "list"), "Our press day") {
		t.Error("the saved template is still listed")
	}
	if !strings.Contains(c.ok("template", "list"), "Press/media moment") {
		t.Error("a built-in template disappeared")
	}
}
