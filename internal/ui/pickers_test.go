package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/zones"
)

// inLanguage switches the screen tests' interface language.
func inLanguage(t *testing.T, e *scrEnv, lang string) {
	t.Helper()
	tr, err := i18n.New(lang)
	if tr == nil {
		t.Fatal(err)
	}
	e.Tr = tr
}

// press sends a key to whatever has the focus in the test window.
func press(t *testing.T, e *scrEnv, name fyne.KeyName) {
	t.Helper()
	f := e.Window.Canvas().Focused()
	if f == nil {
		t.Fatalf("nothing focused for %s", name)
	}
	f.TypedKey(&fyne.KeyEvent{Name: name})
}

func itemLabels(items []pickItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.label)
	}
	return out
}

func TestFilterItems(t *testing.T) {
	all := []pickItem{
		newPickItem("ZA", "South Africa", "", "ZA"),
		newPickItem("CF", "Central African Republic", "", "CF"),
		newPickItem("AF", "Afghanistan", "", "AF"),
		newPickItem("SA", "المملكة العربية السعودية", "", "SA", "Saudi Arabia"),
	}
	tests := map[string][]string{
		"":         {"South Africa", "Central African Republic", "Afghanistan", "المملكة العربية السعودية"},
		"af":       {"Afghanistan", "South Africa", "Central African Republic"}, // start, then word start (keeping order)
		"frica":    {"South Africa", "Central African Republic"},
		"AFRICA":   {"South Africa", "Central African Republic"},
		"السعوديه": {"المملكة العربية السعودية"}, // teh marbuta folded
		"saudi":    {"المملكة العربية السعودية"},
		"xyz":      nil,
	}
	for q, want := range tests {
		if got := itemLabels(filterItems(all, q)); !slices.Equal(got, want) {
			t.Errorf("filter %q = %q, want %q", q, got, want)
		}
	}
}

// The country field: mouse and keyboard, Escape, Enter, and the value is
// the code while the field shows the name in the interface language.
func TestCountryFieldPicksByName(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "es")
	f := newCountryField(e.Env)
	changes, edits := 0, 0
	f.OnChanged = func(string) { changes++ }
	f.setOnEdit(func() { edits++ })
	e.show(t, container.NewVBox(f), 800, 600)
	if f.Value() != "" || f.Text() != "Elige un país" {
		t.Fatalf("empty field shows %q (%q)", f.Text(), f.Value())
	}

	// Keyboard: focus, Down opens, typing filters with folding, Enter picks.
	e.Window.Canvas().Focus(f)
	press(t, e, fyne.KeyDown)
	if f.popUp == nil || !f.popUp.Visible() || e.Window.Canvas().Focused() != f.picker.search {
		t.Fatal("Down did not open the list with the search focused")
	}
	if got := f.picker.items[0].label; got != "Sin país" {
		t.Fatalf("first choice %q, want the empty one", got)
	}
	test.Type(f.picker.search, "kenia")
	if got := itemLabels(f.picker.items); !slices.Equal(got, []string{"Kenia"}) {
		t.Fatalf("kenia lists %q", got)
	}
	press(t, e, fyne.KeyReturn)
	if f.Value() != "KE" || f.Text() != "Kenia" || changes != 1 || edits != 1 {
		t.Fatalf("picked %q %q, %d changes, %d edits", f.Value(), f.Text(), changes, edits)
	}
	if f.popUp != nil || e.Window.Canvas().Focused() != f {
		t.Fatal("the list did not close and give the focus back")
	}

	// English names match too; arrows move the highlight.
	press(t, e, fyne.KeyEnter)
	test.Type(f.picker.search, "united")
	if len(f.picker.items) < 2 || f.picker.cursor != 0 {
		t.Fatalf("united: %q, cursor %d", itemLabels(f.picker.items), f.picker.cursor)
	}
	press(t, e, fyne.KeyDown)
	press(t, e, fyne.KeyDown)
	press(t, e, fyne.KeyUp)
	second := f.picker.items[1]
	if f.picker.cursor != 1 {
		t.Fatalf("cursor %d after Down Down Up", f.picker.cursor)
	}
	// Escape closes without changing anything.
	press(t, e, fyne.KeyEscape)
	if f.Value() != "KE" || f.popUp != nil || changes != 1 {
		t.Fatalf("Escape changed the value to %q", f.Value())
	}

	// Mouse: a tap opens, a tap on a row picks it.
	test.Tap(f)
	test.Type(f.picker.search, "united")
	f.picker.list.Select(1)
	if f.Value() != second.value || changes != 2 {
		t.Fatalf("tap picked %q, want %q", f.Value(), second.value)
	}

	// Typing a letter on the closed field opens it searching for it.
	e.Window.Canvas().Focus(f)
	f.TypedRune('z')
	if f.picker == nil || f.picker.search.Text != "z" {
		t.Fatal("a letter did not open the list")
	}
	test.Type(f.picker.search, "zzq")
	if len(f.picker.items) != 0 || !f.picker.empty.Visible() || !strings.Contains(f.picker.empty.Text, "zzzq") {
		t.Fatalf("no-match text %q", f.picker.empty.Text)
	}
	press(t, e, fyne.KeyReturn) // nothing to pick
	if f.popUp == nil {
		t.Fatal("Enter with nothing to pick closed the list")
	}
	press(t, e, fyne.KeyEscape)

	// Space opens (as a character); the empty choice clears the country.
	e.Window.Canvas().Focus(f)
	f.TypedRune(' ')
	if f.picker == nil || f.picker.search.Text != "" {
		t.Fatal("Space did not open the list empty")
	}
	f.picker.highlight(0)
	press(t, e, fyne.KeyReturn)
	if f.Value() != "" || f.Text() != "Elige un país" {
		t.Fatalf("clearing left %q", f.Value())
	}
}

