package app

import (
	"errors"
	"strings"
	"unicode"

	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/validate"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// Message is a translatable description of an outcome: a message ID from
// locales/en.toml and the values for its placeholders.
type Message struct {
	ID   string
	Args map[string]any
	// Details is the text of the error behind an unexpected failure, for
	// whoever helps the user find out why ("Details" in the app, a
	// second line on standard error in the CLI); "" for the failures a
	// message fully explains. It names operations and causes but never
	// holds vault contents or passphrases: quoted values are left out
	// (see [Redact]).
	Details string
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
	case errors.Is(err, ErrCheckFailed):
		return Message{ID: "error.check_failed"}
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
		return Message{ID: "error.io", Details: Redact(err)}
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
	if zone, ok := missingZone(err); ok {
		return Message{ID: "error.zone_unavailable", Args: map[string]any{"Zone": zone}, Details: Redact(err)}
	}
	return Message{ID: "error.unexpected", Args: map[string]any{"Cause": operation(err)}, Details: Redact(err)}
}

// missingZone finds a time zone the time package could not load in err's
// chain ("unknown time zone Europe/Berlin", as a build without time-zone
// data says for every named zone) and returns its name.
func missingZone(err error) (string, bool) {
	const prefix = "unknown time zone "
	for e := err; e != nil; e = errors.Unwrap(e) {
		if msg := e.Error(); strings.HasPrefix(msg, prefix) {
			zone := strings.TrimSpace(strings.TrimPrefix(msg, prefix))
			if zone != "" && len(zone) <= 64 && !strings.ContainsAny(zone, " \t\n\"'") {
				return zone, true
			}
		}
	}
	return "", false
}

// operation returns what failed, from the outermost layer of err's text:
// the words before its first ": " ("failed to add contact"), redacted and
// at most 80 characters.
func operation(err error) string {
	text := Redact(err)
	if i := strings.Index(text, ": "); i > 0 {
		text = text[:i]
	}
	if r := []rune(text); len(r) > 80 {
		text = string(r[:79]) + "…"
	}
	return text
}

// Redact returns err's text for people helping the user: on one line,
// without control characters, at most 500 characters, and with every
// quoted part ("…", '…', “…”, «…», `…`) replaced by "…", since that is
// where error texts hold values: a search, a name, a file's line. The
// wrapping layers of this program's errors name operations and IDs, never
// vault contents or passphrases; quoting keeps any value that reaches an
// error out of what is shown.
func Redact(err error) string {
	if err == nil {
		return ""
	}
	closers := map[rune]rune{'"': '"', '\'': '\'', '“': '”', '«': '»', '`': '`', '‘': '’', '„': '“'}
	var b strings.Builder
	src := []rune(err.Error())
	for i := 0; i < len(src); i++ {
		c := src[i]
		if end, ok := closers[c]; ok && !(c == '\'' && i > 0 && unicode.IsLetter(src[i-1])) {
			j := i + 1
			for j < len(src) && src[j] != end {
				j++
			}
			b.WriteString("…")
			i = j // an unclosed quote hides the rest
			continue
		}
		switch {
		case c == '\n' || c == '\r' || c == '\t':
			b.WriteRune(' ')
		case unicode.IsControl(c) || unicode.Is(unicode.Cf, c):
		default:
			b.WriteRune(c)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if r := []rune(out); len(r) > 500 {
		out = string(r[:499]) + "…"
	}
	return out
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
