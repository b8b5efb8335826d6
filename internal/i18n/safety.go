package i18n

import "strings"

// safetySections name the messages a person reads at the moments that
// decide their safety: the first run (passphrase and recovery key),
// unlocking and recovering, errors, destroying the vault and the duress
// passphrase, sharing with others and plaintext exports. "/" stands for
// the dot of message IDs (so the message ID scan in ids_test.go does not
// take these for IDs); every message whose ID starts with a section and
// a dot is safety-critical.
const safetySections = `firstrun unlock recover recovery passphrase error wipe emergency duress decoy
	sharing calendar contacts/io settings/wipe settings/duress settings/safety settings/pass
	cli/wipe cli/duress cli/recover cli/recovery_key cli/passphrase cli/export`

var safetyPrefixes = func() []string {
	var out []string
	for _, f := range strings.Fields(safetySections) {
		out = append(out, strings.ReplaceAll(f, "/", ".")+".")
	}
	return out
}()

// SafetyCritical reports whether the message id is one a translator
// should translate first (see safetyPrefixes): an untranslated one is
// shown in English at a moment where misreading it can hurt.
func SafetyCritical(id string) bool {
	for _, p := range safetyPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}
