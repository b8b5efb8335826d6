package contactio

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/safehouse-app/safehouse/internal/contact"
)

// Action is what importing a record does.
type Action string

// Actions of a [Plan] item.
const (
	// ActionNew adds the record as a new contact.
	ActionNew Action = "new"
	// ActionMerge adds details of the record to an existing contact.
	ActionMerge Action = "merge"
	// ActionUnchanged: the record is an existing contact and brings
	// nothing new; nothing is written.
	ActionUnchanged Action = "unchanged"
	// ActionRepeated: the record is the same person as an earlier record
	// of the file (Item.Into); its details are merged into the contact
	// that record adds (see Changes), as a duplicate of an existing
	// contact is.
	ActionRepeated Action = "repeated"
	// ActionInvalid: the record cannot be imported (see its Problems).
	ActionInvalid Action = "invalid"
)

// ChangeKind says how a merge treats one value.
type ChangeKind string

// Change kinds.
const (
	// ChangeFill fills a field that was empty.
	ChangeFill ChangeKind = "fill"
	// ChangeAdd adds a channel, tag or language.
	ChangeAdd ChangeKind = "add"
	// ChangeKeep keeps the existing value of a field the file has a
	// different value for.
	ChangeKeep ChangeKind = "keep"
)

// Change is one difference between an existing contact and a record that
// duplicates it.
type Change struct {
	// Field is a field key: "name", "organization", "role", "country",
	// "notes", "channels", "tags" or "languages".
	Field string
	Kind  ChangeKind
	// Value is the value from the file ("phone: +49 30 1234" for a
	// channel).
	Value string
	// Existing is the value kept (ChangeKeep only).
	Existing string
}

// Item is one record of a plan and what importing it does.
type Item struct {
	Record Record
	Action Action
	// Existing is the contact the record duplicates, as it was when the
	// plan was made (merge and unchanged only).
	Existing *contact.Contact
	// Merged is the contact as the merge would leave it, including the
	// merges of earlier items into the same contact (merge only). For a
	// new record that later records of the file repeat, it is the
	// contact that will be added, with their details.
	Merged *contact.Contact
	// Changes lists what the merge fills, adds and keeps.
	Changes []Change
	// Into is the index in Plan.Items of the earlier record a repeated
	// record is merged into (ActionRepeated only).
	Into int
}

// Plan says what importing a file would do. It is made without writing
// anything; [Apply] carries it out.
type Plan struct {
	Items []Item
}

// Count returns the number of items with action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, it := range p.Items {
		if it.Action == a {
			n++
		}
	}
	return n
}

// Writes returns how many contacts applying the plan adds or changes
// (repeated merges into one contact count once).
func (p *Plan) Writes() int {
	ids := map[string]bool{}
	n := 0
	for _, it := range p.Items {
		switch it.Action {
		case ActionNew:
			n++
		case ActionMerge:
			if !ids[it.Existing.ID] {
				ids[it.Existing.ID] = true
				n++
			}
		}
	}
	return n
}

