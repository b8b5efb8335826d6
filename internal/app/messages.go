package app

import (
	"errors"
	"strings"
	"unicode"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
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
	// Then is the ID of a second message (without placeholders) that
	// follows this one on the same line, or "".
	Then string
	// Topic says which input the failure refuses, so a screen can show
	// its own refusals beside that input (a shared file, a calendar or
	// contact file) and pass every other failure to the general error
	// dialog.
	Topic Topic
}

// Topic is the input a message is about.
type Topic int

// Topics of messages.
const (
	// TopicGeneral is every failure not about one of the inputs below.
	TopicGeneral Topic = iota
	// TopicShared is a shared file, a contact card or a trusted person.
	TopicShared
	// TopicCalendar is a calendar file (export or import).
	TopicCalendar
	// TopicContactFile is a vCard or CSV file (import).
	TopicContactFile
	// TopicTemplateFile is a campaign template file (import). Its
	// messages name the file: the screen adds its name as "Name".
	TopicTemplateFile
	// TopicTutorialFile is a tutorial file (import); like
	// TopicTemplateFile, the screen adds the file's name as "Name".
	TopicTutorialFile
)

// ForCommand marks err as the end of a command-line command, for
// [Explain]: the process ends with it, so the changes the command made are
// gone and a message must neither offer Retry nor say the changes are
// still here. nil stays nil.
func ForCommand(err error) error {
	if err == nil {
		return nil
	}
	return &commandError{err}
}

type commandError struct{ err error }