func TestLanguagesFieldChips(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "fr")
	m := newLanguagesField(e.Env)
	edits := 0
	m.setOnEdit(func() { edits++ })
	m.SetValues([]string{"sw", "sw", "", "pt-BR"})
	e.show(t, container.NewVBox(m), 800, 600)
	if got := m.Values(); !slices.Equal(got, []string{"sw", "pt-BR"}) {
		t.Fatalf("values %q", got)
	}
	texts := strings.Join(scrCanvasTexts(e), "|")
	if !strings.Contains(texts, "Swahili") || !strings.Contains(texts, "Portugais brésilien") {
		t.Fatalf("chips do not show names: %s", texts)
	}

	// Add one by keyboard: its name in French, or in English.
	e.Window.Canvas().Focus(m.add)
	press(t, e, fyne.KeyReturn)
	test.Type(m.add.picker.search, "japonais")
	press(t, e, fyne.KeyReturn)
	e.Window.Canvas().Focus(m.add)
	press(t, e, fyne.KeyReturn)
	test.Type(m.add.picker.search, "arabic")
	press(t, e, fyne.KeyReturn)
	if got := m.Values(); !slices.Equal(got, []string{"sw", "pt-BR", "ja", "ar"}) || edits != 2 {
		t.Fatalf("values %q, %d edits", got, edits)
	}
	// Chosen languages are not offered again.
	test.Tap(m.add)
	test.Type(m.add.picker.search, "swahili")
	if len(m.add.picker.items) != 0 {
		t.Fatalf("swahili offered again: %q", itemLabels(m.add.picker.items))
	}
	// A tag Safehouse does not list but can name is offered as typed.
	m.add.picker.search.SetText("fr-ca")
	if len(m.add.picker.items) == 0 || m.add.picker.items[0].value != "fr-CA" || m.add.picker.items[0].label != "Français canadien" {
		t.Fatalf("fr-ca offers %+v", m.add.picker.items)
	}
	press(t, e, fyne.KeyEscape)
	if len(m.Values()) != 4 {
		t.Fatal("Escape added a language")
	}
	// Remove buttons remove their own chip.
	test.Tap(m.removes[1]) // pt-BR
	if got := m.Values(); !slices.Equal(got, []string{"sw", "ja", "ar"}) || edits != 3 {
		t.Fatalf("after remove %q", got)
	}
}

