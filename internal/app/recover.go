package app

import "github.com/safehouse-app/safehouse/internal/vault"

// CheckRecoveryKey checks a recovery key typed by a person against the
// vault in dir, changing nothing: nil when it opens the vault, else an
// error that [Explain] turns into one line (malformed key, key of another
// vault, no vault, damaged data).
func CheckRecoveryKey(dir, recoveryKey string) error {
	return vault.CheckRecoveryKey(dir, recoveryKey)
}

// Recover opens the vault in dir with its recovery key instead of the
// passphrase, makes newPass the passphrase (key.age is rewritten; the old
// passphrase stops working, the recovery key stays valid) and loads the
// chosen generation. The key is checked before anything is written. If
// the key file was rewritten but the data then fails to load, the error
// is returned and the new passphrase is already in force.
func Recover(dir, recoveryKey string, newPass []byte, gen vault.Generation) (*Session, error) {
	v, err := vault.Recover(dir, recoveryKey, newPass)
	if err != nil {
		return nil, err
	}
	s, err := Load(v, gen)
	if err != nil {
		v.Close()
		return nil, err
	}
	return s, nil
}
