package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"filippo.io/age"
)

// recoveryKey returns the recovery key of the open vault v.
func recoveryKey(t *testing.T, v *Vault) string {
	t.Helper()
	key, err := v.RecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func TestRecoveryKeyGroups(t *testing.T) {
	_, v := newVault(t, image("x", 10))
	key := recoveryKey(t, v)
	groups := RecoveryKeyGroups(key)
	if len(groups) != RecoveryGroups || RecoveryGroups != 12 {
		t.Fatalf("%d groups (RecoveryGroups %d), want 12", len(groups), RecoveryGroups)
	}
	for i, g := range groups[:len(groups)-1] {
		if len(g) != RecoveryGroupSize {
			t.Errorf("group %d = %q", i+1, g)
		}
	}
	if last := groups[len(groups)-1]; len(last) != RecoveryKeyLength%RecoveryGroupSize {
		t.Errorf("last group = %q", last)
	}
	if got := hybridPrefix + strings.Join(groups, ""); got != key {
		t.Errorf("groups do not rebuild the key")
	}
	if got := RecoveryKeyGroups(strings.ToLower(key)); strings.Join(got, "") != strings.Join(groups, "") {
		t.Errorf("lower-case key grouped as %q", got)
	}
}

// TestParseRecoveryKey: the ways people type a key back are accepted;
// malformed keys are classified before any file is read.
func TestParseRecoveryKey(t *testing.T) {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	key := id.String()
	groups := RecoveryKeyGroups(key)
	code := strings.Join(groups, "")
	accepted := map[string]string{
		"full key":          key,
		"lower case":        strings.ToLower(key),
		"groups and spaces": strings.Join(groups, " "),
		"groups and dashes": strings.Join(groups, "-"),
		"lines":             "  " + strings.Join(groups[:6], " ") + "\n" + strings.Join(groups[6:], " ") + "\r\n",
		"no separators":     strings.ToLower(code),
		"typographic":       strings.Join(groups, "\u2013"),
		"prefix and groups": "AGE-SECRET-KEY-PQ-1 " + strings.Join(groups, " "),
		"O for zero":        strings.ReplaceAll(code, "0", "O"),
	}
	for name, text := range accepted {
		got, err := ParseRecoveryKey(text)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if h, ok := got.(*age.HybridIdentity); !ok || h.String() != key {
			t.Errorf("%s: parsed another key", name)
		}
	}

	// A classic (X25519) identity is recognised by its checksum too.
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRecoveryKey(strings.Join(RecoveryKeyGroups(x.String()), " "))
	if xi, ok := got.(*age.X25519Identity); err != nil || !ok || xi.String() != x.String() {
		t.Errorf("X25519 key: %T, %v", got, err)
	}

	// One character changed (to another valid one) in group 4.
	typo := []byte(code)
	if typo[17] == 'Q' {
		typo[17] = 'P'
	} else {
		typo[17] = 'Q'
	}
	refused := []struct {
		name    string
		text    string
		problem RecoveryKeyProblem
		group   int
	}{
		{"empty", "", KeyBadLength, 0},
		{"one group missing", strings.Join(groups[:11], " "), KeyBadLength, 0},
		{"a group twice", strings.Join(append(groups, groups[0]), " "), KeyBadLength, 0},
		{"the digit 1 in group 3", code[:12] + "1" + code[13:], KeyBadCharacter, 3},
		{"the letter B in group 12", code[:57] + "B", KeyBadCharacter, 12},
		{"a letter from another alphabet", "Я" + code[1:], KeyBadCharacter, 1},
		{"typo", string(typo), KeyTypo, 0},
		{"two groups swapped", strings.Join(append([]string{groups[1], groups[0]}, groups[2:]...), ""), KeyTypo, 0},
		{"a passphrase", "correct horse battery staple", KeyBadCharacter, 3}, // the b of battery
	}
	for _, c := range refused {
		_, err := ParseRecoveryKey(c.text)
		var ke *RecoveryKeyError
		if !errors.As(err, &ke) || !errors.Is(err, ErrMalformedRecoveryKey) {
			t.Errorf("%s: %v, want a RecoveryKeyError", c.name, err)
			continue
		}
		if ke.Problem != c.problem || ke.Group != c.group {
			t.Errorf("%s: problem %v group %d, want %v group %d", c.name, ke.Problem, ke.Group, c.problem, c.group)
		}
	}
}

// TestRecover: the recovery key opens the vault and sets a new
// passphrase. Afterwards the new passphrase opens it, the old one no
// longer does (key.age was replaced), the data files are untouched and
// the recovery key is unchanged.
func TestRecover(t *testing.T) {
	dir, v := newVault(t, image("data", 100))
	if err := v.Save(image("data2", 100)); err != nil {
		t.Fatal(err)
	}
	key := recoveryKey(t, v)
	v.Close()
	before := snapshot(t, dir)
	typed := strings.ToLower(strings.Join(RecoveryKeyGroups(key), " "))

	if err := CheckRecoveryKey(dir, typed); err != nil {
		t.Fatalf("CheckRecoveryKey: %v", err)
	}
	assertSnapshot(t, dir, before)

	newPass := []byte("a new passphrase after recovery")
	rv, err := Recover(dir, typed, newPass)
	if err != nil {
		t.Fatalf("Recover: %v", err)
	}
	got, err := rv.Load(Current)
	if err != nil || !bytes.HasPrefix(got, []byte("data2")) {
		t.Fatalf("Load after Recover: %v", err)
	}
	if k := recoveryKey(t, rv); k != key {
		t.Error("the recovery key changed")
	}
	if _, err := Open(dir, newPass); !errors.Is(err, ErrInUse) {
		t.Errorf("vault not locked after Recover: %v", err)
	}
	rv.Close()

	after := snapshot(t, dir)
	for _, name := range []string{DataFile, PrevFile} {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed by Recover", name)
		}
	}
	if bytes.Equal(before[KeyFile], after[KeyFile]) {
		t.Fatal("key.age not rewritten")
	}
	if _, err := Open(dir, testPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after Recover: %v, want ErrWrongPassphrase", err)
	}
	v2, err := Open(dir, newPass)
	if err != nil {
		t.Fatalf("new passphrase after Recover: %v", err)
	}
	defer v2.Close()
	if got, err := v2.Load(Current); err != nil || !bytes.HasPrefix(got, []byte("data2")) {
		t.Fatalf("Load with the new passphrase: %v", err)
	}
	// The checksum matches the new key file, so a later wrong passphrase
	// is reported as wrong, not as damage.
	sum, ok := readKeySum(dir)
	if !ok || sum != sha256.Sum256(after[KeyFile]) {
		t.Error("key.age.sha256 does not match the new key.age")
	}
}

