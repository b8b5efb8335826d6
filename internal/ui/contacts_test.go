package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/store"
)

// newTestContacts returns a contacts screen that searches synchronously.
func newTestContacts(t *testing.T, e *scrEnv) *contactsScreen {
	t.Helper()
	s := newContacts(e.Env)
	s.debounce.delay = 0
	s.async = func(f func()) { f() }
	e.show(t, s.Content(), 1280, 800)
	s.Shown(nil)
	return s
}

func sampleContacts() []*contact.Contact {
	return []*contact.Contact{
		{Name: "Amina K.", Kind: contact.KindPerson, Stage: contact.StageAdvocate, Country: "KE", Tags: []string{"press", "coalition"},
			Channels: []contact.Channel{{Type: contact.ChannelSignal, Value: "+254 700 000001"}}, FollowUp: date.MustParse("2026-12-03")},
		{Name: "Open Net", Kind: contact.KindOrganization, Stage: contact.StageMember, Country: "LB", Tags: []string{"coalition"}},
		{Name: "Bao Tran", Kind: contact.KindPerson, Stage: contact.StageSupporter, Country: "VN"},
	}
}

func itemNames(s *contactsScreen) []string {
	var out []string
	for _, it := range s.items {
		out = append(out, it.Name)
	}
	return out
}

func TestContactsEmptyStateTeaches(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	if s.emptyView.Visible() == false || s.list.Visible() {
		t.Fatal("empty vault does not show the empty state")
	}
}

func TestContactAddWithValidation(t *testing.T) {
	e := newScrEnv(t)
	s := newTestContacts(t, e)
	s.NewItem()
	f := s.form
	test.Tap(f.save)
	if got := f.errs["name"].Text(); got != "Please enter a name." {
		t.Fatalf("name error = %q", got)
	}
	if e.changed != 0 {
		t.Fatal("invalid form was saved")
	}
	test.Type(f.name, "Amina K.")
	test.Tap(f.addChannel)
	test.Tap(f.addChannel)
	test.Type(f.channels[0].value, "+254 700 000001")
	f.channels[1].typ.SetValue(string(contact.ChannelEmail)) // type chosen, value missing
	test.Type(f.followUp, "2026-13-40")
	test.Type(f.tags, "Press, coalition")
	test.Tap(f.save)
	if got := f.errs["follow_up"].Text(); got == "" {
		t.Fatal("bad follow-up date not reported")
	}
	if got := f.channels[1].err.Text(); got != e.T("validation.channel_value_required") {
		t.Fatalf("channel error = %q", got)
	}
	if f.errs["name"].Text() != "" {
		t.Fatal("name error not cleared")
	}
	test.Tap(f.channels[1].remove)
	f.followUp.SetText("2026-12-03")
	test.Tap(f.save)
	if e.changed != 1 {
		t.Fatalf("Changed called %d times, want 1", e.changed)
	}
	if got := itemNames(s); len(got) != 1 || got[0] != "Amina K." {
		t.Fatalf("list = %q", got)
	}
	if s.count.Text != "1 contact" {
		t.Fatalf("count = %q", s.count.Text)
	}
	c := s.detail.contact
	if len(c.Channels) != 1 || c.FollowUp.String() != "2026-12-03" || strings.Join(c.Tags, ",") != "coalition,press" {
		t.Fatalf("saved contact = %+v", c)
	}
}

func TestContactEdit(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.list.Select(0) // Amina K.
	test.Tap(s.detail.editButton)
	f := s.form
	if f.name.Text != "Amina K." || f.country.Value() != "KE" || f.country.Text() != "Kenya" {
		t.Fatalf("form not filled: %q %q %q", f.name.Text, f.country.Value(), f.country.Text())
	}
	f.name.SetText("Amina Kariuki")
	f.kind.SetValue(string(contact.KindOrganization))
	f.fillStages()
	if got := f.stage.Value(); got != string(contact.StageProspect) {
		t.Fatalf("stage after kind change = %q", got)
	}
	test.Tap(f.save)
	got, err := e.Session.Store().Contacts().Get(context.Background(), s.selected)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Amina Kariuki" || got.Kind != contact.KindOrganization || got.Version != 2 {
		t.Fatalf("updated = %+v", got)
	}
	if !strings.Contains(strings.Join(itemNames(s), "|"), "Amina Kariuki") {
		t.Fatalf("list = %q", itemNames(s))
	}
}

func TestContactSearchAsYouType(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	if len(s.items) != 3 || s.count.Text != "3 contacts" {
		t.Fatalf("before search: %q %q", itemNames(s), s.count.Text)
	}
	test.Type(s.search, "am")
	if got := itemNames(s); len(got) != 1 || got[0] != "Amina K." {
		t.Fatalf("search 'am' = %q", got)
	}
	test.Type(s.search, "x")
	if len(s.items) != 0 || !s.noMatch.Visible() {
		t.Fatalf("search 'amx' = %q", itemNames(s))
	}
	test.Tap(findButton(t, s.noMatch, e.T("contacts.clear_filters")))
	if len(s.items) != 3 || s.search.Text != "" {
		t.Fatalf("after clearing: %q", itemNames(s))
	}
}

func TestContactSearchDebounced(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.debounce.delay = time.Hour // never fires during the test
	test.Type(s.search, "bao")
	if len(s.items) != 3 {
		t.Fatal("search ran before the debounce delay")
	}
	s.debounce.Stop()
}

