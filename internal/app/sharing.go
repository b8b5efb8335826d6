package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/contact"
	"github.com/safehouse-app/safehouse/internal/event"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/record"
	"github.com/safehouse-app/safehouse/internal/store"
)

// This file holds the sharing use cases: the vault's sharing identity,
// peers, and exporting and importing bundles (docs/bundle-format.md).
// Reads never write; the functions that write leave saving to the caller
// (Session.Save or the autosaver).

// ErrNoIdentity means the vault has no sharing identity yet; it is made
// by [EnsureIdentity] (on first export or when the user asks for a card).
var ErrNoIdentity = errors.New("vault has no sharing identity yet")

// ErrNotPeer means a contact chosen as recipient has no sharing keys.
var ErrNotPeer = errors.New("contact has no sharing keys")

// ErrOwnCard means the card added as a peer is this vault's own.
var ErrOwnCard = errors.New("this is your own contact card")

// LoadIdentity returns the vault's sharing identity, or an error wrapping
// [ErrNoIdentity].
func LoadIdentity(ctx context.Context, st *store.Store) (*identity.Identity, error) {
	sec, err := st.SharingSecret(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoIdentity
	}
	if err != nil {
		return nil, err
	}
	id, err := identity.Parse(sec.AgeIdentity, sec.SigningSeed)
	clear(sec.SigningSeed)
	if err != nil {
		return nil, fmt.Errorf("%w: sharing identity: %w", store.ErrDamaged, err)
	}
	return id, nil
}

// EnsureIdentity returns the vault's sharing identity, generating and
// storing it (inside the encrypted database only) if there is none. New
// vaults get theirs at creation; this covers vaults made before sharing.
func EnsureIdentity(ctx context.Context, s *Session) (*identity.Identity, error) {
	id, created, err := ensureIdentity(ctx, s.Store())
	if created {
		s.Changed()
	}
	return id, err
}

func ensureIdentity(ctx context.Context, st *store.Store) (id *identity.Identity, created bool, err error) {
	id, err = LoadIdentity(ctx, st)
	if !errors.Is(err, ErrNoIdentity) {
		return id, false, err
	}
	id, err = identity.Generate()
	if err != nil {
		return nil, false, err
	}
	defer id.Destroy()
	ageText, seed := id.Secret()
	defer clear(seed)
	if _, err := st.SetSharingSecret(ctx, &store.SharingSecret{AgeIdentity: ageText, SigningSeed: seed,
		Fingerprint: id.Fingerprint().String()}); err != nil {
		return nil, false, err
	}
	id, err = LoadIdentity(ctx, st)
	return id, true, err
}

// MyCard returns the vault's contact card with the display-name hint
// (creating the sharing identity on first use).
func MyCard(ctx context.Context, s *Session, name string) (identity.Card, error) {
	id, err := EnsureIdentity(ctx, s)
	if err != nil {
		return identity.Card{}, err
	}
	defer id.Destroy()
	return identity.NewCard(id.Keys(), name), nil
}

// AddPeer attaches the keys of a contact card to the contact (a new one
// named after the card's hint when contactID is ""). Adding different keys
// to a contact that had keys flags the change and clears verification.
func AddPeer(ctx context.Context, s *Session, cardLine, contactID string) (*store.Peer, error) {
	card, err := identity.ParseCard(cardLine)
	if err != nil {
		return nil, err
	}
	own, err := LoadIdentity(ctx, s.Store())
	own.Destroy()
	if err == nil && own.Keys().Equal(card.Keys) {
		return nil, ErrOwnCard
	}
	p, err := s.Store().Peers().Add(ctx, store.NewPeer{
		Keys:        contact.PeerKeys{Recipient: card.Recipient, SigningKey: card.SigningKeyText()},
		Fingerprint: card.Fingerprint().String(),
		NameHint:    card.Name,
		ContactID:   contactID,
	})
	if err != nil {
		return nil, err
	}
	s.Changed()
	return p, nil
}

// SafetyPhrase returns the phrase to compare with the peer (see
// [identity.SafetyPhrase]) and the peer.
func SafetyPhrase(ctx context.Context, s *Session, contactID string) (string, *store.Peer, error) {
	p, err := s.Store().Peers().Get(ctx, contactID)
	if err != nil {
		return "", nil, err
	}
	own, err := EnsureIdentity(ctx, s)
	if err != nil {
		return "", nil, err
	}
	own.Destroy()
	f, err := identity.ParseFingerprint(p.Fingerprint)
	if err != nil {
		return "", nil, fmt.Errorf("%w: peer fingerprint: %w", store.ErrDamaged, err)
	}
	return identity.SafetyPhrase(own.Fingerprint(), f), p, nil
}