func TestZoneFieldInWords(t *testing.T) {
	e := newScrEnv(t)
	f := newZoneField(e.Env)
	f.SetValue("Africa/Nairobi")
	e.show(t, container.NewVBox(f), 800, 600)
	if f.Text() != "Nairobi · Kenya · UTC+03:00" {
		t.Fatalf("Nairobi shows %q", f.Text())
	}
	test.Tap(f)
	l := f.picker
	// The computer's zone comes first, marked, then UTC.
	local := zones.Local()
	if l.items[0].value != local || !strings.Contains(l.items[0].label, "(this computer)") {
		t.Fatalf("first zone %+v, want %s", l.items[0], local)
	}
	if local != zones.UTC && l.items[1].value != zones.UTC {
		t.Fatalf("second zone %+v", l.items[1])
	}
	// The current choice is highlighted when the list opens.
	if it, _ := l.selected(); it.value != "Africa/Nairobi" {
		t.Fatalf("highlighted %q", it.value)
	}
	for q, want := range map[string]string{
		"kenya": "Africa/Nairobi", "buenos": "America/Argentina/Buenos_Aires", "Asia/Tehran": "Asia/Tehran", "iran": "Asia/Tehran",
	} {
		l.search.SetText(q)
		if len(l.items) == 0 || l.items[0].value != want {
			t.Errorf("%q finds %q first, want %s", q, itemLabels(l.items), want)
		}
	}
	l.search.SetText("utc+05:30")
	if !slices.ContainsFunc(l.items, func(it pickItem) bool { return it.value == "Asia/Kolkata" }) {
		t.Error("the offset does not find Kolkata")
	}
	l.search.SetText("iran")
	press(t, e, fyne.KeyReturn)
	if f.Value() != "Asia/Tehran" {
		t.Fatalf("value %q, want the IANA ID", f.Value())
	}

	// In Spanish the country is in Spanish, and searched in Spanish.
	inLanguage(t, e, "es")
	es := newZoneField(e.Env)
	es.SetValue("Africa/Nairobi")
	e.show(t, container.NewVBox(es), 800, 600)
	if es.Text() != "Nairobi · Kenia · UTC+03:00" {
		t.Fatalf("Spanish Nairobi %q", es.Text())
	}
	test.Tap(es)
	es.picker.search.SetText("kenia")
	if es.picker.items[0].value != "Africa/Nairobi" {
		t.Fatalf("kenia finds %q", itemLabels(es.picker.items))
	}
	// A valid zone outside the table still shows in words.
	if got := zoneLabel(e.Env, "Asia/Calcutta", scrNow); got != "Calcutta · UTC+05:30" {
		t.Errorf("link label %q", got)
	}
	if got := zoneLabel(e.Env, "Mars/Olympus", scrNow); got != "Mars/Olympus" {
		t.Errorf("unknown zone label %q", got)
	}
}

