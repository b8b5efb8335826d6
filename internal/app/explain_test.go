package app

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/campaign"
	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/interop/contactio"
	"github.com/safehouse-app/safehouse/internal/interop/ics"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/tutorial"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// TestExplainTable maps every sentinel and typed error a face may meet to
// its message ID and topic, wrapped the way callers wrap them (%w), and
// checks each message exists in English with its placeholders filled.
func TestExplainTable(t *testing.T) {
	tr, err := i18n.New("en")
	if err != nil {
		t.Fatal(err)
	}
	wipeRep := vault.WipeReport{Dir: "/v", Files: []vault.WipedFile{{Name: vault.KeyFile, Removed: true}, {Name: vault.DataFile, Err: syscall.EIO}}}
	keyKept := vault.WipeReport{Dir: "/v", Files: []vault.WipedFile{{Name: vault.KeyFile, Err: syscall.EPERM}}}
	cases := []struct {
		err   error
		id    string
		topic Topic
		then  string
	}{
		{nil, "save.saved", TopicGeneral, ""},
		{vault.ErrWrongPassphrase, "error.wrong_passphrase", TopicGeneral, ""},
		{vault.ErrPassphraseTaken, "error.passphrase_taken", TopicGeneral, ""},
		{ErrNoDecoy, "duress.no_decoy", TopicGeneral, ""},
		{vault.ErrWrongRecoveryKey, "error.recovery_wrong_vault", TopicGeneral, ""},
		{&vault.RecoveryKeyError{Problem: vault.KeyBadLength}, "error.recovery_length", TopicGeneral, ""},
		{&vault.RecoveryKeyError{Problem: vault.KeyBadCharacter, Group: 2}, "error.recovery_character", TopicGeneral, ""},
		{&vault.RecoveryKeyError{Problem: vault.KeyTypo}, "error.recovery_typo", TopicGeneral, ""},
		{ErrCheckFailed, "error.check_failed", TopicGeneral, ""},
		{&vault.DamagedError{File: vault.KeyFile}, "error.key_damaged", TopicGeneral, ""},
		{&vault.DamagedError{File: vault.PrevFile}, "error.damaged", TopicGeneral, ""},
		{&vault.DamagedError{File: vault.DataFile}, "error.damaged_offer_previous", TopicGeneral, ""},
		{vault.ErrInUse, "error.in_use", TopicGeneral, ""},
		{vault.ErrNotVault, "wipe.not_vault", TopicGeneral, ""},
		{vault.ErrNotFound, "error.no_vault", TopicGeneral, ""},
		{vault.ErrExists, "error.vault_exists", TopicGeneral, ""},
		{store.ErrNewerVersion, "error.newer_version", TopicGeneral, ""},
		{vault.ErrChangedOnDisk, "error.changed_on_disk", TopicGeneral, ""},
		{&vault.SaveError{Kind: vault.FaultNoSpace}, "error.disk_full", TopicGeneral, ""},
		{&vault.SaveError{Kind: vault.FaultPermission}, "error.permission", TopicGeneral, ""},
		{&vault.SaveError{Kind: vault.FaultReadOnly}, "error.read_only", TopicGeneral, ""},
		{&vault.SaveError{Kind: vault.FaultIO, Err: syscall.EIO}, "error.io", TopicGeneral, ""},
		{store.ErrNotFound, "error.not_found", TopicGeneral, ""},
		{store.ErrAmbiguous, "error.ambiguous_id", TopicGeneral, ""},
		{store.ErrPrefixTooShort, "error.id_too_short", TopicGeneral, ""},
		{errors.New("failed to add contact: boom"), "error.unexpected", TopicGeneral, ""},

		// The command line: the command has ended, its changes are gone.
		{ForCommand(&vault.DamagedError{File: vault.DataFile}), "error.damaged", TopicGeneral, "cli.check.try_previous"},
		{ForCommand(&vault.DamagedError{File: vault.KeyFile}), "error.key_damaged", TopicGeneral, ""},
		{ForCommand(vault.ErrChangedOnDisk), "cli.save.changed_on_disk", TopicGeneral, ""},
		{ForCommand(&vault.SaveError{Kind: vault.FaultNoSpace}), "cli.save.disk_full", TopicGeneral, ""},
		{ForCommand(&vault.SaveError{Kind: vault.FaultPermission}), "cli.save.permission", TopicGeneral, ""},
		{ForCommand(&vault.SaveError{Kind: vault.FaultReadOnly}), "cli.save.read_only", TopicGeneral, ""},
		{ForCommand(&vault.SaveError{Kind: vault.FaultIO}), "cli.save.io", TopicGeneral, ""},
		{ForCommand(vault.ErrWrongPassphrase), "error.wrong_passphrase", TopicGeneral, ""},
		{ForCommand(bundle.ErrTampered), "error.bundle_tampered", TopicShared, ""},

		// Wipes.
		{WipeFailure(wipeRep, &vault.WipeError{Failed: wipeRep.Files[1:]}), "wipe.partial", TopicGeneral, ""},
		{WipeFailure(keyKept, &vault.WipeError{Failed: keyKept.Files}), "wipe.key_failed", TopicGeneral, ""},
		{WipeFailure(vault.WipeReport{}, vault.ErrInUse), "error.in_use", TopicGeneral, ""},

		// Shared files, cards and trusted people.
		{&bundle.UnknownSenderError{Fingerprint: "AB12"}, "error.bundle_unknown_sender", TopicShared, ""},
		{ErrSharedFileUnreadable, "sharing.open.unreadable", TopicShared, ""},
		{bundle.ErrTooLarge, "error.bundle_too_large", TopicShared, ""},
		{bundle.ErrTooDeep, "error.bundle_too_deep", TopicShared, ""},
		{bundle.ErrTooManyItems, "error.bundle_too_many_items", TopicShared, ""},
		{bundle.ErrVersion, "error.bundle_version", TopicShared, ""},
		{bundle.ErrNotForUs, "error.bundle_not_for_us", TopicShared, ""},
		{bundle.ErrForwarded, "error.bundle_forwarded", TopicShared, ""},
		{bundle.ErrTampered, "error.bundle_tampered", TopicShared, ""},
		{bundle.ErrUnsigned, "error.bundle_unsigned", TopicShared, ""},
		{bundle.ErrReplay, "error.bundle_replay", TopicShared, ""},
		{bundle.ErrOutdated, "error.bundle_outdated", TopicShared, ""},
		{bundle.ErrNeedPassphrase, "error.bundle_need_passphrase", TopicShared, ""},
		{bundle.ErrInvalid, "error.bundle_invalid", TopicShared, ""},
		{merge.ErrStale, "error.bundle_stale", TopicShared, ""},
		{identity.ErrCard, "error.bundle_card_invalid", TopicShared, ""},
		{ErrOwnCard, "error.bundle_own_card", TopicShared, ""},
		{ErrNotPeer, "error.bundle_not_peer", TopicShared, ""},
		{store.ErrPeerExists, "error.bundle_peer_exists", TopicShared, ""},

		// Calendar files.
		{ics.ErrUnreadable, "calendar.import.unreadable", TopicCalendar, ""},
		{ics.ErrTooLarge, "calendar.error.too_large", TopicCalendar, ""},
		{ics.ErrNotCalendar, "calendar.error.not_calendar", TopicCalendar, ""},
		{&ics.LineError{Line: 7, Err: ics.ErrMalformed}, "calendar.error.malformed_line", TopicCalendar, ""},
		{ics.ErrMalformed, "calendar.error.malformed", TopicCalendar, ""},
		{ics.ErrNothingToImport, "calendar.error.nothing_new", TopicCalendar, ""},
		{ics.ErrNothingToExport, "calendar.error.nothing_to_export", TopicCalendar, ""},

		// Contact files.
		{contactio.ErrUnreadable, "contacts.io.unreadable", TopicContactFile, ""},
		{contactio.ErrTooLarge, "import.error.too_large", TopicContactFile, ""},
		// Template and tutorial files (the screen adds the file's name).
		{campaign.ErrTooLarge, "templates.import.too_large", TopicTemplateFile, ""},
		{fmt.Errorf("%w: %w", ErrTemplateUnreadable, io.ErrUnexpectedEOF), "tutorials.import.unreadable", TopicTemplateFile, ""},
		{tutorial.ErrTooLarge, "tutorials.import.too_large", TopicTutorialFile, ""},
		{tutorial.ErrUnreadable, "tutorials.import.unreadable", TopicTutorialFile, ""},
		{contactio.ErrTooManyRecords, "import.error.too_many_records", TopicContactFile, ""},
		{contactio.ErrTooManyColumns, "import.error.too_many_columns", TopicContactFile, ""},
		{contactio.ErrEmpty, "import.error.empty", TopicContactFile, ""},
		{contactio.ErrNotVCard, "import.error.not_vcard", TopicContactFile, ""},
		{contactio.ErrBinary, "import.error.binary", TopicContactFile, ""},
		{contactio.ErrStale, "import.error.stale", TopicContactFile, ""},
		{contactio.ErrCalendarFile, "import.error.calendar_file", TopicContactFile, ""},
		{contactio.ErrSharedFile, "import.error.shared_file", TopicContactFile, ""},
		{contactio.ErrNotContacts, "import.error.not_contacts", TopicContactFile, ""},
	}
	for _, c := range cases {
		for _, err := range []error{c.err, wrap(c.err)} {
			m := Explain(err)
			if m.ID != c.id || m.Topic != c.topic || m.Then != c.then {
				t.Errorf("Explain(%v) = %s (topic %d, then %q), want %s (topic %d, then %q)", err, m.ID, m.Topic, m.Then, c.id, c.topic, c.then)
				continue
			}
			for _, id := range []string{m.ID, m.Then} {
				if id != "" && !tr.Has(id) {
					t.Errorf("%s has no English message", id)
				}
			}
			args := maps.Clone(m.Args)
			if args == nil {
				args = map[string]any{}
			}
			if m.Topic == TopicTemplateFile || m.Topic == TopicTutorialFile {
				args["Name"] = "file.toml" // added by the screen, which knows it
			}
			if got := tr.T(m.ID, args); strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
				t.Errorf("%s renders with an unfilled placeholder: %q", m.ID, got)
			}
		}
	}
}

// wrap wraps err the way callers do; nil stays nil.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("failed to do it: %w", err)
}

// TestOneExplain: app.Explain is the only function that turns errors
// into messages. No package under internal/ declares another exported
// Explain… function or a contactio-style ErrorMessageID.
func TestOneExplain(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() {
				continue
			}
			name := fn.Name.Name
			if strings.HasPrefix(name, "Explain") || strings.HasSuffix(name, "MessageID") {
				found = append(found, filepath.ToSlash(path)+": "+name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0] != "../app/messages.go: Explain" {
		t.Errorf("error-to-message functions: %q, want only ../app/messages.go: Explain", found)
	}
}
