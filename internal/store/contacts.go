package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/date"
	"github.com/safehouse-app/safehouse/internal/record"
)

// Contacts is the contact repository.
type Contacts struct{ repo }

// Contacts returns the contact repository.
func (s *Store) Contacts() *Contacts { return &Contacts{repo{s: s}} }

// Contacts returns the contact repository bound to the transaction.
func (t *Tx) Contacts() *Contacts { return &Contacts{repo{s: t.s, tx: t.tx}} }

// ContactFilter selects contacts. Zero fields do not filter.
type ContactFilter struct {
	// Search is user text matched with full-text search (see [FTSQuery]);
	// results are then ordered by relevance instead of name. A search of
	// at most [ShortPrefixRunes] characters (one word, not followed by a
	// space) instead matches the start of the name, ASCII
	// case-insensitively, in name order: search as you type stays fast
	// and meaningful for "a" in 20,000 contacts.
	Search string
	// SearchCountries adds to the matches of Search the contacts whose
	// country is one of these ISO codes (separated by spaces or commas):
	// the interface turns the search text into the codes of the countries
	// whose names match it ("Kenia" → "KE"), since the store knows no
	// country names. It is a string so that filters stay comparable. It
	// does nothing without a Search.
	SearchCountries string
	Kind            contact.Kind
	Stage           contact.Stage
	Tag             string
	Country         string
	// Limit ≤ 0 means no limit.
	Limit  int
	Offset int
}

// ContactSummary is the light form of a contact shown in long lists.
type ContactSummary struct {
	ID      string
	Name    string
	Kind    contact.Kind
	Stage   contact.Stage
	Country string
}

// DeleteImpact tells what deleting a contact changes elsewhere.
type DeleteImpact struct {
	// Events is the number of distinct events the contact takes part in
	// or has tasks assigned in.
	Events int
	// Participations is the number of events the contact is removed from.
	Participations int
	// TasksUnassigned is the number of tasks that lose their assignee.
	TasksUnassigned int
	// TrustedPerson is true when the contact is a trusted person (has
	// sharing keys): deleting it also forgets the keys, so files can no
	// longer be shared with them or checked as theirs.
	TrustedPerson bool
}

