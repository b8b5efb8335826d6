// Package demo fills a store with fictional sample data for demos, tests
// and benchmarks. All people, organizations, addresses and numbers are
// invented: e-mail addresses use the reserved example.org/example.net
// domains and phone numbers the fictional 555-01xx range.
package demo

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/store"
)

// Scale is the size of a generated data set.
type Scale struct {
	Contacts      int
	Events        int
	TasksPerEvent int
}

// Predefined scales.
var (
	// ScaleSmall is a handful of records, for quick tests and screenshots.
	ScaleSmall = Scale{Contacts: 40, Events: 6, TasksPerEvent: 5}
	// ScaleTypical is the size of an active group's database.
	ScaleTypical = Scale{Contacts: 2000, Events: 200, TasksPerEvent: 10}
	// ScaleLarge is the load target of the threat model (test 13).
	ScaleLarge = Scale{Contacts: 20000, Events: 2000, TasksPerEvent: 10}
)

// batch is the number of records inserted per transaction.
const batch = 5000

// Populate adds fictional contacts, events with safety plans, participants
// and tasks to s. The content is deterministic for a seed; record IDs and
// timestamps are not (the store assigns them). Events cluster around
// Global Encryption Day (21 October), the coming one and the one before,
// and one in eight (the first one always) is in the next three weeks;
// follow-ups run from two weeks ago to about two months ahead. Events before now are done or cancelled; later ones
// are being planned. When scale has events, [TemplateEvents] more are planned
// from the built-in campaign templates (see [campaign.Builtin]).
func Populate(ctx context.Context, s *store.Store, scale Scale, seed int64) error {
	return PopulateAt(ctx, s, scale, seed, time.Now())
}

