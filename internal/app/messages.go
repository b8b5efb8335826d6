package app

import (
	"errors"
	"strings"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/validate"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// Message is a translatable description of an outcome: a message ID from
// locales/en.toml and the values for its placeholders.
type Message struct {
	ID   string
	Args map[string]any
}

// Explain turns an error from any layer into the one line a person should
// read: what happened, whether anything was lost, and what to do next. The
// GUI and the CLI both translate the returned message; neither shows the
// raw error to the user.
func Explain(err error) Message {
	var (
		damaged *vault.DamagedError
		saveErr *vault.SaveError
		keyErr  *vault.RecoveryKeyError
		field   *validate.FieldError
		fields  validate.Errors
	)
	switch {
	case err == nil:
		return Message{ID: "save.saved"}
	case errors.Is(err, vault.ErrWrongPassphrase):
		return Message{ID: "error.wrong_passphrase"}
	case errors.Is(err, vault.ErrPassphraseTaken):
		return Message{ID: "error.passphrase_taken"}
	case errors.Is(err, ErrNoDecoy):
		return Message{ID: "duress.no_decoy"}
	case errors.Is(err, vault.ErrWrongRecoveryKey):
		return Message{ID: "error.recovery_wrong_vault"}
	case errors.As(err, &keyErr):
		switch keyErr.Problem {
		case vault.KeyBadLength:
			return Message{ID: "error.recovery_length", Args: map[string]any{"Groups": vault.RecoveryGroups}}
		case vault.KeyBadCharacter:
			return Message{ID: "error.recovery_character", Args: map[string]any{"Group": keyErr.Group}}
		}
		return Message{ID: "error.recovery_typo"}
	case errors.As(err, &damaged):
		if damaged.File == vault.KeyFile {
			return Message{ID: "error.key_damaged"}
		}
		if damaged.File == vault.PrevFile {
			return Message{ID: "error.damaged"}
		}
		return Message{ID: "error.damaged_offer_previous"}
	case errors.Is(err, vault.ErrInUse):
		return Message{ID: "error.in_use"}
	case errors.Is(err, vault.ErrNotVault):
		return Message{ID: "wipe.not_vault"}
	case errors.Is(err, vault.ErrNotFound):
		return Message{ID: "error.no_vault"}
	case errors.Is(err, vault.ErrExists):
		return Message{ID: "error.vault_exists"}
	case errors.Is(err, store.ErrNewerVersion):
		return Message{ID: "error.newer_version"}
	case errors.Is(err, vault.ErrChangedOnDisk):
		return Message{ID: "error.changed_on_disk"}
	case errors.As(err, &saveErr):
		switch saveErr.Kind {
		case vault.FaultNoSpace:
			return Message{ID: "error.disk_full"}
		case vault.FaultPermission:
			return Message{ID: "error.permission"}
		case vault.FaultReadOnly:
			return Message{ID: "error.read_only"}
		}
		return Message{ID: "error.io"}
	case errors.As(err, &fields) && len(fields) > 0:
		return fieldMessage(fields[0])
	case errors.As(err, &field):
		return fieldMessage(field)
	case errors.Is(err, store.ErrNotFound):
		return Message{ID: "error.not_found"}
	case errors.Is(err, store.ErrAmbiguous):
		return Message{ID: "error.ambiguous_id"}
	case errors.Is(err, store.ErrPrefixTooShort):
		return Message{ID: "error.id_too_short"}
	}
	return Message{ID: "error.unknown"}
}

// fieldMessage translates a validation error. Message templates name their
// placeholders in title case ({{.Max}}), the domain packages in lower case.
func fieldMessage(e *validate.FieldError) Message {
	args := make(map[string]any, len(e.Args))
	for k, v := range e.Args {
		if k != "" {
			args[strings.ToUpper(k[:1])+k[1:]] = v
		}
	}
	return Message{ID: "validation." + e.Code, Args: args}
}