func TestContactFilters(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	if got := strings.Join(s.tag.Options, "|"); got != "All tags|coalition|press" {
		t.Fatalf("tag options = %q", got)
	}
	if got := strings.Join(s.country.Options, "|"); got != "All countries|Kenya|Lebanon|Vietnam" {
		t.Fatalf("country options = %q", got)
	}
	s.tag.SetSelected("coalition")
	if got := itemNames(s); len(got) != 2 {
		t.Fatalf("tag filter = %q", got)
	}
	s.kind.SetSelected("Person")
	if got := itemNames(s); len(got) != 1 || got[0] != "Amina K." {
		t.Fatalf("tag+kind filter = %q", got)
	}
	if got := strings.Join(s.stage.Options, "|"); got != "All stages|Contact|Supporter|Advocate" {
		t.Fatalf("stage options for people = %q", got)
	}
	s.tag.SetSelected("All tags")
	s.stage.SetSelected("Supporter")
	if got := itemNames(s); len(got) != 1 || got[0] != "Bao Tran" {
		t.Fatalf("stage filter = %q", got)
	}
	// Navigation from the dashboard sets the filters.
	s.Shown(store.ContactFilter{Kind: contact.KindOrganization, Stage: contact.StageMember})
	if got := itemNames(s); len(got) != 1 || got[0] != "Open Net" || s.kind.Value() != "organization" {
		t.Fatalf("navigated filter = %q", got)
	}
}

func TestContactDeleteConfirmation(t *testing.T) {
	e := newScrEnv(t)
	cs := e.addContacts(t, sampleContacts()...)
	ctx := context.Background()
	st := e.Session.Store()
	for i := range 2 {
		ev := &event.Event{Title: fmt.Sprintf("Meeting %d", i), Start: scrNow.Add(time.Duration(i+1) * 24 * time.Hour), TimeZone: "UTC"}
		if err := st.Events().Add(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if err := st.Participants().Set(ctx, event.Participant{EventID: ev.ID, ContactID: cs[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestContacts(t, e)
	s.list.Select(0)
	test.Tap(s.detail.deleteButton)
	want := "Delete the contact 'Amina K.' and remove them from 2 events?\nThis cannot be undone."
	if s.confirmText != want {
		t.Fatalf("confirmation = %q, want %q", s.confirmText, want)
	}
	if !strings.Contains(strings.Join(scrCanvasTexts(e), "\n"), "Delete the contact 'Amina K.' and remove them from 2 events?") {
		t.Fatal("confirmation text not on screen")
	}
	s.confirm.Confirm()
	if _, err := st.Contacts().Get(ctx, cs[0].ID); err == nil {
		t.Fatal("contact not deleted")
	}
	if len(s.items) != 2 || e.changed != 1 {
		t.Fatalf("after delete: %q, changed %d", itemNames(s), e.changed)
	}
	// Someone in no event: the plain question.
	s.list.Select(0)
	test.Tap(s.detail.deleteButton)
	if !strings.HasPrefix(s.confirmText, "Delete the contact '") || strings.Contains(s.confirmText, "event") {
		t.Fatalf("confirmation = %q", s.confirmText)
	}
	s.confirm.Hide()
}

func TestContactCopyChannel(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.list.Select(0)
	if len(s.detail.copyButtons) != 1 {
		t.Fatalf("%d copy buttons", len(s.detail.copyButtons))
	}
	test.Tap(s.detail.copyButtons[0])
	if got := e.app.Clipboard().Content(); got != "+254 700 000001" {
		t.Fatalf("clipboard = %q", got)
	}
	if !e.Clipboard.pending() {
		t.Fatal("copy not scheduled for clearing")
	}
}

func TestContactsNarrowShowsOnePane(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	e.Window.Resize(scrSize(800, 600))
	s.list.Select(0)
	if !s.panes.layout.narrow || s.panes.layout.list.Visible() || !s.panes.back.Visible() {
		t.Fatal("narrow window does not replace the list by the detail")
	}
	test.Tap(s.panes.back)
	if !s.panes.layout.list.Visible() {
		t.Fatal("Back does not return to the list")
	}
}

func TestContactsMarkup(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.list.Select(0)
	test.AssertRendersToMarkup(t, "screens_contacts.xml", e.Window.Canvas())
}

func TestContactsTeardown(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	s := newTestContacts(t, e)
	s.list.Select(0)
	s.Teardown()
	if len(s.items) != 0 || s.detail != nil || len(s.panes.pane.Objects) != 0 {
		t.Fatal("teardown kept data")
	}
	if strings.Contains(strings.Join(scrCanvasTexts(e), "|"), "Amina") {
		t.Fatal("teardown left a name on screen")
	}
}

var (
	benchOnce  sync.Once
	benchStore *app.Session
	benchErr   error
)

// BenchmarkContactSearchKeystroke measures one keystroke in the search
// field over 20,000 contacts: the FTS query plus the list refresh.
func BenchmarkContactSearchKeystroke(b *testing.B) {
	benchOnce.Do(func() {
		dir := b.TempDir() + "/v"
		benchStore, benchErr = app.Create(dir, []byte(scrPass))
		if benchErr == nil {
			benchErr = demo.Populate(context.Background(), benchStore.Store(), demo.ScaleLarge, 1)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	test.NewTempApp(b)
	tr, _ := i18n.New("en")
	env := &Env{Session: benchStore, Tr: tr, Now: func() time.Time { return scrNow },
		Changed: func() {}, ShowError: func(err error) { b.Fatal(err) }, Navigate: func(ScreenID, any) {}}
	s := newContacts(env)
	s.debounce.delay = 0
	s.async = func(f func()) { f() }
	w := test.NewTempWindow(b, s.Content())
	w.Resize(scrSize(1280, 800))
	s.Shown(nil)
	if len(s.items) != demo.ScaleLarge.Contacts {
		b.Fatalf("%d contacts listed", len(s.items))
	}
	words := []string{"a", "am", "ami", "amin", "amina", "amin", "ami", "am", "a", ""}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.search.SetText(words[i%len(words)])
	}
}