// ExportRequest says what to export and to whom.
type ExportRequest struct {
	Selection merge.Selection
	// To are the contact IDs of the recipients (peers). Exactly one of
	// To and Passphrase must be set.
	To []string
	// Passphrase encrypts the bundle to a passphrase instead.
	Passphrase string
	// WorkFactor overrides the scrypt work factor (tests only; 0 means
	// the default).
	WorkFactor int
	// Armor writes ASCII armor, to paste into a messenger.
	Armor bool
}

// Exported is a sealed bundle.
type Exported struct {
	Data []byte
	// Name is a neutral random file name ("1a2b3c4d.age").
	Name     string
	Manifest *bundle.Manifest
}

// Export builds, signs and encrypts a bundle. It writes to the vault: the
// outgoing sequence number, and the versions now shared with each
// recipient (for conflict detection later).
func Export(ctx context.Context, s *Session, req ExportRequest) (*Exported, error) {
	if req.Selection.Empty() {
		return nil, errors.New("nothing selected to export")
	}
	if (len(req.To) == 0) == (req.Passphrase == "") {
		return nil, errors.New("export needs either recipients or a passphrase")
	}
	st := s.Store()
	id, err := EnsureIdentity(ctx, s)
	if err != nil {
		return nil, err
	}
	defer id.Destroy()
	var keys []identity.Keys
	var fps []string
	for _, cid := range req.To {
		p, err := st.Peers().Get(ctx, cid)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrNotPeer, cid)
		}
		if err != nil {
			return nil, err
		}
		k, err := identity.ParseKeys(p.Keys.Recipient, p.Keys.SigningKey)
		if err != nil {
			return nil, fmt.Errorf("%w: peer keys: %w", store.ErrDamaged, err)
		}
		keys = append(keys, k)
		fps = append(fps, p.Fingerprint)
	}
	self := id.Fingerprint().String()
	payload, err := merge.Collect(ctx, st, req.Selection, self, fps)
	if err != nil {
		return nil, err
	}
	var seq int64
	bundleID := uuid.NewString()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if seq, err = tx.NextSequence(ctx); err != nil {
			return err
		}
		// The bundle's content is this vault's: importing it here later
		// is a replay.
		if err := tx.Sync().RecordBundle(ctx, bundleID, self, seq); err != nil {
			return err
		}
		for _, fp := range fps {
			for _, r := range sharedVersions(payload) {
				if err := tx.Sync().SetBase(ctx, r.id, fp, store.SyncBase{Local: r.version, Remote: r.version}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Changed()
	data, m, err := bundle.Seal(id, payload, bundle.SealOptions{Recipients: keys, Passphrase: req.Passphrase,
		WorkFactor: req.WorkFactor, Armor: req.Armor, Sequence: seq, ID: bundleID})
	if err != nil {
		return nil, err
	}
	return &Exported{Data: data, Name: bundle.FileName(), Manifest: m}, nil
}

type sharedVersion struct {
	id      string
	version int64
}

func sharedVersions(p *bundle.Payload) []sharedVersion {
	var out []sharedVersion
	for _, c := range p.Contacts {
		out = append(out, sharedVersion{c.ID, c.Version})
	}
	for _, e := range p.Events {
		out = append(out, sharedVersion{e.ID, e.Version})
		for _, t := range e.Tasks {
			out = append(out, sharedVersion{t.ID, t.Version})
		}
	}
	for _, t := range p.Tutorials {
		out = append(out, sharedVersion{t.ID, t.Version})
	}
	return out
}

// Inspection is what a bundle holds and what importing it would do,
// found without writing anything.
type Inspection struct {
	Opened *bundle.Opened
	// Sender is the known peer who signed the bundle, or nil.
	Sender *store.Peer
	// Refusal is why the bundle cannot be imported as it is (nil if it
	// can): bundle.ErrForwarded, a *bundle.UnknownSenderError (which
	// ApplyImport accepts with TrustNewSender), bundle.ErrReplay (this
	// bundle was imported already: importing it again is a no-op) or
	// bundle.ErrOutdated (older than the last bundle from its sender, and
	// nothing in it is newer than this vault).
	Refusal error
	// Plan previews the merge; nil when the bundle is refused for a
	// reason other than an unknown sender.
	Plan *merge.Plan
}

// Manifest returns the bundle's manifest.
func (in *Inspection) Manifest() *bundle.Manifest { return in.Opened.Manifest }

// ImportOptions tune an import.
type ImportOptions struct {
	// Passphrase opens a passphrase bundle.
	Passphrase string
	// TrustNewSender accepts a bundle from an unknown signer, adding the
	// signer as a new (unverified) peer in the same transaction.
	TrustNewSender bool
	// Limits override bundle.DefaultLimits (tests).
	Limits bundle.Limits
}

// Inspect decrypts and verifies a bundle and previews its merge. It
// writes nothing, not even a sharing identity: a vault without one can
// only open passphrase bundles. Errors from opening the bundle are
// returned; refusals of a well-formed bundle are in Inspection.Refusal.
func Inspect(ctx context.Context, s *Session, data []byte, opts ImportOptions) (*Inspection, error) {
	st := s.Store()
	id, err := LoadIdentity(ctx, st)
	if err != nil && !errors.Is(err, ErrNoIdentity) {
		return nil, err
	}
	defer id.Destroy()
	o, err := bundle.Open(data, bundle.OpenOptions{Identity: id, Passphrase: opts.Passphrase, Limits: opts.Limits})
	if err != nil {
		return nil, err
	}
	self := ""
	if id != nil {
		self = id.Fingerprint().String()
	}
	in := &Inspection{Opened: o}
	state, err := senderState(ctx, st, o.Manifest, self)
	if err != nil {
		return nil, err
	}
	if state.Known && o.Manifest.Sender.Fingerprint != self {
		if in.Sender, err = st.Peers().ByFingerprint(ctx, o.Manifest.Sender.Fingerprint); err != nil {
			return nil, err
		}
	}
	in.Refusal = bundle.Check(o.Manifest, self, state)
	if in.Refusal == nil || errors.Is(in.Refusal, bundle.ErrUnknownSender) {
		if in.Plan, err = merge.MakePlan(ctx, st, o, self); err != nil {
			return nil, err
		}
	}
	if in.Refusal == nil {
		in.Refusal = merge.CheckNewer(o.Manifest, state, in.Plan)
	}
	return in, nil
}

// senderState is what the vault knows about the signer of m: a peer (its
// last imported sequence), or the vault itself (its own bundles: the
// last sequence it gave out), and whether this bundle was imported (or,
// for its own, made) here already.
func senderState(ctx context.Context, st *store.Store, m *bundle.Manifest, self string) (bundle.SenderState, error) {
	var state bundle.SenderState
	fp := m.Sender.Fingerprint
	switch p, err := st.Peers().ByFingerprint(ctx, fp); {
	case self != "" && fp == self:
		seq, err := st.OutgoingSequence(ctx)
		if err != nil {
			return state, err
		}
		state = bundle.SenderState{Known: true, LastSequence: seq}
	case err == nil:
		state = bundle.SenderState{Known: true, LastSequence: p.LastSequence}
	case !errors.Is(err, store.ErrNotFound):
		return state, err
	}
	imported, err := st.Sync().BundleImported(ctx, m.ID, fp)
	state.Imported = imported
	return state, err
}

// ApplyImport imports a bundle: it opens and checks it again and merges it
// in one store transaction. preview, if not nil, is the plan the user
// approved; if the vault changed so that the plan would differ, nothing
// is written (merge.ErrStale). Any refusal leaves the vault unchanged.
func ApplyImport(ctx context.Context, s *Session, data []byte, opts ImportOptions, preview *merge.Plan) (*merge.Plan, error) {
	in, err := Inspect(ctx, s, data, opts)
	if err != nil {
		return nil, err
	}
	var before func(tx *store.Tx) error
	if in.Refusal != nil {
		var unknown *bundle.UnknownSenderError
		if !errors.As(in.Refusal, &unknown) || !opts.TrustNewSender {
			return nil, in.Refusal
		}
		keys := in.Opened.SenderKeys
		before = func(tx *store.Tx) error {
			_, err := tx.Peers().Add(ctx, store.NewPeer{
				Keys:        contact.PeerKeys{Recipient: keys.Recipient, SigningKey: keys.SigningKeyText()},
				Fingerprint: unknown.Fingerprint,
			})
			return err
		}
	}
	self := ""
	if id, err := LoadIdentity(ctx, s.Store()); err == nil {
		self = id.Fingerprint().String()
		id.Destroy()
	}
	pl, err := merge.Apply(ctx, s.Store(), in.Opened, self, preview, before)
	if err != nil {
		return nil, err
	}
	s.compactNext()
	s.Changed()
	return pl, nil
}

// ErrNoConflict means there is no pending conflict with the given ID
// (it was resolved already, or never existed). It wraps store.ErrNotFound.
var ErrNoConflict = fmt.Errorf("conflict: %w", store.ErrNotFound)

// ResolveConflict settles the pending conflict whose copy has the ID
// conflictID, in one store transaction. keepMine keeps the local record
// and drops the incoming copy. Otherwise the local record (same ID, so
// links to it survive) takes the copy's content with its version bumped
// (an event also takes the copy's participants), and the copy is
// removed. Either way the conflict is marked resolved. An unknown or
// already resolved ID returns an error wrapping [ErrNoConflict] and
// changes nothing.
func ResolveConflict(ctx context.Context, s *Session, conflictID string, keepMine bool) error {
	err := s.Store().InTx(ctx, func(tx *store.Tx) error {
		cs, err := tx.Sync().Conflicts(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cs, func(c store.Conflict) bool { return c.CopyID == conflictID })
		if i < 0 {
			return fmt.Errorf("%w: %q", ErrNoConflict, conflictID)
		}
		c := cs[i]
		if err := resolveConflict(ctx, tx, c, keepMine); err != nil {
			return err
		}
		return tx.Sync().ResolveConflict(ctx, c.CopyID)
	})
	if err != nil {
		return err
	}
	s.Changed()
	return nil
}

// resolveConflict applies the choice to the records of c inside tx.
func resolveConflict(ctx context.Context, tx *store.Tx, c store.Conflict, keepMine bool) error {
	switch c.Kind {
	case record.Contact:
		if !keepMine {
			cp, err := tx.Contacts().Get(ctx, c.CopyID)
			if err != nil {
				return err
			}
			orig, err := tx.Contacts().Get(ctx, c.OriginalID)
			if err != nil {
				return err
			}
			// Trust and sharing keys are local knowledge: they stay.
			n := *cp
			n.ID, n.Version, n.Created, n.Origin, n.Trust, n.PeerKeys = orig.ID, orig.Version, orig.Created, orig.Origin, orig.Trust, orig.PeerKeys
			if err := tx.Contacts().Update(ctx, &n); err != nil {
				return err
			}
		}
		_, err := tx.Contacts().Delete(ctx, c.CopyID)
		return err
	case record.Event:
		if !keepMine {
			cp, err := tx.Events().Get(ctx, c.CopyID)
			if err != nil {
				return err
			}
			orig, err := tx.Events().Get(ctx, c.OriginalID)
			if err != nil {
				return err
			}
			parts, err := tx.Participants().ListForEvent(ctx, c.CopyID)
			if err != nil {
				return err
			}
			n := *cp
			n.ID, n.Version, n.Created, n.Origin = orig.ID, orig.Version, orig.Created, orig.Origin
			if err := tx.Events().Update(ctx, &n); err != nil {
				return err
			}
			list := make([]event.Participant, 0, len(parts))
			for _, p := range parts {
				list = append(list, event.Participant{ContactID: p.ContactID, Role: p.Role})
			}
			if err := tx.Participants().Replace(ctx, orig.ID, list); err != nil {
				return err
			}
		}
		return tx.Events().Delete(ctx, c.CopyID)
	case record.Task:
		if !keepMine {
			cp, err := tx.Tasks().Get(ctx, c.CopyID)
			if err != nil {
				return err
			}
			orig, err := tx.Tasks().Get(ctx, c.OriginalID)
			if err != nil {
				return err
			}
			n := *cp
			n.ID, n.Version, n.Created, n.Origin, n.EventID = orig.ID, orig.Version, orig.Created, orig.Origin, orig.EventID
			if err := tx.Tasks().Update(ctx, &n); err != nil {
				return err
			}
		}
		return tx.Tasks().Delete(ctx, c.CopyID)
	case record.Tutorial:
		if !keepMine {
			cp, err := tx.Tutorials().Get(ctx, c.CopyID)
			if err != nil {
				return err
			}
			orig, err := tx.Tutorials().Get(ctx, c.OriginalID)
			if err != nil {
				return err
			}
			// The copy has a free slug of its own: mine keeps its slug,
			// language and source.
			n := *cp
			n.ID, n.Version, n.Created, n.Origin = orig.ID, orig.Version, orig.Created, orig.Origin
			n.Slug, n.Language, n.Source = orig.Slug, orig.Language, orig.Source
			if err := tx.Tutorials().Update(ctx, &n); err != nil {
				return err
			}
		}
		return tx.Tutorials().Delete(ctx, c.CopyID)
	}
	return fmt.Errorf("conflict of unknown kind %q", c.Kind)
}