func TestDateEntryCalendar(t *testing.T) {
	e := newScrEnv(t) // today is Thursday 1 October 2026
	d := newDateEntry(e.Env, "YYYY-MM-DD")
	edits := 0
	d.setOnEdit(func() { edits++ })
	e.show(t, container.NewVBox(d), 800, 600)

	test.Tap(d.open)
	c := d.calendar
	if c == nil || !d.popUp.Visible() || e.Window.Canvas().Focused() != c {
		t.Fatal("the calendar did not open with the focus")
	}
	if _, days, lead, _ := c.grid.layoutInfo(); c.title.Text != "October 2026" || days != 31 || lead != 4 || c.cursor != date.New(2026, 10, 1) {
		t.Fatalf("calendar shows %q, %d days after %d empty cells, cursor %v", c.title.Text, days, lead, c.cursor)
	}
	// English weeks start on Sunday; 1 October 2026 is a Thursday, after
	// four empty cells.
	texts := scrCanvasTexts(e)
	if i := slices.Index(texts, "SUN"); i < 0 && slices.Index(texts, "Sun") < 0 {
		t.Fatalf("no Sunday heading in %q", texts)
	}
	press(t, e, fyne.KeyRight)    // 2 Oct
	press(t, e, fyne.KeyDown)     // 9 Oct
	press(t, e, fyne.KeyPageDown) // 9 Nov
	press(t, e, fyne.KeyLeft)     // 8 Nov
	if c.cursor != date.New(2026, 11, 8) || c.title.Text != "November 2026" {
		t.Fatalf("cursor %v, title %q", c.cursor, c.title.Text)
	}
	press(t, e, fyne.KeyEnd)
	press(t, e, fyne.KeyUp) // 23 Nov
	press(t, e, fyne.KeyReturn)
	if d.Text != "2026-11-23" || d.popUp != nil || e.Window.Canvas().Focused() != d || edits != 1 {
		t.Fatalf("picked %q (%d edits)", d.Text, edits)
	}

	// Down in the field opens it on the field's date; Escape changes nothing.
	press(t, e, fyne.KeyDown)
	if d.calendar == nil || d.calendar.cursor != date.New(2026, 11, 23) || d.calendar.selected != date.New(2026, 11, 23) {
		t.Fatal("the calendar did not open on the field's date")
	}
	press(t, e, fyne.KeyPageUp)
	press(t, e, fyne.KeyEscape)
	if d.Text != "2026-11-23" || d.popUp != nil {
		t.Fatalf("Escape changed the date to %q", d.Text)
	}
	// Mouse: a day button; Today; No date.
	test.Tap(d.open)
	test.TapAt(d.calendar.grid, d.calendar.grid.dayPos(15))
	if d.Text != "2026-11-15" {
		t.Fatalf("tapped day gives %q", d.Text)
	}
	test.Tap(d.open)
	test.TapAt(d.calendar.grid, fyne.NewPos(2, 2))          // a weekday heading
	test.TapAt(d.calendar.grid, d.calendar.grid.dayPos(31)) // the empty cell after 30 November
	if d.Text != "2026-11-15" || d.calendar == nil {
		t.Fatal("a tap outside the days picked something")
	}
	press(t, e, fyne.KeyEscape)
	test.Tap(d.open)
	test.Tap(d.calendar.next)
	test.Tap(d.calendar.todayButton)
	if d.Text != "2026-10-01" {
		t.Fatalf("Today gives %q", d.Text)
	}
	test.Tap(d.open)
	test.Tap(d.calendar.clear)
	if d.Text != "" {
		t.Fatalf("No date leaves %q", d.Text)
	}
	// 31 January + 1 month is the last day of February.
	c = newCalendarPicker(e.Env, date.New(2027, 1, 31), date.New(2027, 1, 1))
	c.moveMonths(1)
	if c.cursor != date.New(2027, 2, 28) {
		t.Fatalf("31 Jan + 1 month = %v", c.cursor)
	}

	// Dates typed another way are written as ISO dates on leaving the field.
	for typed, want := range map[string]string{"2027/1/5": "2027-01-05", "۲۰۲۷-۱۰-۲۱": "2027-10-21", "2027.12.31": "2027-12-31", "5/1/2027": "5/1/2027", "2027-02-30": "2027-02-30"} {
		d.SetText(typed)
		d.FocusLost()
		if d.Text != want {
			t.Errorf("%q became %q, want %q", typed, d.Text, want)
		}
	}
}

// In Arabic the week starts on Saturday, names come from the translation,
// and Left moves forward in time (the layout is mirrored).
func TestCalendarRightToLeft(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "ar")
	c := newCalendarPicker(e.Env, date.Date{}, date.New(2026, 10, 1))
	if weekStart("ar") != time.Saturday || weekStart("fa") != time.Saturday || weekStart("ru") != time.Monday || weekStart("en") != time.Sunday {
		t.Fatal("wrong week starts")
	}
	heads := test.WidgetRenderer(c.grid).(*dayGridRenderer).heads
	if heads[0].Text != e.T("fyne.saturday_short") {
		t.Fatalf("first column %q, want Saturday", heads[0].Text)
	}
	if c.title.Text != "أكتوبر ٢٠٢٦" { // the digits of the app's Arabic dates
		t.Fatalf("title %q", c.title.Text)
	}
	// Shown in a right-to-left interface, the week runs right to left.
	e.show(t, rtlContent(e.Tr, c), 400, 400)
	sat, fri := heads[0], heads[6]
	if sat.Position().X <= fri.Position().X {
		t.Fatalf("Saturday at x=%v, Friday at x=%v: not mirrored", sat.Position().X, fri.Position().X)
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if c.cursor != date.New(2026, 10, 2) {
		t.Fatalf("Left moved to %v", c.cursor)
	}
	if c.title.Text == "أكتوبر ٢٠٢٦" {
		t.Fatal("the title was not put in visual order")
	}
	inLanguage(t, e, "fa")
	if got := newCalendarPicker(e.Env, date.Date{}, date.New(2026, 10, 1)).title.Text; got != "مهر ۱۴۰۵" { // Solar Hijri: 9 Mehr 1405
		t.Fatalf("Persian title %q", got)
	}
	inLanguage(t, e, "zh-Hans")
	if got := newCalendarPicker(e.Env, date.Date{}, date.New(2026, 10, 1)).title.Text; got != "2026年10月" {
		t.Fatalf("Chinese title %q", got)
	}
}

