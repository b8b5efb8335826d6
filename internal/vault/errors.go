package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

var (
	// ErrWrongPassphrase is returned by [Open] and [Vault.ChangePassphrase]
	// when the passphrase does not unlock key.age.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrInUse is returned by [Open] and [Create] when another process (or
	// another window of this one) holds the vault open.
	ErrInUse = errors.New("vault is in use")
	// ErrNotFound is returned by [Open] when the directory holds no vault.
	ErrNotFound = errors.New("no vault in this folder")
	// ErrExists is returned by [Create] when the directory already holds a vault.
	ErrExists = errors.New("a vault already exists in this folder")
	// ErrChangedOnDisk is returned by [Vault.Save] when data.age was changed
	// by someone else since this process loaded or last saved it.
	ErrChangedOnDisk = errors.New("vault file changed on disk since it was loaded")
	// ErrClosed is returned when a closed vault is used.
	ErrClosed = errors.New("vault is closed")
	// ErrNotLoaded is returned by [Vault.Save] before [Vault.Load] succeeded.
	ErrNotLoaded = errors.New("vault data was not loaded")
)

// DamagedError reports a vault file that could not be decrypted or parsed.
// It is returned before anything is deserialized.
type DamagedError struct {
	// File is the base name of the damaged file (key.age, data.age or
	// data.age.prev).
	File string
	// Err is the underlying cause.
	Err error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("vault file %s is damaged: %v", e.File, e.Err)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// IsDamaged reports whether err is, or wraps, a [*DamagedError].
func IsDamaged(err error) bool {
	var d *DamagedError
	return errors.As(err, &d)
}

// FaultKind classifies an I/O failure so the user can be told what to do.
type FaultKind int

const (
	// FaultIO is any other input/output failure.
	FaultIO FaultKind = iota
	// FaultNoSpace means the disk (or quota) is full.
	FaultNoSpace
	// FaultPermission means the operating system refused access.
	FaultPermission
	// FaultReadOnly means the file system is mounted read-only.
	FaultReadOnly
)

func (k FaultKind) String() string {
	switch k {
	case FaultNoSpace:
		return "no space"
	case FaultPermission:
		return "permission denied"
	case FaultReadOnly:
		return "read-only file system"
	default:
		return "i/o error"
	}
}

// SaveError is returned when writing a vault file failed. The files that
// were on disk before the attempt are unchanged.
type SaveError struct {
	// Op names the step that failed ("write", "sync", "rename", ...).
	Op string
	// Kind classifies the failure.
	Kind FaultKind
	// Err is the underlying cause.
	Err error
}

func (e *SaveError) Error() string {
	return fmt.Sprintf("failed to save vault (%s, %s): %v", e.Op, e.Kind, e.Err)
}

func (e *SaveError) Unwrap() error { return e.Err }

// saveErr wraps err as a *SaveError, classifying it.
func saveErr(op string, err error) error {
	var se *SaveError
	if errors.As(err, &se) {
		return err
	}
	return &SaveError{Op: op, Kind: classify(err), Err: err}
}

func classify(err error) FaultKind {
	switch {
	case errors.Is(err, syscall.ENOSPC) || isQuota(err):
		return FaultNoSpace
	case errors.Is(err, syscall.EROFS):
		return FaultReadOnly
	case errors.Is(err, fs.ErrPermission):
		return FaultPermission
	default:
		return FaultIO
	}
}