func (e *commandError) Error() string { return e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// Explain turns an error from any layer into the one line a person should
// read: what happened, whether anything was lost, and what to do next. It
// is the only function that does: every screen of the GUI and every
// command of the CLI translates the message it returns, and neither shows
// the raw error to the user. Wording that depends on where the error
// happened is chosen by the error's type ([ForCommand], [WipeFailure]),
// not by the caller.
func Explain(err error) Message {
	if err == nil {
		return Message{ID: "save.saved"}
	}
	if m, ok := explainCommand(err); ok {
		return m
	}
	if m, ok := explainInput(err); ok {
		return m
	}
	var (
		damaged *vault.DamagedError
		saveErr *vault.SaveError
		keyErr  *vault.RecoveryKeyError
		field   *validate.FieldError
		fields  validate.Errors
		wipe    *wipeFailure
		wipeErr *vault.WipeError
	)
	switch {
	case errors.As(err, &wipe) && errors.As(err, &wipeErr):
		if !wipe.rep.KeyGone() {
			return Message{ID: "wipe.key_failed", Args: map[string]any{"Dir": wipe.rep.Dir}}
		}
		var names []string
		for _, f := range wipeErr.Failed {
			names = append(names, f.Name)
		}
		return Message{ID: "wipe.partial", Args: map[string]any{"Files": strings.Join(names, ", ")}}
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

// explainCommand words the failures that end a command-line command
// ([ForCommand]) differently from the app's.
func explainCommand(err error) (Message, bool) {
	var (
		cmd     *commandError
		damaged *vault.DamagedError
		se      *vault.SaveError
	)
	if !errors.As(err, &cmd) {
		return Message{}, false
	}
	switch {
	case errors.As(err, &damaged) && damaged.File == vault.DataFile:
		// The command line checks the previous copy with a flag.
		return Message{ID: "error.damaged", Then: "cli.check.try_previous"}, true
	case errors.Is(err, vault.ErrChangedOnDisk):
		return Message{ID: "cli.save.changed_on_disk"}, true
	case !errors.As(err, &se):
		return Message{}, false
	// The app's messages offer Retry and say the changes are still
	// here; the command has ended and its changes are gone.
	case se.Kind == vault.FaultNoSpace:
		return Message{ID: "cli.save.disk_full"}, true
	case se.Kind == vault.FaultPermission:
		return Message{ID: "cli.save.permission"}, true
	case se.Kind == vault.FaultReadOnly:
		return Message{ID: "cli.save.read_only"}, true
	}
	return Message{ID: "cli.save.io"}, true
}

// explainInput words the refusals of outside input: shared files and
// cards, calendar files, contact files.
func explainInput(err error) (Message, bool) {
	if m, ok := explainShared(err); ok {
		m.Topic = TopicShared
		return m, true
	}
	if m, ok := explainCalendar(err); ok {
		m.Topic = TopicCalendar
		return m, true
	}
	if m, ok := explainContactFile(err); ok {
		m.Topic = TopicContactFile
		return m, true
	}
	if m, ok := explainTemplateFile(err); ok {
		m.Topic = TopicTemplateFile
		return m, true
	}
	if m, ok := explainTutorialFile(err); ok {
		m.Topic = TopicTutorialFile
		return m, true
	}
	return Message{}, false
}

// explainTemplateFile words a template file that could not be read. The
// messages name the file: the screen adds its name as the "Name" value.
func explainTemplateFile(err error) (Message, bool) {
	switch {
	case errors.Is(err, campaign.ErrTooLarge):
		return Message{ID: "templates.import.too_large", Args: map[string]any{"Limit": campaign.MaxSize >> 10}}, true
	case errors.Is(err, ErrTemplateUnreadable):
		return Message{ID: "tutorials.import.unreadable", Args: map[string]any{"Reason": Redact(err)}}, true
	}
	return Message{}, false
}

// explainTutorialFile words a tutorial file that could not be read; like
// explainTemplateFile, the screen adds the file's name.
func explainTutorialFile(err error) (Message, bool) {
	switch {
	case errors.Is(err, tutorial.ErrTooLarge):
		return Message{ID: "tutorials.import.too_large", Args: map[string]any{"Limit": tutorial.MaxFileSize >> 10}}, true
	case errors.Is(err, tutorial.ErrUnreadable):
		return Message{ID: "tutorials.import.unreadable", Args: map[string]any{"Reason": Redact(err)}}, true
	}
	return Message{}, false
}

func explainShared(err error) (Message, bool) {
	var unknown *bundle.UnknownSenderError
	switch {
	case errors.As(err, &unknown):
		return Message{ID: "error.bundle_unknown_sender", Args: map[string]any{"Fingerprint": unknown.Fingerprint}}, true
	case errors.Is(err, ErrSharedFileUnreadable):
		return Message{ID: "sharing.open.unreadable"}, true
	}
	for _, e := range []struct {
		err error
		id  string
	}{
		{bundle.ErrTooLarge, "error.bundle_too_large"},
		{bundle.ErrTooDeep, "error.bundle_too_deep"},
		{bundle.ErrTooManyItems, "error.bundle_too_many_items"},
		{bundle.ErrVersion, "error.bundle_version"},
		{bundle.ErrNotForUs, "error.bundle_not_for_us"},
		{bundle.ErrForwarded, "error.bundle_forwarded"},
		{bundle.ErrTampered, "error.bundle_tampered"},
		{bundle.ErrUnsigned, "error.bundle_unsigned"},
		{bundle.ErrReplay, "error.bundle_replay"},
		{bundle.ErrOutdated, "error.bundle_outdated"},
		{bundle.ErrNeedPassphrase, "error.bundle_need_passphrase"},
		{bundle.ErrInvalid, "error.bundle_invalid"},
		{merge.ErrStale, "error.bundle_stale"},
		{identity.ErrCard, "error.bundle_card_invalid"},
		{ErrOwnCard, "error.bundle_own_card"},
		{ErrNotPeer, "error.bundle_not_peer"},
		{store.ErrPeerExists, "error.bundle_peer_exists"},
	} {
		if errors.Is(err, e.err) {
			return Message{ID: e.id}, true
		}
	}
	return Message{}, false
}

func explainCalendar(err error) (Message, bool) {
	var le *ics.LineError
	switch {
	case errors.Is(err, ics.ErrUnreadable):
		return Message{ID: "calendar.import.unreadable"}, true
	case errors.Is(err, ics.ErrTooLarge):
		return Message{ID: "calendar.error.too_large"}, true
	case errors.Is(err, ics.ErrNotCalendar):
		return Message{ID: "calendar.error.not_calendar"}, true
	case errors.As(err, &le):
		return Message{ID: "calendar.error.malformed_line", Args: map[string]any{"Line": le.Line}}, true
	case errors.Is(err, ics.ErrMalformed):
		return Message{ID: "calendar.error.malformed"}, true
	case errors.Is(err, ics.ErrNothingToImport):
		return Message{ID: "calendar.error.nothing_new"}, true
	case errors.Is(err, ics.ErrNothingToExport):
		return Message{ID: "calendar.error.nothing_to_export"}, true
	}
	return Message{}, false
}

func explainContactFile(err error) (Message, bool) {
	if errors.Is(err, contactio.ErrUnreadable) {
		return Message{ID: "contacts.io.unreadable"}, true
	}
	for _, e := range []struct {
		err error
		id  string
	}{
		{contactio.ErrTooLarge, "import.error.too_large"},
		{contactio.ErrTooManyRecords, "import.error.too_many_records"},
		{contactio.ErrTooManyColumns, "import.error.too_many_columns"},
		{contactio.ErrEmpty, "import.error.empty"},
		{contactio.ErrNotVCard, "import.error.not_vcard"},
		{contactio.ErrBinary, "import.error.binary"},
		{contactio.ErrStale, "import.error.stale"},
		{contactio.ErrCalendarFile, "import.error.calendar_file"},
		{contactio.ErrSharedFile, "import.error.shared_file"},
		{contactio.ErrNotContacts, "import.error.not_contacts"},
	} {
		if errors.Is(err, e.err) {
			return Message{ID: e.id, Args: map[string]any{"Max": contactio.DefaultLimits.Records}}, true
		}
	}
	return Message{}, false
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