func TestTimeEntryNormalizes(t *testing.T) {
	e := newScrEnv(t)
	te := newTimeEntry("HH:MM")
	e.show(t, container.NewVBox(te), 800, 600)
	for typed, want := range map[string]string{"2:30 pm": "14:30", "1430": "14:30", "9": "09:00", "۱۴:۳۰": "14:30", "25:00": "25:00", "": ""} {
		te.SetText(typed)
		te.FocusLost()
		if te.Text != want {
			t.Errorf("%q shows %q, want %q", typed, te.Text, want)
		}
	}
	te.SetText("9.15")
	e.Window.Canvas().Focus(te)
	press(t, e, fyne.KeyReturn)
	if te.Text != "09:15" {
		t.Fatalf("Enter left %q", te.Text)
	}
}

// The contact form stores codes while showing names, and the list,
// detail and country filter show names.
func TestContactFormStoresCodes(t *testing.T) {
	e := newScrEnv(t)
	inLanguage(t, e, "es")
	s := newTestContacts(t, e)
	s.NewItem()
	f := s.form
	test.Type(f.name, "Wanjiru")
	test.Tap(f.country)
	test.Type(f.country.picker.search, "kenia")
	press(t, e, fyne.KeyReturn)
	test.Tap(f.languages.add)
	test.Type(f.languages.add.picker.search, "suaj")
	press(t, e, fyne.KeyReturn)
	test.Tap(f.languages.add)
	test.Type(f.languages.add.picker.search, "english")
	press(t, e, fyne.KeyReturn)
	test.Tap(f.followUp.open)
	press(t, e, fyne.KeyRight)
	press(t, e, fyne.KeyReturn)
	test.Tap(f.save)
	got, err := e.Session.Store().Contacts().List(context.Background(), store.ContactFilter{})
	if err != nil || len(got) != 1 {
		t.Fatalf("contacts %v %v", got, err)
	}
	c := got[0]
	if c.Country != "KE" || !slices.Equal(c.Languages, []string{"sw", "en"}) || c.FollowUp != date.New(2026, 10, 2) {
		t.Fatalf("stored %q %q %v", c.Country, c.Languages, c.FollowUp)
	}
	texts := strings.Join(scrCanvasTexts(e), "\n")
	for _, want := range []string{"Persona · Contacto · Kenia", "Suajili, Inglés"} {
		if !strings.Contains(texts, want) {
			t.Errorf("detail lacks %q:\n%s", want, texts)
		}
	}
	if s.country.Options[1] != "Kenia" || s.country.Value() != "" {
		t.Fatalf("country filter %q", s.country.Options)
	}

	// Editing shows the names and keeps the codes.
	test.Tap(s.detail.editButton)
	if s.form.country.Text() != "Kenia" || !slices.Equal(s.form.languages.Values(), []string{"sw", "en"}) {
		t.Fatal("form not filled with the stored codes")
	}
}

// Searching a country's name, in the interface language or English,
// finds the contacts living there.
func TestContactSearchMatchesCountryNames(t *testing.T) {
	e := newScrEnv(t)
	e.addContacts(t, sampleContacts()...)
	e.addContacts(t, &contact.Contact{Name: "Kenyatta Ltd", Kind: contact.KindBusiness, Country: "TZ"})
	s := newTestContacts(t, e)
	test.Type(s.search, "Kenya")
	if got := itemNames(s); !slices.Equal(got, []string{"Kenyatta Ltd", "Amina K."}) {
		t.Fatalf("Kenya finds %q (the name match first, then the country)", got)
	}
	inLanguage(t, e, "es")
	s.search.SetText("Kenia")
	if got := itemNames(s); !slices.Equal(got, []string{"Amina K."}) {
		t.Fatalf("Kenia finds %q", got)
	}
	s.search.SetText("Líbano")
	if got := itemNames(s); !slices.Equal(got, []string{"Open Net"}) {
		t.Fatalf("Líbano finds %q", got)
	}
}