// NameKey returns the form of a name used to compare names: Unicode
// compatibility-normalized, lower-case, without punctuation, with single
// spaces.
func NameKey(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// ChannelKey returns the form of a channel value used to find the same
// channel in two contacts: phone numbers (and Signal numbers) as their
// digits with a leading +, email addresses and other values
// case-insensitively. Phone and Signal channels with the same number have
// the same key.
func ChannelKey(ch contact.Channel) string {
	v := strings.TrimSpace(ch.Value)
	switch ch.Type {
	case contact.ChannelPhone, contact.ChannelSignal:
		if isPhoneLike(v) {
			return "tel:" + phoneDigits(v)
		}
		return string(ch.Type) + ":" + strings.ToLower(strings.TrimPrefix(v, "@"))
	}
	return string(ch.Type) + ":" + strings.ToLower(v)
}

// typedKey tells apart a phone and a Signal channel with the same number.
func typedKey(ch contact.Channel) string { return string(ch.Type) + "|" + ChannelKey(ch) }

// index finds contacts by UID, channel key and name.
type index struct {
	byChannel map[string][]int
	byUID     map[string]int
	// byBareName holds contacts without channels.
	byBareName map[string][]int
	names      []string
}

func newIndex() *index {
	return &index{byChannel: map[string][]int{}, byUID: map[string]int{}, byBareName: map[string][]int{}}
}

// add indexes contact c as entry i; adding the same entry again (after a
// merge gave it more channels) indexes what is new.
func (x *index) add(i int, c *contact.Contact, uid string) {
	for len(x.names) <= i {
		x.names = append(x.names, "")
	}
	if x.names[i] == "" {
		x.names[i] = NameKey(c.Name)
	}
	if uid != "" {
		if _, ok := x.byUID[uid]; !ok {
			x.byUID[uid] = i
		}
	}
	if len(c.Channels) == 0 && !slices.Contains(x.byBareName[x.names[i]], i) {
		x.byBareName[x.names[i]] = append(x.byBareName[x.names[i]], i)
	}
	for _, ch := range c.Channels {
		k := ChannelKey(ch)
		if !slices.Contains(x.byChannel[k], i) {
			x.byChannel[k] = append(x.byChannel[k], i)
		}
	}
}

// identifies reports whether sharing a channel with key k is enough to
// make two contacts one person. Email addresses, Matrix IDs and other
// handles belong to one person; phone numbers (and so Signal numbers) are
// shared by offices, families and NGOs, so they count only when the names
// agree too.
func identifies(k string) bool { return !strings.HasPrefix(k, "tel:") }

// match returns the best duplicate of c, or -1: the entry with the same
// UID; else the entry sharing the most channels that identify a person
// (an email address, or a phone or Signal number when the names are
// compatible), preferring one with the same name; a contact without
// channels matches one of the same name without channels.
func (x *index) match(c *contact.Contact, uid string) int {
	if uid != "" {
		if i, ok := x.byUID[uid]; ok {
			return i
		}
	}
	name := NameKey(c.Name)
	if len(c.Channels) == 0 {
		if ids := x.byBareName[name]; len(ids) > 0 {
			return ids[0]
		}
		return -1
	}
	score := map[int]int{}
	seen := map[string]bool{}
	for _, ch := range c.Channels {
		k := ChannelKey(ch)
		if seen[k] {
			continue
		}
		seen[k] = true
		for _, i := range x.byChannel[k] {
			if identifies(k) || namesCompatible(x.names[i], name) {
				score[i]++
			}
		}
	}
	best, bestScore := -1, 0
	for i, s := range score {
		if x.names[i] == name {
			s += 1000
		}
		if s > bestScore || s == bestScore && i < best {
			best, bestScore = i, s
		}
	}
	return best
}

// namesCompatible reports whether two name keys ([NameKey]) can name the
// same person: they are equal, every word of the shorter one is a word of
// the longer one or the initial of one ("amina k" and "amina kamau"), or
// one of them is no name at all but a phone number or email address (a
// contact named from its details).
func namesCompatible(a, b string) bool {
	if a == b || a == "" || b == "" {
		return true
	}
	if isPhoneLike(a) || isPhoneLike(b) || strings.Contains(a, "@") || strings.Contains(b, "@") {
		return true
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	used := make([]bool, len(wb))
	for _, w := range wa {
		found := false
		for j, v := range wb {
			if used[j] {
				continue
			}
			if w == v || utf8.RuneCountInString(w) == 1 && strings.HasPrefix(v, w) ||
				utf8.RuneCountInString(v) == 1 && strings.HasPrefix(w, v) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// MakePlan decides what to do with each record, comparing it with the
// existing contacts and with the earlier records of the same file. A
// record that is an existing contact is merged into it; a record that is
// the same person as an earlier record of the file is merged into that
// record's new contact (ActionRepeated), so that de-duplication never
// drops a detail. It writes nothing and does not modify its arguments.
func MakePlan(records []Record, existing []*contact.Contact) *Plan {
	old := newIndex()
	byID := map[string]int{}
	for i, c := range existing {
		old.add(i, c, "")
		byID[strings.ToLower(c.ID)] = i
	}
	fresh := newIndex()
	var freshItems []int // plan item of each fresh index entry
	merged := map[string]*contact.Contact{}
	p := &Plan{Items: make([]Item, 0, len(records))}
	for _, rec := range records {
		it := Item{Record: rec}
		switch {
		case !rec.Valid():
			it.Action = ActionInvalid
		default:
			i := old.match(rec.Contact, "")
			if j, ok := byID[rec.UID]; ok && rec.UID != "" {
				i = j
			}
			if i >= 0 {
				ex := existing[i]
				base := merged[ex.ID]
				if base == nil {
					base = ex
				}
				m, changes := merge(base, rec.Contact)
				it.Existing, it.Changes = ex, changes
				if err := m.Validate(); err != nil {
					it.Action = ActionInvalid
					var r Record
					r.finish(m, DefaultLimits)
					it.Record.Problems = r.Problems
					break
				}
				it.Action = ActionUnchanged
				for _, ch := range changes {
					if ch.Kind != ChangeKeep {
						it.Action = ActionMerge
						it.Merged = m
						merged[ex.ID] = m
						old.add(i, m, "")
						break
					}
				}
				break
			}
			if j := fresh.match(rec.Contact, rec.UID); j >= 0 {
				into := &p.Items[freshItems[j]]
				base := into.Merged
				if base == nil {
					base = into.Record.Contact
				}
				m, changes := merge(base, rec.Contact)
				if err := m.Validate(); err != nil {
					it.Action = ActionInvalid
					var r Record
					r.finish(m, DefaultLimits)
					it.Record.Problems = r.Problems
					break
				}
				it.Action, it.Into, it.Changes = ActionRepeated, freshItems[j], changes
				it.Record.Notices = append(slices.Clone(it.Record.Notices),
					Reason{Code: CodeRepeated, Args: map[string]any{"Record": into.Record.Number}})
				into.Merged = m
				fresh.add(j, m, rec.UID)
				break
			}
			it.Action = ActionNew
			fresh.add(len(freshItems), rec.Contact, rec.UID)
			freshItems = append(freshItems, len(p.Items))
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// Clone returns a deep copy of c.
func Clone(c *contact.Contact) *contact.Contact {
	n := *c
	n.Languages = slices.Clone(c.Languages)
	n.Channels = slices.Clone(c.Channels)
	n.Tags = slices.Clone(c.Tags)
	if c.PeerKeys != nil {
		k := *c.PeerKeys
		n.PeerKeys = &k
	}
	return &n
}

// merge returns ex with the empty fields filled and the channels, tags and
// languages of in added, and the list of changes. Non-empty fields of ex
// are never replaced.
func merge(ex, in *contact.Contact) (*contact.Contact, []Change) {
	m := Clone(ex)
	var changes []Change
	scalar := func(field string, dst *string, v string, same func(a, b string) bool) {
		switch {
		case v == "":
		case *dst == "":
			*dst = v
			changes = append(changes, Change{Field: field, Kind: ChangeFill, Value: v})
		case !same(*dst, v):
			changes = append(changes, Change{Field: field, Kind: ChangeKeep, Value: v, Existing: *dst})
		}
	}
	fold := strings.EqualFold
	scalar("name", &m.Name, in.Name, func(a, b string) bool { return NameKey(a) == NameKey(b) })
	scalar("organization", &m.Organization, in.Organization, fold)
	scalar("role", &m.Role, in.Role, fold)
	scalar("country", &m.Country, in.Country, fold)
	scalar("notes", &m.Notes, in.Notes, func(a, b string) bool {
		return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
	})
	have := map[string]bool{}
	for _, ch := range m.Channels {
		have[typedKey(ch)] = true
	}
	for _, ch := range in.Channels {
		if k := typedKey(ch); !have[k] {
			have[k] = true
			m.Channels = append(m.Channels, ch)
			changes = append(changes, Change{Field: "channels", Kind: ChangeAdd, Value: string(ch.Type) + ": " + ch.Value})
		}
	}
	for _, t := range in.Tags {
		if !slices.Contains(m.Tags, t) {
			m.Tags = append(m.Tags, t)
			changes = append(changes, Change{Field: "tags", Kind: ChangeAdd, Value: t})
		}
	}
	for _, l := range in.Languages {
		if !slices.ContainsFunc(m.Languages, func(o string) bool { return strings.EqualFold(o, l) }) {
			m.Languages = append(m.Languages, l)
			changes = append(changes, Change{Field: "languages", Kind: ChangeAdd, Value: l})
		}
	}
	m.Normalize()
	return m, changes
}

// ApplyOptions tune applying a plan.
type ApplyOptions struct {
	// SkipMerges adds only the new contacts and leaves duplicates as
	// they are.
	SkipMerges bool
}

// Applied counts what applying a plan wrote.
type Applied struct {
	// Added is the number of new contacts.
	Added int
	// Merged is the number of existing contacts that got new details.
	Merged int
}

// Step is one write of a plan: a contact to add (Existing nil) or the
// merged state of an existing contact (Existing is the contact as it was
// when the plan was made, to check that it did not change since).
type Step struct {
	Contact  *contact.Contact
	Existing *contact.Contact
}

// Steps returns the writes of p in order: new contacts, and for each
// contact merged into only its final merged state (once). The contacts
// are copies the caller may change.
func (p *Plan) Steps(opts ApplyOptions) []Step {
	last := map[string]int{}
	for i, it := range p.Items {
		if it.Action == ActionMerge {
			last[it.Existing.ID] = i
		}
	}
	var steps []Step
	for i, it := range p.Items {
		switch it.Action {
		case ActionNew:
			c := it.Record.Contact
			if it.Merged != nil { // later records of the file repeat it
				c = it.Merged
			}
			c = Clone(c)
			c.ID, c.Origin, c.Version = "", "", 0
			steps = append(steps, Step{Contact: c})
		case ActionMerge:
			if !opts.SkipMerges && last[it.Existing.ID] == i {
				steps = append(steps, Step{Contact: Clone(it.Merged), Existing: it.Existing})
			}
		}
	}
	return steps
}