// Add validates c (after [contact.Contact.Normalize]) and inserts it with a
// new ID, timestamps and version 1, which are set in c.
func (r *Contacts) Add(ctx context.Context, c *contact.Contact) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	now := r.now()
	n := *c
	n.ID, n.Created, n.Updated, n.Version = uuid.NewString(), now, now, 1
	err := r.write(ctx, func(tx *txn) error {
		langs, _ := json.Marshal(nonNil(n.Languages))
		rec, sig := peerKeys(n.PeerKeys)
		_, err := tx.ExecContext(ctx, `INSERT INTO contacts(id, created, updated, origin, version, name, kind,
			organization, role, country, languages, stage, trust, consent, follow_up, notes, peer_recipient, peer_signing_key)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.ID, ms(n.Created), ms(n.Updated), n.Origin, n.Version, n.Name, string(n.Kind), n.Organization, n.Role,
			n.Country, string(langs), string(n.Stage), string(n.Trust), n.Consent, n.FollowUp.String(), n.Notes, rec, sig)
		if err != nil {
			return fmt.Errorf("failed to add contact: %w", err)
		}
		return writeContactChildren(ctx, tx, &n)
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// Update validates c and replaces the stored contact with the same ID,
// incrementing its version and setting Updated (also in c). Created and
// Origin are kept from the stored record.
func (r *Contacts) Update(ctx context.Context, c *contact.Contact) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	n := *c
	n.Updated = r.now()
	err := r.write(ctx, func(tx *txn) error {
		langs, _ := json.Marshal(nonNil(n.Languages))
		rec, sig := peerKeys(n.PeerKeys)
		var created int64
		err := tx.QueryRowContext(ctx, `UPDATE contacts SET updated = ?, version = version + 1, name = ?, kind = ?,
			organization = ?, role = ?, country = ?, languages = ?, stage = ?, trust = ?, consent = ?, follow_up = ?,
			notes = ?, peer_recipient = ?, peer_signing_key = ? WHERE id = ? RETURNING version, created, origin`,
			ms(n.Updated), n.Name, string(n.Kind), n.Organization, n.Role, n.Country, string(langs), string(n.Stage),
			string(n.Trust), n.Consent, n.FollowUp.String(), n.Notes, rec, sig, n.ID).Scan(&n.Version, &created, &n.Origin)
		if err != nil {
			return notFound(err, record.Contact, n.ID)
		}
		n.Created = fromMS(created)
		if _, err := tx.ExecContext(ctx, "DELETE FROM contact_channels WHERE contact_id = ?", n.ID); err != nil {
			return fmt.Errorf("failed to update contact: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM contact_tags WHERE contact_id = ?", n.ID); err != nil {
			return fmt.Errorf("failed to update contact: %w", err)
		}
		return writeContactChildren(ctx, tx, &n)
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

func writeContactChildren(ctx context.Context, tx *txn, c *contact.Contact) error {
	for i, ch := range c.Channels {
		if _, err := tx.ExecContext(ctx, "INSERT INTO contact_channels(contact_id, position, type, value, label) VALUES (?, ?, ?, ?, ?)",
			c.ID, i, string(ch.Type), ch.Value, ch.Label); err != nil {
			return fmt.Errorf("failed to save channel: %w", err)
		}
	}
	for _, t := range c.Tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO contact_tags(contact_id, tag) VALUES (?, ?)", c.ID, t); err != nil {
			return fmt.Errorf("failed to save tag: %w", err)
		}
	}
	body := []string{c.Organization, c.Role, strings.Join(c.Tags, " "), c.Notes}
	for _, ch := range c.Channels {
		body = append(body, ch.Value, ch.Label)
	}
	return index(ctx, tx, record.Contact, c.ID, c.Name, body...)
}

func peerKeys(p *contact.PeerKeys) (any, any) {
	if p == nil {
		return nil, nil
	}
	return p.Recipient, p.SigningKey
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Impact returns what deleting the contact would change, so the UI can
// ask "remove her from 2 events?" first.
func (r *Contacts) Impact(ctx context.Context, id string) (DeleteImpact, error) {
	return contactImpact(ctx, r.q(), id)
}

func contactImpact(ctx context.Context, q querier, id string) (DeleteImpact, error) {
	var d DeleteImpact
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT event_id FROM participants WHERE contact_id = ?1
			UNION SELECT event_id FROM tasks WHERE assignee_id = ?1)),
		(SELECT count(*) FROM participants WHERE contact_id = ?1),
		(SELECT count(*) FROM tasks WHERE assignee_id = ?1),
		(SELECT count(*) FROM peers WHERE contact_id = ?1)`, id).Scan(&d.Events, &d.Participations, &d.TasksUnassigned, &d.TrustedPerson)
	if err != nil {
		return d, fmt.Errorf("failed to check contact usage: %w", err)
	}
	return d, nil
}

// Delete removes the contact, its participations and its task assignments
// (the tasks stay, unassigned), records a tombstone, and reports what else
// changed. The error wraps [ErrNotFound] for a missing ID.
func (r *Contacts) Delete(ctx context.Context, id string) (DeleteImpact, error) {
	var d DeleteImpact
	err := r.write(ctx, func(tx *txn) error {
		var err error
		if d, err = contactImpact(ctx, tx, id); err != nil {
			return err
		}
		now := r.now()
		// Tasks losing their assignee are changed records: bump them.
		if _, err := tx.ExecContext(ctx, "UPDATE tasks SET assignee_id = NULL, version = version + 1, updated = ? WHERE assignee_id = ?", ms(now), id); err != nil {
			return fmt.Errorf("failed to unassign tasks: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET version = version + 1, updated = ?
			WHERE id IN (SELECT event_id FROM participants WHERE contact_id = ?)`, ms(now), id); err != nil {
			return fmt.Errorf("failed to update events: %w", err)
		}
		var origin string
		if err := tx.QueryRowContext(ctx, "DELETE FROM contacts WHERE id = ? RETURNING origin", id).Scan(&origin); err != nil {
			return notFound(err, record.Contact, id)
		}
		if err := unindex(ctx, tx, id); err != nil {
			return err
		}
		return tombstone(ctx, tx, record.Contact, id, origin, now)
	})
	if err != nil {
		return DeleteImpact{}, err
	}
	return d, nil
}

const contactColumns = `c.id, c.created, c.updated, c.origin, c.version, c.name, c.kind, c.organization, c.role,
	c.country, c.languages, c.stage, c.trust, c.consent, c.follow_up, c.notes, c.peer_recipient, c.peer_signing_key,
	(SELECT json_group_array(tag) FROM (SELECT tag FROM contact_tags WHERE contact_id = c.id ORDER BY tag)),
	(SELECT json_group_array(json_object('type', type, 'value', value, 'label', label))
		FROM (SELECT type, value, label FROM contact_channels WHERE contact_id = c.id ORDER BY position))`

func scanContact(sc interface{ Scan(...any) error }) (*contact.Contact, error) {
	var c contact.Contact
	var created, updated int64
	var langs, followUp, tags, chans string
	var rec, sig sql.NullString
	if err := sc.Scan(&c.ID, &created, &updated, &c.Origin, &c.Version, &c.Name, &c.Kind, &c.Organization, &c.Role,
		&c.Country, &langs, &c.Stage, &c.Trust, &c.Consent, &followUp, &c.Notes, &rec, &sig, &tags, &chans); err != nil {
		return nil, err
	}
	c.Created, c.Updated = fromMS(created), fromMS(updated)
	var err error
	if c.FollowUp, err = date.Parse(followUp); err != nil {
		return nil, fmt.Errorf("contact %s: %w", c.ID, err)
	}
	if rec.Valid || sig.Valid {
		c.PeerKeys = &contact.PeerKeys{Recipient: rec.String, SigningKey: sig.String}
	}
	if err := json.Unmarshal([]byte(langs), &c.Languages); err != nil {
		return nil, fmt.Errorf("contact %s languages: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(tags), &c.Tags); err != nil {
		return nil, fmt.Errorf("contact %s tags: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(chans), &c.Channels); err != nil {
		return nil, fmt.Errorf("contact %s channels: %w", c.ID, err)
	}
	if len(c.Languages) == 0 {
		c.Languages = nil
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Channels) == 0 {
		c.Channels = nil
	}
	return &c, nil
}

// Get returns the contact with the given ID; the error wraps
// [ErrNotFound] if there is none.
func (r *Contacts) Get(ctx context.Context, id string) (*contact.Contact, error) {
	c, err := scanContact(r.q().QueryRowContext(ctx, "SELECT "+contactColumns+" FROM contacts c WHERE c.id = ?", id))
	if err != nil {
		return nil, notFound(err, record.Contact, id)
	}
	return c, nil
}

// ShortPrefixRunes is the longest search text (in characters) that
// [ContactFilter.Search] treats as a name prefix instead of a full-text
// query; two Chinese, Japanese or Korean characters are a full-text query.
const ShortPrefixRunes = 2

// namePrefix returns the text of a short search ("a", "Zh") that is
// matched as a prefix of the contact name through the name index, in name
// order. Ranking the thousands of full-text matches of one or two typed
// characters would be slow and meaningless.
func (f ContactFilter) namePrefix() (string, bool) {
	t := strings.TrimLeftFunc(f.Search, unicode.IsSpace)
	if t == "" || strings.IndexFunc(t, unicode.IsSpace) >= 0 || utf8.RuneCountInString(t) > ShortPrefixRunes || FTSQuery(t) == "" {
		return "", false
	}
	// Two Chinese, Japanese or Korean characters usually make a word
	// ("北京"), found anywhere by the full-text search; one is a prefix.
	if utf8.RuneCountInString(t) > 1 && strings.ContainsFunc(t, func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	}) {
		return "", false
	}
	return t, true
}

// where builds the FROM/WHERE/ORDER part for a filter. With a search, the
// rows are joined with the full-text index and ordered by relevance;
// contacts found only by their country ([ContactFilter.SearchCountries])
// come after those matching the text.
func (f ContactFilter) where() (from, where, order string, args []any) {
	from = "contacts c"
	var conds []string
	order = "c.name COLLATE NOCASE, c.id"
	countries := f.searchCountries()
	if p, ok := f.namePrefix(); ok {
		// Bytes 0xff never occur in UTF-8, so every name starting with p
		// (ASCII case folded, like the index) sorts below p + "\xff".
		cond := "c.name COLLATE NOCASE >= ? AND c.name COLLATE NOCASE < ?"
		args = append(args, p, p+"\xff")
		if countries != "" {
			cond = "(" + cond + " OR c.country IN (SELECT value FROM json_each(?)))"
			args = append(args, countries)
		}
		conds = append(conds, cond)
	} else if q := FTSQuery(f.Search); q != "" {
		hits := `SELECT d.id AS hit_id, search.rank AS hit_rank FROM search
			JOIN search_docs d ON d.doc = search.rowid
			WHERE search MATCH ? AND search.rank MATCH 'bm25(10.0, 1.0)' AND d.kind = 'contact'`
		args = append(args, q)
		if countries != "" {
			// bm25 scores are negative: 0 ranks a country match after
			// every text match.
			hits = `SELECT hit_id, min(hit_rank) AS hit_rank FROM (` + hits + `
				UNION ALL SELECT id, 0.0 FROM contacts WHERE country IN (SELECT value FROM json_each(?)))
				GROUP BY hit_id`
			args = append(args, countries)
		}
		from = "(" + hits + ") h JOIN contacts c ON c.id = h.hit_id"
		order = "h.hit_rank, c.name COLLATE NOCASE, c.id"
	} else if strings.TrimSpace(f.Search) != "" {
		// Nothing searchable in the text: match nothing.
		conds = append(conds, "0")
	}
	if f.Kind != "" {
		conds = append(conds, "c.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Stage != "" {
		conds = append(conds, "c.stage = ?")
		args = append(args, string(f.Stage))
	}
	if f.Country != "" {
		conds = append(conds, "c.country = ?")
		args = append(args, strings.ToUpper(strings.TrimSpace(f.Country)))
	}
	if f.Tag != "" {
		// EXISTS (not IN) lets SQLite walk the name index in order and stop
		// at the limit, probing contact_tags for each contact; IN builds the
		// whole match list and sorts it.
		conds = append(conds, "EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return from, where, order, args
}

func (f ContactFilter) page() (string, []any) {
	if f.Limit <= 0 && f.Offset <= 0 {
		return "", nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	return " LIMIT ? OFFSET ?", []any{limit, max(f.Offset, 0)}
}

// List returns the contacts matching f, ordered by name (or relevance when
// searching).
func (r *Contacts) List(ctx context.Context, f ContactFilter) ([]*contact.Contact, error) {
	// Select the page of IDs first, then load those rows: sorting full rows
	// (with their tags and channels) would build them for every match.
	ids, err := r.IDs(ctx, f)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	list, _ := json.Marshal(ids)
	rows, err := r.q().QueryContext(ctx, "SELECT "+contactColumns+" FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, fmt.Errorf("failed to list contacts: %w", err)
	}
	defer rows.Close()
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	out := make([]*contact.Contact, len(ids))
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, fmt.Errorf("failed to list contacts: %w", err)
		}
		out[pos[c.ID]] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed to list contacts: %w", err)
	}
	return slices.DeleteFunc(out, func(c *contact.Contact) bool { return c == nil }), nil
}

// ListSummaries is like [Contacts.List] but returns only the fields a long
// (virtualized) list shows.
//
// For long lists, page with [Contacts.ListSummariesAfter] (keyset
// pagination: the cost of a page does not depend on its position) rather
// than with a growing Offset, which makes SQLite step over all earlier
// rows. Loading all 20,000 contacts of a large database at once takes tens
// of milliseconds; a page of 100 well under one.
func (r *Contacts) ListSummaries(ctx context.Context, f ContactFilter) ([]ContactSummary, error) {
	if f == (ContactFilter{}) {
		// All contacts: reading the table in storage order and sorting in
		// Go is several times faster than following the name index, which
		// looks up every row in the table separately.
		out, err := r.summaries(ctx, "SELECT "+summaryRow+" FROM contacts c")
		slices.SortFunc(out, func(a, b ContactSummary) int {
			if c := compareNoCase(a.Name, b.Name); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return out, err
	}
	from, where, order, args := f.where()
	page, pargs := f.page()
	return r.summaries(ctx, "SELECT "+summaryRow+" FROM "+from+where+" ORDER BY "+order+page, append(args, pargs...)...)
}

// ListSummariesAfter returns up to f.Limit (all if ≤ 0) summaries of the
// contacts matching f that come after the contact with the given name and
// ID in list order (name, case-insensitive, then ID); an empty ID starts
// at the beginning. f.Offset is ignored. To page through a list, pass the
// Name and ID of the last summary of the previous page:
//
//	page, err := contacts.ListSummariesAfter(ctx, f, "", "")
//	next, err := contacts.ListSummariesAfter(ctx, f, page[len(page)-1].Name, page[len(page)-1].ID)
//
// Full-text searches are ordered by relevance, not by name, so they cannot
// be paged this way: the error says so unless the search is a short name
// prefix (see [ShortPrefixRunes]). Use Offset for them.
func (r *Contacts) ListSummariesAfter(ctx context.Context, f ContactFilter, name, id string) ([]ContactSummary, error) {
	if _, ok := f.namePrefix(); !ok && FTSQuery(f.Search) != "" {
		return nil, fmt.Errorf("contacts: keyset pagination is not possible for a ranked search %q", f.Search)
	}
	from, where, order, args := f.where()
	if id != "" {
		if where == "" {
			where = " WHERE "
		} else {
			where += " AND "
		}
		// The first term gives SQLite the range on the name index; it does
		// not use the row value alone because of the collation.
		where += "c.name COLLATE NOCASE >= ? AND (c.name COLLATE NOCASE, c.id) > (?, ?)"
		args = append(args, name, name, id)
	}
	f.Offset = 0
	page, pargs := f.page()
	return r.summaries(ctx, "SELECT "+summaryRow+" FROM "+from+where+" ORDER BY "+order+page, append(args, pargs...)...)
}

// searchCountries returns the valid codes of f.SearchCountries as a JSON
// array, or "" for none.
func (f ContactFilter) searchCountries() string {
	var codes []string
	for _, c := range strings.FieldsFunc(f.SearchCountries, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if c = strings.ToUpper(c); contact.ValidCountry(c) && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return ""
	}
	b, _ := json.Marshal(codes)
	return string(b)
}

// ContactChoice is a contact as pickers show it: the name with what tells
// namesakes apart.
type ContactChoice struct {
	ID           string
	Name         string
	Organization string
	Country      string
}

// Choices returns the contacts matching f as [ContactChoice]s, in list
// order (relevance when searching); use f.Limit to keep pickers short.
func (r *Contacts) Choices(ctx context.Context, f ContactFilter) ([]ContactChoice, error) {
	from, where, order, args := f.where()
	page, pargs := f.page()
	rows, err := r.q().QueryContext(ctx, "SELECT c.id, c.name, c.organization, c.country FROM "+from+where+" ORDER BY "+order+page,
		append(args, pargs...)...)
	if err != nil {
		return nil, fmt.Errorf("failed to list contacts: %w", err)
	}
	defer rows.Close()
	var out []ContactChoice
	for rows.Next() {
		var c ContactChoice
		if err := rows.Scan(&c.ID, &c.Name, &c.Organization, &c.Country); err != nil {
			return nil, fmt.Errorf("failed to list contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// compareNoCase compares like SQLite's NOCASE collation: bytes, with
// ASCII letters folded to lower case.
func compareNoCase(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

// summaryRow selects a summary as one text value: the driver's cost is
// per column, and a long list is mostly driver overhead. The name comes
// last so that it may contain anything; the other fields never hold a tab.
const summaryRow = "c.id || char(9) || c.kind || char(9) || c.stage || char(9) || c.country || char(9) || c.name"

func (r *Contacts) summaries(ctx context.Context, query string, args ...any) ([]ContactSummary, error) {
	rows, err := r.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("failed to list contacts: %w", err)
	}
	defer rows.Close()
	var out []ContactSummary
	var row string
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			return nil, fmt.Errorf("failed to list contacts: %w", err)
		}
		f := strings.SplitN(row, "\t", 5)
		if len(f) != 5 {
			return nil, fmt.Errorf("failed to list contacts: malformed row %q", row)
		}
		out = append(out, ContactSummary{ID: f[0], Kind: contact.Kind(f[1]), Stage: contact.Stage(f[2]), Country: f[3], Name: f[4]})
	}
	return out, rows.Err()
}

// IDs returns the IDs of the contacts matching f, in list order.
func (r *Contacts) IDs(ctx context.Context, f ContactFilter) ([]string, error) {
	from, where, order, args := f.where()
	page, pargs := f.page()
	return queryStrings(ctx, r.q(), "SELECT c.id FROM "+from+where+" ORDER BY "+order+page, append(args, pargs...)...)
}

// Count returns the number of contacts matching f (Limit and Offset are
// ignored).
func (r *Contacts) Count(ctx context.Context, f ContactFilter) (int, error) {
	from, where, _, args := f.where()
	var n int
	if err := r.q().QueryRowContext(ctx, "SELECT count(*) FROM "+from+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("failed to count contacts: %w", err)
	}
	return n, nil
}

// Tags returns all distinct tags in use, sorted.
func (r *Contacts) Tags(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, r.q(), "SELECT DISTINCT tag FROM contact_tags ORDER BY tag")
}

// Countries returns all distinct non-empty country codes in use, sorted.
func (r *Contacts) Countries(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, r.q(), "SELECT DISTINCT country FROM contacts WHERE country <> '' ORDER BY country")
}

// FollowUpsDue returns summaries of contacts whose follow-up date is on or
// before day, earliest first.
func (r *Contacts) FollowUpsDue(ctx context.Context, day date.Date) ([]ContactSummary, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT id, name, kind, stage, country FROM contacts
		WHERE follow_up <> '' AND follow_up <= ? ORDER BY follow_up, name COLLATE NOCASE`, day.String())
	if err != nil {
		return nil, fmt.Errorf("failed to list follow-ups: %w", err)
	}
	defer rows.Close()
	var out []ContactSummary
	for rows.Next() {
		var c ContactSummary
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind, &c.Stage, &c.Country); err != nil {
			return nil, fmt.Errorf("failed to list follow-ups: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query failed: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("query failed: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