// TestRecoverRefusesAndChangesNothing: wrong, malformed and foreign keys,
// an empty new passphrase and a vault in use leave every file as it was.
func TestRecoverRefusesAndChangesNothing(t *testing.T) {
	dir, v := newVault(t, image("data", 100))
	key := recoveryKey(t, v)
	v.Close()
	_, other := newVault(t, image("other", 100))
	otherKey := recoveryKey(t, other)
	other.Close()
	before := snapshot(t, dir)
	newPass := []byte("a new passphrase")

	code := strings.Join(RecoveryKeyGroups(key), "")
	cases := []struct {
		name string
		text string
		pass []byte
		want error
	}{
		{"key of another vault", otherKey, newPass, ErrWrongRecoveryKey},
		{"malformed", code[:40], newPass, ErrMalformedRecoveryKey},
		{"typo", code[:20] + string(flip(code[20])) + code[21:], newPass, ErrMalformedRecoveryKey},
	}
	for _, c := range cases {
		if err := CheckRecoveryKey(dir, c.text); !errors.Is(err, c.want) {
			t.Errorf("%s: CheckRecoveryKey = %v, want %v", c.name, err, c.want)
		}
		if _, err := Recover(dir, c.text, c.pass); !errors.Is(err, c.want) {
			t.Errorf("%s: Recover = %v, want %v", c.name, err, c.want)
		}
		assertSnapshot(t, dir, before)
	}
	if _, err := Recover(dir, key, nil); err == nil {
		t.Error("empty new passphrase accepted")
	}
	assertSnapshot(t, dir, before)

	held, err := Open(dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Recover(dir, key, newPass); !errors.Is(err, ErrInUse) {
		t.Errorf("Recover while in use: %v, want ErrInUse", err)
	}
	held.Close()
	assertSnapshot(t, dir, before)

	if err := CheckRecoveryKey(filepath.Join(t.TempDir(), "none"), key); !errors.Is(err, ErrNotFound) {
		t.Errorf("CheckRecoveryKey without a vault: %v", err)
	}
	if _, err := Recover(filepath.Join(t.TempDir(), "none"), key, newPass); !errors.Is(err, ErrNotFound) {
		t.Errorf("Recover without a vault: %v", err)
	}
}

// flip returns another Bech32 character than c.
func flip(c byte) byte {
	if c == 'Q' {
		return 'P'
	}
	return 'Q'
}

// TestRecoverDamagedKeyFile is what the recovery key is for: key.age is
// damaged (or gone), the passphrase cannot open the vault, the recovery
// key still can, and writes a good key.age.
func TestRecoverDamagedKeyFile(t *testing.T) {
	for _, damage := range []string{"flipped byte", "truncated", "deleted"} {
		t.Run(damage, func(t *testing.T) {
			dir, v := newVault(t, image("data", 100))
			key := recoveryKey(t, v)
			v.Close()
			path := filepath.Join(dir, KeyFile)
			b, _ := os.ReadFile(path)
			switch damage {
			case "flipped byte":
				b[len(b)/2] ^= 0xff
				os.WriteFile(path, b, 0o600)
			case "truncated":
				os.WriteFile(path, b[:len(b)/3], 0o600)
			case "deleted":
				os.Remove(path)
			}
			if damage != "deleted" {
				if _, err := Open(dir, testPass); !IsDamaged(err) {
					t.Fatalf("Open of a damaged key file: %v", err)
				}
			}
			rv, err := Recover(dir, key, []byte("fresh passphrase"))
			if err != nil {
				t.Fatalf("Recover: %v", err)
			}
			rv.Close()
			v2, err := Open(dir, []byte("fresh passphrase"))
			if err != nil {
				t.Fatalf("Open after Recover: %v", err)
			}
			defer v2.Close()
			if got, err := v2.Load(Current); err != nil || !bytes.HasPrefix(got, []byte("data")) {
				t.Fatalf("Load: %v", err)
			}
		})
	}
}

// TestRecoverDamagedData: the key is matched against data.age.prev when
// data.age is damaged; when both are damaged the key cannot be checked,
// which is reported as damage, and nothing is written.
func TestRecoverDamagedData(t *testing.T) {
	dir, v := newVault(t, image("gen1", 100))
	if err := v.Save(image("gen2", 100)); err != nil {
		t.Fatal(err)
	}
	key := recoveryKey(t, v)
	v.Close()
	ruin := func(name string) {
		path := filepath.Join(dir, name)
		b, _ := os.ReadFile(path)
		copy(b[10:], "garbage in the header")
		os.WriteFile(path, b, 0o600)
	}
	ruin(DataFile)
	if err := CheckRecoveryKey(dir, key); err != nil {
		t.Fatalf("key not matched against the previous generation: %v", err)
	}
	ruin(PrevFile)
	before := snapshot(t, dir)
	if err := CheckRecoveryKey(dir, key); !IsDamaged(err) {
		t.Fatalf("both generations damaged: %v", err)
	}
	if _, err := Recover(dir, key, []byte("new passphrase")); !IsDamaged(err) {
		t.Fatalf("Recover with both generations damaged: %v", err)
	}
	assertSnapshot(t, dir, before)
}

// TestRecoverFaultKeepsOldKey: a full disk while the new key.age is
// written leaves the old key.age in place, still opened by the old
// passphrase.
func TestRecoverFaultKeepsOldKey(t *testing.T) {
	for _, op := range []string{"write", "sync", "rename"} {
		t.Run(op, func(t *testing.T) {
			dir, v := newVault(t, image("data", 100))
			key := recoveryKey(t, v)
			v.Close()
			before := snapshot(t, dir)
			_, err := recoverVault(dir, key, []byte("new passphrase"), &faultFS{op: op, err: syscall.ENOSPC})
			var se *SaveError
			if !errors.As(err, &se) || se.Kind != FaultNoSpace {
				t.Fatalf("Recover on a full disk: %v", err)
			}
			assertSnapshot(t, dir, before)
			v2, err := Open(dir, testPass)
			if err != nil {
				t.Fatalf("old passphrase after a failed recovery: %v", err)
			}
			v2.Close()
		})
	}
}

// TestRecoverPassphraseOpenVault: the same recovery for a vault this
// process holds open (the app locked with a failed save).
func TestRecoverPassphraseOpenVault(t *testing.T) {
	dir, v := newVault(t, image("data", 100))
	key := recoveryKey(t, v)
	_, other := newVault(t, image("other", 100))
	otherKey := recoveryKey(t, other)
	before := snapshot(t, dir)

	if err := v.CheckRecoveryKey(strings.ToLower(key)); err != nil {
		t.Fatalf("own key: %v", err)
	}
	if err := v.CheckRecoveryKey(otherKey); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Fatalf("other vault's key: %v", err)
	}
	if err := v.RecoverPassphrase(otherKey, []byte("new passphrase")); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Fatalf("RecoverPassphrase with another vault's key: %v", err)
	}
	if err := v.RecoverPassphrase("not a key", []byte("new passphrase")); !errors.Is(err, ErrMalformedRecoveryKey) {
		t.Fatalf("RecoverPassphrase with a malformed key: %v", err)
	}
	assertSnapshot(t, dir, before)
	if err := v.RecoverPassphrase(key, []byte("new passphrase")); err != nil {
		t.Fatal(err)
	}
	if err := v.CheckPassphrase(testPass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after recovery: %v", err)
	}
	if err := v.CheckPassphrase([]byte("new passphrase")); err != nil {
		t.Errorf("new passphrase after recovery: %v", err)
	}
	v.Close()
	if err := v.CheckRecoveryKey(key); !errors.Is(err, ErrClosed) {
		t.Errorf("closed vault: %v", err)
	}
}
