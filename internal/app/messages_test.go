package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/safehouse-app/safehouse/internal/i18n"
	"github.com/safehouse-app/safehouse/internal/store"
	"github.com/safehouse-app/safehouse/internal/validate"
	"github.com/safehouse-app/safehouse/internal/vault"
)

// Every message Explain can produce exists in the English source, with
// the placeholders filled.
func TestExplainedMessagesExist(t *testing.T) {
	tr, err := i18n.New("en")
	if err != nil {
		t.Fatal(err)
	}
	errs := []error{
		vault.ErrWrongPassphrase, vault.ErrInUse, vault.ErrNotFound, vault.ErrExists,
		vault.ErrChangedOnDisk, store.ErrNewerVersion, store.ErrNotFound, store.ErrAmbiguous,
		store.ErrPrefixTooShort, errors.New("x"),
		&vault.DamagedError{File: vault.KeyFile}, &vault.DamagedError{File: vault.DataFile},
		&vault.DamagedError{File: vault.PrevFile},
		&vault.SaveError{Kind: vault.FaultNoSpace}, &vault.SaveError{Kind: vault.FaultPermission},
		&vault.SaveError{Kind: vault.FaultReadOnly}, &vault.SaveError{Kind: vault.FaultIO},
		vault.ErrWrongRecoveryKey, &vault.RecoveryKeyError{Problem: vault.KeyBadLength},
		&vault.RecoveryKeyError{Problem: vault.KeyBadCharacter, Group: 3},
		&vault.RecoveryKeyError{Problem: vault.KeyTypo},
	}
	codes := []string{
		validate.CodeRequired, validate.CodeNameRequired, validate.CodeTitleRequired,
		validate.CodeTooLong, validate.CodeInvalid, validate.CodeCountryInvalid,
		validate.CodeKindInvalid, validate.CodeStageInvalidForKind, validate.CodeTrustInvalid,
		validate.CodeChannelTypeInvalid, validate.CodeChannelValueMissing,
		validate.CodeLanguageInvalid, validate.CodeTagInvalid, validate.CodeEndBeforeStart,
		validate.CodeTimeZoneInvalid, validate.CodeStatusInvalid, validate.CodeObjectiveInvalid,
		validate.CodeSlugInvalid, validate.CodeVersionInvalid, validate.CodeSourceInvalid,
		validate.CodeStartRequired,
	}
	for _, c := range codes {
		errs = append(errs, validate.Errors{{Field: "f", Code: c, Args: map[string]any{"max": 200, "value": "v"}}})
	}
	for _, e := range errs {
		m := Explain(e)
		if !tr.Has(m.ID) {
			t.Errorf("Explain(%v) = %q, which has no English message", e, m.ID)
			continue
		}
		if got := tr.T(m.ID, m.Args); strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
			t.Errorf("%s renders with an unfilled placeholder: %q", m.ID, got)
		}
	}
}