// PopulateAt is [Populate] with an explicit current time, so the generated
// data (event statuses) is fully deterministic for tests.
func PopulateAt(ctx context.Context, s *store.Store, scale Scale, seed int64, now time.Time) error {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x5afe_4005e)), now: now}
	// Join dates come from their own generator so the rest of the data
	// does not depend on them.
	joined := rand.New(rand.NewPCG(uint64(seed), 0x701_ed))
	ids := make([]string, 0, scale.Contacts)
	for start := 0; start < scale.Contacts; start += batch {
		n := min(batch, scale.Contacts-start)
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for range n {
				c := g.contact()
				// Spread the contacts over the last year, more of
				// them recently, as a growing group's would be, so
				// the dashboard's trends and charts have a story.
				c.ID = uuid.NewString()
				c.Created = now.Add(-time.Duration(365*24*(1-math.Sqrt(joined.Float64()))) * time.Hour)
				c.Updated, c.Version = c.Created, 1
				if err := tx.Contacts().Put(ctx, c); err != nil {
					return fmt.Errorf("demo contact %q: %w", c.Name, err)
				}
				ids = append(ids, c.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	perTx := max(1, batch/(1+scale.TasksPerEvent))
	for start := 0; start < scale.Events; start += perTx {
		n := min(perTx, scale.Events-start)
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for range n {
				if err := g.event(ctx, tx, ids, scale.TasksPerEvent); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if scale.Events > 0 {
		err := s.InTx(ctx, func(tx *store.Tx) error { return g.templateEvents(ctx, tx, ids) })
		if err != nil {
			return err
		}
	}
	if err := tickTutorials(ctx, s, "en", demoProgress); err != nil {
		return err
	}
	return s.Optimize(ctx)
}

// demoProgress is how far the demo has got in each built-in tutorial.
var demoProgress = map[string]float64{"advocating-safely": 0.6, "make-the-switch": 0.3, "building-a-movement": 1}

// tickTutorials marks the first share[slug] of each built-in tutorial's
// checklist items (as read in lang) done, when the vault has them, so
// the data shows progress.
func tickTutorials(ctx context.Context, s *store.Store, lang string, share map[string]float64) error {
	list, err := s.Tutorials().List(ctx, lang)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *store.Tx) error {
		for _, t := range list {
			items := tutorial.ChecklistItems(t.Body)
			for _, it := range items[:int(float64(len(items))*share[t.Slug])] {
				if err := tx.Tutorials().SetItemDone(ctx, t.Slug, it.ID, true); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// templateEvents are the events [PopulateAt] plans from built-in
// templates, relative to the next Global Encryption Day.
var templateEvents = []struct {
	id, zone, location string
	days               int // from Global Encryption Day
}{
	{"global-encryption-day", "Europe/Berlin", "Community Library, Berlin", 0},
	{"make-the-switch-workshop", "Africa/Nairobi", "Makerspace, Nairobi", -10},
	{"meeting-a-policymaker", "America/Sao_Paulo", "", 14},
}

// TemplateEvents is the number of events planned from templates.
var TemplateEvents = len(templateEvents)

// templateEvents plans the template events the way the app does (see
// app.Session.CreateEventFromTemplate), then makes them look worked on: tasks
// due before now are mostly done, some have someone assigned. Everything
// depends only on now and the contact IDs, not on the random generator,
// so adding these events leaves the rest of the demo data unchanged.
func (g *gen) templateEvents(ctx context.Context, tx *store.Tx, contactIDs []string) error {
	builtin, err := campaign.Builtin("en")
	if err != nil {
		return err
	}
	ged := g.nextGED()
	today := date.Of(g.now)
	for n, te := range templateEvents {
		t := campaign.Find(builtin, te.id)
		if t == nil {
			return fmt.Errorf("demo: no built-in template %q", te.id)
		}
		e, tasks, err := campaign.Instantiate(t, ged.AddDays(te.days), te.zone)
		if err != nil {
			return fmt.Errorf("demo template %q: %w", te.id, err)
		}
		e.Location = te.location
		e.Status = event.StatusConfirmed
		if err := tx.Events().Add(ctx, e); err != nil {
			return fmt.Errorf("demo event %q: %w", e.Title, err)
		}
		for i, task := range tasks {
			task.EventID = e.ID
			task.Done = !task.Due.IsZero() && task.Due.Before(today) && i%4 != 3
			if len(contactIDs) > 0 && i%3 == 0 {
				task.AssigneeID = contactIDs[(n*31+i*7)%len(contactIDs)]
			}
			if err := tx.Tasks().Add(ctx, task); err != nil {
				return fmt.Errorf("demo task %q: %w", task.Title, err)
			}
		}
		for i := range min(3, len(contactIDs)) {
			p := event.Participant{EventID: e.ID, ContactID: contactIDs[(n*17+i*11)%len(contactIDs)],
				Role: []string{"organizer", "steward", "speaker"}[i]}
			if err := tx.Participants().Set(ctx, p); err != nil {
				return fmt.Errorf("demo participant: %w", err)
			}
		}
	}
	return nil
}

// nextGED is the next Global Encryption Day (21 October), today included.
func (g *gen) nextGED() date.Date {
	ged := date.New(g.now.Year(), time.October, 21)
	if ged.Before(date.Of(g.now)) {
		ged = date.New(g.now.Year()+1, time.October, 21)
	}
	return ged
}

type gen struct {
	r *rand.Rand
	n int
	// events counts the events made so far.
	events int
	now    time.Time
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

var (
	givenNames = []string{
		"Amara", "Tomasz", "Leilani", "Ngozi", "Mateo", "Yuki", "Farah", "Siddharth", "Ingrid", "Kwame",
		"Lucía", "Oksana", "Tariq", "Mei", "Rafael", "Aigerim", "Björn", "Zanele", "Hana", "Diego",
		"Esra", "Kofi", "Anjali", "Noa", "Emeka", "Ioana", "Thiago", "Parisa", "Jonas", "Wanjiru",
		"Marisol", "Dmitri", "Aroha", "Samira", "Pedro", "Linh", "Fatou", "Mikael", "Soraya", "Kenji",
		"Ayesha", "Gabriel", "Nadia", "Olu", "Rosa", "Tenzin", "Valentina", "Yusuf", "Zhenya", "Chiara",
	}
	familyNames = []string{
		"Okonkwo-Brandt", "Vasquez Ilunga", "Marchetti", "Nakamura-Sol", "Haddad", "Lindqvist", "Adeyemi",
		"Kowalczyk", "Mbeki-Rowe", "Castellanos", "Petrovna", "Ramaswamy", "Fairweather", "Oyelaran",
		"Takahashi", "Benali", "Kaur-Whitfield", "Novak", "Achterberg", "Quispe", "Delacroix", "Mensah",
		"Szabo", "Torvalla", "Abara", "Halvorsen", "Nguyen-Ortiz", "Ferreira", "Yilmazer", "Dlamini",
		"Moreau-Ansah", "Rahimi", "Esposito", "Kalnins", "Obi", "Santoro", "Weatherby", "Zielinski",
	}
	pseudonyms = []string{
		"Nightjar", "Kestrel", "Lantern", "Moth", "Quill", "Saffron", "Tidewater", "Juniper", "Cinder",
		"Wren", "Atlas", "Marigold", "Sparrow", "Halcyon", "Basalt", "Ember", "Fennel", "Gossamer",
	}
	orgWords1 = []string{"Open", "Free", "Digital", "Civic", "Secure", "Quiet", "Bright", "Common", "Northern", "Coastal", "Riverside", "Highland"}
	orgWords2 = []string{"Circuits", "Voices", "Rights", "Press", "Networks", "Commons", "Futures", "Libraries", "Signals", "Lanterns", "Bridges", "Wires"}
	orgWords3 = []string{"Collective", "Alliance", "Foundation", "Initiative", "Coalition", "Society", "Lab", "Project", "Network", "Union"}
	bizWords  = []string{"Cooperative", "Hosting Co-op", "Telecom", "Print Shop", "Software", "Cafe", "Bookshop", "Media", "Mail Services", "Cloud"}
	roles     = []string{"organizer", "journalist", "lawyer", "researcher", "trainer", "developer", "spokesperson", "student", "librarian", "policy advisor", "photographer", "translator", "union rep", "designer", ""}
	countries = []string{"DE", "BR", "KE", "IN", "MX", "NG", "PH", "ID", "FR", "US", "ZA", "AR", "PL", "TR", "GB", "NL", "CO", "GH", "JP", "CA", "UA", "TN", "SN", "NP", "CL", ""}
	languages = []string{"en", "es", "pt", "fr", "de", "sw", "hi", "ar", "id", "tr", "pl", "ja", "uk", "yo"}
	tags      = []string{"press", "legal", "tech", "volunteer", "donor", "trainer", "speaker", "policy", "students", "union", "library", "translation", "security", "media", "crypto-party", "gec-2027"}
	consents  = []string{"", "Agreed to be contacted about campaign events.", "Signal only, no e-mail.", "Prefers to stay anonymous in public material.", "Consent given in person at the spring meetup."}
	notes     = []string{
		"", "", "Met at the regional digital rights meetup.", "Interested in running a privacy workshop.",
		"Can help with translations into local languages.", "Knows several journalists covering surveillance.",
		"Offered a meeting room for the encryption day event.", "Asked for slides about end-to-end encryption.",
		"Works on device security for human rights defenders.", "Introduced by a trusted partner organization.",
	}
	cities   = []string{"Nairobi", "São Paulo", "Berlin", "Manila", "Mexico City", "Lagos", "Jakarta", "Lyon", "Cape Town", "Kraków", "Bogotá", "Accra", "Kathmandu", "Tunis", "Dakar", "Kyiv", "Santiago", "Osaka", "Toronto", "Pune"}
	venues   = []string{"Community Library", "Union Hall", "Makerspace", "University Annex", "Cooperative Cafe", "Press Club", "Civic Centre", "Youth House"}
	zones    = map[string]string{"Nairobi": "Africa/Nairobi", "São Paulo": "America/Sao_Paulo", "Berlin": "Europe/Berlin", "Manila": "Asia/Manila", "Mexico City": "America/Mexico_City", "Lagos": "Africa/Lagos", "Jakarta": "Asia/Jakarta", "Lyon": "Europe/Paris", "Cape Town": "Africa/Johannesburg", "Kraków": "Europe/Warsaw", "Bogotá": "America/Bogota", "Accra": "Africa/Accra", "Kathmandu": "Asia/Kathmandu", "Tunis": "Africa/Tunis", "Dakar": "Africa/Dakar", "Kyiv": "Europe/Kyiv", "Santiago": "America/Santiago", "Osaka": "Asia/Tokyo", "Toronto": "America/Toronto", "Pune": "Asia/Kolkata"}
	evTitles = map[event.Kind][]string{
		event.KindMeeting:  {"Coalition planning meeting", "Steering group check-in", "Partner coordination call"},
		event.KindWorkshop: {"Crypto party", "Secure messaging workshop", "Device safety clinic", "Train-the-trainers session"},
		event.KindPublic:   {"Global Encryption Day fair", "Street stall: why encryption matters", "Community privacy festival"},
		event.KindPress:    {"Press briefing on encryption", "Media roundtable", "Op-ed writing sprint"},
		event.KindPolicy:   {"Meeting with parliamentary staff", "Policy brief launch", "Regulator consultation response"},
		event.KindOnline:   {"Online panel: encryption and journalism", "Webinar: securing your phone", "Global Encryption Day livestream"},
		event.KindOther:    {"Volunteer appreciation evening", "Fundraising dinner", "Poster making night"},
	}
	taskTitles = []string{
		"Book the venue", "Confirm speakers", "Print flyers", "Prepare slides", "Send invitations over Signal",
		"Check accessibility of the venue", "Arrange interpretation", "Write the press release",
		"Buy snacks and water", "Test the projector", "Brief volunteers on the safety plan",
		"Set up the check-in group", "Collect consent for photos", "Share the recording", "Send thank-you notes",
	}
)

func (g *gen) contact() *contact.Contact {
	g.n++
	c := &contact.Contact{Kind: contact.KindPerson}
	switch x := g.r.IntN(10); {
	case x < 7:
		if g.chance(0.15) {
			c.Name = fmt.Sprintf("%s %d", g.pick(pseudonyms), 1+g.r.IntN(99))
		} else {
			c.Name = g.pick(givenNames) + " " + g.pick(familyNames)
		}
		c.Role = g.pick(roles)
		if g.chance(0.5) {
			c.Organization = g.orgName()
		}
	case x < 9:
		c.Kind = contact.KindOrganization
		c.Name = g.orgName()
	default:
		c.Kind = contact.KindBusiness
		c.Name = g.pick(orgWords1) + " " + g.pick(bizWords)
	}
	stages := contact.StagesFor(c.Kind)
	c.Stage = stages[g.r.IntN(len(stages))]
	c.Trust = contact.TrustLevels[g.r.IntN(len(contact.TrustLevels))]
	c.Country = g.pick(countries)
	for range 1 + g.r.IntN(2) {
		c.Languages = append(c.Languages, g.pick(languages))
	}
	handle := strings.ToLower(strings.Fields(c.Name)[0])
	handle = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, handle)
	if handle == "" {
		handle = "contact"
	}
	c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelSignal, Value: fmt.Sprintf("%s.%02d", handle, g.r.IntN(100))})
	if g.chance(0.6) {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelEmail, Value: fmt.Sprintf("%s%d@example.org", handle, g.n), Label: "work"})
	}
	if g.chance(0.3) {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelPhone, Value: fmt.Sprintf("+1 555 01%02d", g.r.IntN(100))})
	}
	if g.chance(0.1) {
		c.Channels = append(c.Channels, contact.Channel{Type: contact.ChannelMatrix, Value: fmt.Sprintf("@%s%d:example.net", handle, g.n)})
	}
	for range g.r.IntN(4) {
		c.Tags = append(c.Tags, g.pick(tags))
	}
	c.Consent = g.pick(consents)
	c.Notes = g.pick(notes)
	if g.chance(0.2) {
		// From two weeks ago (due now) to about two months ahead.
		c.FollowUp = date.Of(g.now).AddDays(g.r.IntN(90) - 14)
	}
	return c
}

func (g *gen) orgName() string {
	return g.pick(orgWords1) + " " + g.pick(orgWords2) + " " + g.pick(orgWords3)
}

// status gives past events an outcome (mostly done, some cancelled) and
// future ones a planning status, so the demo's dashboard looks like a
// real group's.
func (g *gen) status(start time.Time) event.Status {
	if start.Before(g.now) {
		if g.chance(0.85) {
			return event.StatusDone
		}
		return event.StatusCancelled
	}
	return []event.Status{event.StatusIdea, event.StatusPlanned, event.StatusPlanned, event.StatusConfirmed}[g.r.IntN(4)]
}

func (g *gen) event(ctx context.Context, tx *store.Tx, contactIDs []string, tasks int) error {
	kind := event.Kinds[g.r.IntN(len(event.Kinds))]
	city := g.pick(cities)
	zone := zones[city]
	// The Global Encryption Day to come and the one before it.
	year := g.nextGED().Year - 1 + g.r.IntN(2)
	day := date.New(year, time.October, 21)
	if !g.chance(0.4) {
		day = day.AddDays(g.r.IntN(240) - 200)
	} else {
		day = day.AddDays(g.r.IntN(11) - 5)
	}
	if g.events%8 == 0 {
		// The first event and one in eight after it are in the next
		// three weeks, so the dashboard's "coming up" and the lists show
		// near events whatever the date.
		day = date.Of(g.now).AddDays(1 + (g.events/8)%20)
	}
	g.events++
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	start := time.Date(day.Year, day.Month, day.Day, 9+g.r.IntN(10), []int{0, 30}[g.r.IntN(2)], 0, 0, loc)
	e := &event.Event{
		Title:      g.pick(evTitles[kind]) + " — " + city,
		Kind:       kind,
		Start:      start,
		End:        start.Add(time.Duration(1+g.r.IntN(4)) * time.Hour),
		TimeZone:   zone,
		Online:     kind == event.KindOnline,
		Status:     g.status(start),
		Objectives: []event.Objective{event.Objectives[g.r.IntN(6)], event.Objectives[g.r.IntN(6)]},
		Description: "A fictional " + string(kind) + " in " + city + " for Global Encryption Day: " +
			"explaining why strong encryption protects journalists, activists and everyone else.",
		Safety: event.SafetyPlan{
			Threats:           g.pick([]string{"Hostile counter-protesters", "Photography of attendees", "Device confiscation on the way home", "Doxxing of speakers", "Low risk"}),
			Mitigations:       g.pick([]string{"No photos without consent; stewards at the door.", "Attendees register with first names only.", "Leave phones with sensitive data at home.", "Two stewards walk speakers to transport."}),
			EmergencyContacts: "Legal hotline (fictional): +1 555 0199",
			CheckIn:           "Check in on the Signal group by 22:00.",
		},
	}
	if !e.Online {
		e.Location = g.pick(venues) + ", " + city
	}
	if e.Status == event.StatusDone {
		e.Outcome = fmt.Sprintf("About %d people came; %d signed up for the newsletter.", 10+g.r.IntN(200), g.r.IntN(60))
	}
	if err := tx.Events().Add(ctx, e); err != nil {
		return fmt.Errorf("demo event %q: %w", e.Title, err)
	}
	if len(contactIDs) > 0 {
		for range 2 + g.r.IntN(6) {
			p := event.Participant{EventID: e.ID, ContactID: contactIDs[g.r.IntN(len(contactIDs))],
				Role: g.pick([]string{"speaker", "steward", "host", "trainer", "attendee", "press contact"})}
			if err := tx.Participants().Set(ctx, p); err != nil {
				return fmt.Errorf("demo participant: %w", err)
			}
		}
	}
	for i := range tasks {
		t := &event.Task{
			EventID:  e.ID,
			Title:    g.pick(taskTitles),
			Due:      day.AddDays(-g.r.IntN(30)),
			Done:     g.chance(0.4),
			Position: i,
		}
		if len(contactIDs) > 0 && g.chance(0.6) {
			t.AssigneeID = contactIDs[g.r.IntN(len(contactIDs))]
		}
		if g.chance(0.2) {
			t.Notes = "Coordinate in the organizers' Signal group."
		}
		if err := tx.Tasks().Add(ctx, t); err != nil {
			return fmt.Errorf("demo task: %w", err)
		}
	}
	return nil
}