// The contact picker shows each contact's organization and country,
// sorts by name, searches country names and works from the keyboard.
func TestContactPickerSecondLineAndKeys(t *testing.T) {
	e := newScrEnv(t)
	cs := e.addContacts(t, sampleContacts()...)
	e.addContacts(t,
		&contact.Contact{Name: "Amina K.", Kind: contact.KindPerson, Organization: "Digital Rights Lebanon", Country: "LB"},
		&contact.Contact{Name: "Émile", Kind: contact.KindPerson})
	ev := sampleEvent(t, e)
	s := newTestEvents(t, e)
	s.list.Select(0)
	test.Tap(s.detail.addPerson)
	p := s.picker
	if got := itemLabels(p.items); !slices.Equal(got, []string{"Amina K.", "Amina K.", "Bao Tran", "Émile", "Open Net"}) {
		t.Fatalf("picker order %q (É sorts with E)", got)
	}
	var details []string
	for _, it := range p.items[:2] {
		details = append(details, it.detail)
	}
	if !slices.Contains(details, "Kenya") || !slices.Contains(details, "Digital Rights Lebanon · Lebanon") {
		t.Fatalf("namesakes' second lines %q", details)
	}
	test.Type(p.search, "lebanon")
	if got := itemLabels(p.items); !slices.Equal(got, []string{"Amina K.", "Open Net"}) {
		t.Fatalf("lebanon finds %q", got)
	}
	press(t, e, fyne.KeyDown)
	press(t, e, fyne.KeyReturn) // Open Net
	parts, _ := e.Session.Store().Participants().ListForEvent(context.Background(), ev.ID)
	if len(parts) != 1 || parts[0].ContactID != cs[1].ID || s.picker != nil {
		t.Fatalf("participants %+v", parts)
	}
	// Escape cancels.
	test.Tap(s.detail.addPerson)
	press(t, e, fyne.KeyEscape)
	parts, _ = e.Session.Store().Participants().ListForEvent(context.Background(), ev.ID)
	if len(parts) != 1 || s.picker != nil {
		t.Fatal("Escape added someone")
	}
}

// The event form stores the IANA zone and normalized times, defaults to
// the computer's zone, and reads dates from the calendar.
func TestEventFormZoneTimeAndCalendar(t *testing.T) {
	e := newScrEnv(t)
	s := newTestEvents(t, e)
	s.NewItem()
	f := s.form
	if f.zone.Value() != zones.Local() {
		t.Fatalf("new event zone %q, want the computer's %q", f.zone.Value(), zones.Local())
	}
	test.Type(f.title, "Panel")
	test.Tap(f.zone)
	test.Type(f.zone.picker.search, "nairobi")
	press(t, e, fyne.KeyReturn)
	test.Tap(f.startDate.open)
	press(t, e, fyne.KeyPageDown) // a new event starts tomorrow, 2 October: 2 November
	press(t, e, fyne.KeyReturn)
	f.startTime.SetText("2:30 pm")
	f.endDate.SetText("2026/11/2")
	f.endTime.SetText("1600")
	test.Tap(f.save)
	if s.form != nil {
		t.Fatalf("not saved: %v", f.errs["start"].Text()+f.errs["end"].Text()+f.errs["time_zone"].Text())
	}
	got := s.detail.event
	nairobi, _ := time.LoadLocation("Africa/Nairobi")
	if got.TimeZone != "Africa/Nairobi" || !got.Start.Equal(time.Date(2026, 11, 2, 14, 30, 0, 0, nairobi)) ||
		!got.End.Equal(time.Date(2026, 11, 2, 16, 0, 0, 0, nairobi)) {
		t.Fatalf("saved %s %v %v", got.TimeZone, got.Start, got.End)
	}
	// An invalid time is still reported.
	test.Tap(s.detail.editButton)
	s.form.startTime.SetText("25:99")
	test.Tap(s.form.save)
	if s.form == nil || s.form.errs["start"].Text() != e.T("validation.date_invalid") {
		t.Fatal("a bad time was accepted")
	}
}

