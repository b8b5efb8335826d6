package bundle

import (
	"errors"
	"fmt"
)

// Errors returned when a bundle is refused. Every error of [Open] and
// [Check] wraps exactly one of them; test with [errors.Is]. Whatever the
// error, nothing has been written anywhere.
var (
	// ErrTooLarge means the file, a part of it or its expanded payload
	// exceeds a limit (see [Limits]).
	ErrTooLarge = errors.New("bundle is too large")
	// ErrTooDeep means the payload nests deeper than allowed.
	ErrTooDeep = errors.New("bundle payload is nested too deeply")
	// ErrTooManyItems means the payload holds more items than allowed.
	ErrTooManyItems = errors.New("bundle holds too many items")
	// ErrVersion means the bundle uses a format this version does not know.
	ErrVersion = errors.New("unsupported bundle format version")
	// ErrNotForUs means the bundle cannot be decrypted with this vault's
	// key (or the passphrase given).
	ErrNotForUs = errors.New("bundle is not addressed to this vault")
	// ErrForwarded means the bundle decrypted, but its signed list of
	// recipients does not name this vault, or it is encrypted otherwise
	// than its signed manifest says (a passphrase bundle encrypted to a
	// key, or the reverse): someone re-encrypted a bundle meant for
	// others.
	ErrForwarded = errors.New("bundle was forwarded: this vault is not among its signed recipients")
	// ErrTampered means the bundle was changed after it was made: the
	// encryption, signature, hash or structure does not check out.
	ErrTampered = errors.New("bundle is damaged or was tampered with")
	// ErrUnsigned means the bundle carries no signature.
	ErrUnsigned = errors.New("bundle is not signed")
	// ErrUnknownSender means the signer is not a known peer; see
	// [*UnknownSenderError] for the fingerprint to show.
	ErrUnknownSender = errors.New("bundle is from an unknown sender")
	// ErrReplay means this very bundle (its ID, from its signer) was
	// imported already; importing it again would change nothing.
	ErrReplay = errors.New("bundle was already imported")
	// ErrOutdated means the bundle's sequence is not above the last one
	// imported from its sender and nothing in it is newer than what the
	// vault holds: it is refused, so that an old or replayed file is
	// never mistaken for news.
	ErrOutdated = errors.New("bundle is older than the last one from this sender and holds nothing newer")
	// ErrNeedPassphrase means the bundle is encrypted to a passphrase and
	// none was given.
	ErrNeedPassphrase = errors.New("bundle is protected by a passphrase")
	// ErrInvalid means the payload decoded but holds invalid records.
	ErrInvalid = errors.New("bundle holds invalid records")
)

// UnknownSenderError is returned (wrapped in nothing) by [Check] for a
// validly signed bundle from keys the vault does not know. The caller
// shows the fingerprint and asks for an explicit trust decision.
type UnknownSenderError struct {
	Fingerprint string
}

func (e *UnknownSenderError) Error() string {
	return fmt.Sprintf("bundle is from an unknown sender (fingerprint %s)", e.Fingerprint)
}

// Unwrap returns [ErrUnknownSender].
func (e *UnknownSenderError) Unwrap() error { return ErrUnknownSender }

func errf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
