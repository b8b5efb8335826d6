package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/safehouse-app/safehouse/internal/demo"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// The duress passphrase (see docs/duress.md).
//
// The vault's second key slot holds a decoy: a small, ordinary vault of
// its own. Unlocking with the duress passphrase destroys the vault and
// opens the decoy in its place (package vault does that, in Open). The
// vault keeps the decoy's data key among its secrets, so the decoy can be
// reviewed and edited from the vault without the duress passphrase and
// without triggering it; nothing outside the vault records that a decoy
// exists.

// decoyKeySecret names the decoy's data key among the vault's secrets.
const decoyKeySecret = "decoy-key"

// ErrDecoySession is returned by the duress operations on a session that
// is itself the decoy being reviewed.
var ErrDecoySession = errors.New("this is the decoy, not the vault")

// ErrNoDecoy is returned by [Session.OpenDecoy] when no duress passphrase
// is set, or the second slot no longer holds the decoy this vault made
// (it was replaced by a copy from elsewhere, or damaged).
var ErrNoDecoy = errors.New("no decoy to review")

// DecoyImage builds the database of a new decoy vault in lang, with
// events dated from now in the zone loc: what someone sees after the
// duress passphrase. It is an ordinary vault's database (built-in
// tutorials, a sharing identity) holding demo.Decoy's content.
func DecoyImage(lang string, now time.Time, loc *time.Location) ([]byte, error) {
	ctx := context.Background()
	st, err := store.New()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	syncBuiltins(st)
	if _, _, err := ensureIdentity(ctx, st); err != nil {
		return nil, err
	}
	if err := demo.Decoy(ctx, st, lang, now, loc); err != nil {
		return nil, fmt.Errorf("failed to make the decoy: %w", err)
	}
	if err := st.Optimize(ctx); err != nil {
		return nil, err
	}
	return st.Serialize()
}

// IsDecoy reports whether the session is the decoy opened for review
// with [Session.OpenDecoy].
func (s *Session) IsDecoy() bool { return s.decoy }

// HasDuress reports whether a duress passphrase is set: the vault keeps
// a decoy's key.
func (s *Session) HasDuress() bool {
	if s.decoy {
		return false
	}
	_, err := s.store.Secret(context.Background(), decoyKeySecret)
	return err == nil
}

// SetDuress makes pass the duress passphrase, with a new decoy in lang
// (events dated from now in the IANA zone named zone; UTC when it cannot
// be loaded) replacing any earlier one, and saves the vault. It returns
// [vault.ErrPassphraseTaken] when pass is the vault's passphrase.
func (s *Session) SetDuress(pass []byte, lang string, now time.Time, zone string) error {
	if s.decoy {
		return ErrDecoySession
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		loc = time.UTC
	}
	img, err := DecoyImage(lang, now, loc)
	if err != nil {
		return err
	}
	key, err := s.vault.SetSecond(pass, img)
	clear(img)
	if err != nil {
		return err
	}
	if err := s.store.SetSecret(context.Background(), decoyKeySecret, key); err != nil {
		return err
	}
	return s.SaveNow()
}

// ClearDuress removes the duress passphrase and destroys the decoy; the
// second key slot becomes unconfigured, as in a vault that never had
// one. The vault is saved.
func (s *Session) ClearDuress() error {
	if s.decoy {
		return ErrDecoySession
	}
	if err := s.vault.ClearSecond(); err != nil {
		return err
	}
	if err := s.store.SetSecret(context.Background(), decoyKeySecret, ""); err != nil {
		return err
	}
	return s.SaveNow()
}

// OpenDecoy opens the decoy for review as a session of its own: edits
// are saved to the decoy, and the duress passphrase is not involved. The
// vault's session stays open (it holds the lock the decoy shares) and
// must outlive the decoy's. It returns [ErrNoDecoy] when there is none.
func (s *Session) OpenDecoy() (*Session, error) {
	if s.decoy {
		return nil, ErrDecoySession
	}
	key, err := s.store.Secret(context.Background(), decoyKeySecret)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoDecoy
	}
	if err != nil {
		return nil, err
	}
	d, err := s.vault.OpenSecond(key)
	if errors.Is(err, vault.ErrNoSecond) {
		return nil, ErrNoDecoy
	}
	if err != nil {
		return nil, err
	}
	ds, err := Load(d, vault.Current)
	if err != nil {
		d.Close()
		return nil, err
	}
	ds.decoy = true
	return ds, nil
}

// Reopen checks pass for a session kept in memory while the app was
// locked (its last save failed). It returns s when pass is the vault's
// passphrase. When it is the duress passphrase the vault is replaced by
// its decoy (see [vault.Vault.Reopen]): s is dropped unsaved and the
// decoy is returned as a new session, as an unlock would have opened
// it.
func (s *Session) Reopen(pass []byte) (*Session, error) {
	switched, err := s.vault.Reopen(pass)
	if err != nil {
		return nil, err
	}
	if !switched {
		return s, nil
	}
	s.drop()
	return Load(s.vault, vault.Current)
}

// drop closes the session's database without saving and without closing
// the vault, which goes on to serve another session.
func (s *Session) drop() {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	s.closed = true
	s.listeners = nil
	s.mu.Unlock()
	s.store.Close()
}