// The events screen has a search field (Ctrl+F focuses it); an empty
// result offers the other list.
func TestEventsSearch(t *testing.T) {
	e := newScrEnv(t)
	sampleEvent(t, e) // upcoming "Crypto party"
	ctx := context.Background()
	past := &event.Event{Title: "Réunion à Nairobi", Start: scrNow.Add(-72 * time.Hour), TimeZone: "UTC"}
	if err := e.Session.Store().Events().Add(ctx, past); err != nil {
		t.Fatal(err)
	}
	s := newTestEvents(t, e)
	s.debounce.delay = 0
	s.FocusSearch()
	if e.Window.Canvas().Focused() != s.search {
		t.Fatal("FocusSearch did not focus the search field")
	}
	test.Type(s.search, "crypto")
	if len(s.items) != 1 || s.items[0].Event.Title != "Crypto party" {
		t.Fatalf("crypto finds %d", len(s.items))
	}
	s.search.SetText("reunion")
	if len(s.items) != 0 || !s.noMatch.Visible() || s.noMatchOther.Text != "Search past events" {
		t.Fatal("no-match state not shown")
	}
	if !strings.Contains(s.noMatchText.Text, "reunion") {
		t.Fatalf("no-match text %q", s.noMatchText.Text)
	}
	test.Tap(s.noMatchOther)
	if !s.past || len(s.items) != 1 || s.items[0].Event.ID != past.ID {
		t.Fatal("the past list was not searched")
	}
	test.Tap(s.noMatchClear) // nothing typed: the whole past list
	if s.search.Text != "" || len(s.items) != 1 {
		t.Fatal("Clear search did not clear")
	}
}

func TestShorten(t *testing.T) {
	for in, want := range map[string]string{
		"Kenya": "Kenya", "Democratic Republic of the Congo": "Democratic Republ…", "": "", "جمهورية الكونغو الديمقراطية": "جمهورية الكونغو ا…",
		"Bosnia & Herzegovina": "Bosnia & Herzegov…",
	} {
		if got := shorten(in, 18); got != want {
			t.Errorf("shorten(%q) = %q, want %q", in, got, want)
		}
	}
}

// Choosing in a picker is an edit: the form says it is unsaved, going
// back to the loaded choice is not an edit, and a lock keeps the
// choices (as codes) in the draft.
func TestPickerChoicesAreEditsAndKeptInDrafts(t *testing.T) {
	s, _, _ := unlocked(t)
	c := contactsOf(t, s)
	selectContact(t, c, canary)
	test.Tap(c.detail.editButton)
	f := c.form
	test.Tap(f.country)
	test.Type(f.country.picker.search, "kenya")
	f.country.picker.pick()
	if !f.dirty() || headerText(s) != s.tr.T("save.form_unsaved") {
		t.Fatal("choosing a country did not make the form unsaved")
	}
	test.Tap(f.country)
	f.country.picker.highlight(0) // "No country", as loaded
	f.country.picker.pick()
	if f.dirty() {
		t.Fatal("choosing the loaded country again is an edit")
	}
	test.Tap(f.country)
	test.Type(f.country.picker.search, "kenya")
	f.country.picker.pick()
	test.Tap(f.languages.add)
	test.Type(f.languages.add.picker.search, "swahili")
	f.languages.add.picker.pick()
	test.Tap(f.followUp.open)
	f.followUp.calendar.pick(date.New(2027, 1, 5))
	relock(t, s, s.lock)

	c = s.main.screens[ScreenContacts].(*contactsScreen)
	f = c.form
	if f == nil || f.country.Value() != "KE" || !slices.Equal(f.languages.Values(), []string{"sw"}) || f.followUp.Text != "2027-01-05" {
		t.Fatal("the picked values were not restored from the draft")
	}
	test.Tap(f.save)
	ctx := context.Background()
	sums, _ := s.session.Store().Contacts().ListSummaries(ctx, store.ContactFilter{Search: canary})
	got, err := s.session.Store().Contacts().Get(ctx, sums[0].ID)
	if err != nil || got.Country != "KE" || !slices.Equal(got.Languages, []string{"sw"}) || got.FollowUp != date.New(2027, 1, 5) {
		t.Fatalf("saved %+v %v", got, err)
	}

	// The event form's zone and times too.
	s.main.navigate(ScreenEvents, nil)
	ev := s.main.screens[ScreenEvents].(*eventsScreen)
	ev.NewItem()
	test.Type(ev.form.title, "Panel")
	test.Tap(ev.form.zone)
	test.Type(ev.form.zone.picker.search, "tehran")
	ev.form.zone.picker.pick()
	ev.form.startTime.SetText("2pm")
	relock(t, s, s.lock)
	ev = s.main.screens[ScreenEvents].(*eventsScreen)
	if ev.form == nil || ev.form.zone.Value() != "Asia/Tehran" || ev.form.startTime.Text != "2pm" {
		t.Fatal("the event draft lost the zone or the time")
	}
}
