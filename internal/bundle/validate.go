package bundle

import (
	"encoding/hex"
	"slices"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/tutorial"
)

func validID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

func validOrigin(s string) bool {
	if s == "" {
		return true
	}
	_, err := hex.DecodeString(s)
	return len(s) == 64 && err == nil
}

// Validate checks every record of p as [Open] does: as the store would,
// plus what only a bundle can get wrong. The error wraps [ErrInvalid].
func (p *Payload) Validate() error { return validatePayload(p) }

// validatePayload checks every record of p as the store would, plus what
// only a bundle can get wrong: IDs, versions, origins, references and
// duplicates. The error wraps [ErrInvalid].
func validatePayload(p *Payload) error {
	seen := map[string]bool{}
	id := func(kind, s string) error {
		if !validID(s) {
			return errf(ErrInvalid, "%s: invalid ID %q", kind, s)
		}
		if seen[s] {
			return errf(ErrInvalid, "%s %s appears twice", kind, s)
		}
		seen[s] = true
		return nil
	}
	meta := func(kind, s string, version int64, origin string) error {
		if err := id(kind, s); err != nil {
			return err
		}
		if version < 1 || !validOrigin(origin) {
			return errf(ErrInvalid, "%s %s: invalid version or origin", kind, s)
		}
		return nil
	}
	contacts := map[string]bool{}
	for i := range p.Contacts {
		c := &p.Contacts[i]
		if err := meta("contact", c.ID, c.Version, c.Origin); err != nil {
			return err
		}
		if c.PeerKeys != nil {
			return errf(ErrInvalid, "contact %s carries keys", c.ID)
		}
		for _, f := range c.Redacted {
			if !slices.Contains([]string{FieldChannels, FieldNotes, FieldConsent}, f) {
				return errf(ErrInvalid, "contact %s: unknown redacted field %q", c.ID, f)
			}
		}
		n := c.Contact
		n.Normalize()
		if err := n.Validate(); err != nil {
			return errf(ErrInvalid, "contact %s: %v", c.ID, err)
		}
		contacts[c.ID] = true
	}
	for i := range p.Events {
		e := &p.Events[i]
		if err := meta("event", e.ID, e.Version, e.Origin); err != nil {
			return err
		}
		n := e.Event
		n.Normalize()
		if err := n.Validate(); err != nil {
			return errf(ErrInvalid, "event %s: %v", e.ID, err)
		}
		for _, t := range e.Tasks {
			if t == nil {
				return errf(ErrInvalid, "event %s: empty task", e.ID)
			}
			if err := meta("task", t.ID, t.Version, t.Origin); err != nil {
				return err
			}
			if t.EventID != e.ID {
				return errf(ErrInvalid, "task %s belongs to another event", t.ID)
			}
			if t.AssigneeID != "" && !contacts[t.AssigneeID] {
				return errf(ErrInvalid, "task %s: assignee not in the bundle", t.ID)
			}
			n := *t
			n.Normalize()
			if err := n.Validate(); err != nil {
				return errf(ErrInvalid, "task %s: %v", t.ID, err)
			}
		}
		pc := map[string]bool{}
		for _, pt := range e.Participants {
			if !contacts[pt.ContactID] || pc[pt.ContactID] {
				return errf(ErrInvalid, "event %s: participant not in the bundle or repeated", e.ID)
			}
			pc[pt.ContactID] = true
			if len([]rune(pt.Role)) > 100 {
				return errf(ErrInvalid, "event %s: participant role too long", e.ID)
			}
		}
	}
	for _, t := range p.Tutorials {
		if t == nil {
			return errf(ErrInvalid, "empty tutorial")
		}
		if err := meta("tutorial", t.ID, t.Version, t.Origin); err != nil {
			return err
		}
		if t.Source == tutorial.SourceBuiltin {
			return errf(ErrInvalid, "tutorial %s: built-in tutorials travel by reference", t.ID)
		}
		n := *t
		n.Normalize()
		if err := n.Validate(); err != nil {
			return errf(ErrInvalid, "tutorial %s: %v", t.ID, err)
		}
	}
	for _, b := range p.BuiltinTutorials {
		if !tutorial.ValidSlug(b.Slug) || b.ContentVersion < 1 || len(b.Language) > 35 {
			return errf(ErrInvalid, "invalid built-in tutorial reference")
		}
	}
	for _, d := range p.Deleted {
		if !validID(d.ID) {
			return errf(ErrInvalid, "deletion: invalid ID")
		}
		if !record.Kind(d.Kind).Shared() {
			return errf(ErrInvalid, "deletion: unknown kind %q", d.Kind)
		}
	}
	return nil
}
