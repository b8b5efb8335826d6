package vault

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestPassphraseStanzaInterop: key.age's passphrase stanza is age's own:
// files written by age's ScryptRecipient open with passIdentity and the
// other way round; wrong passphrases, mixed stanzas and malformed work
// factors are refused as age refuses them.
func TestPassphraseStanzaInterop(t *testing.T) {
	pass := []byte("interop passphrase")
	seal := func(r age.Recipient, extra ...age.Recipient) []byte {
		var buf bytes.Buffer
		w, err := age.Encrypt(&buf, append([]age.Recipient{r}, extra...)...)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "secret")
		w.Close()
		return buf.Bytes()
	}
	open := func(b []byte, id age.Identity) (string, error) {
		r, err := age.Decrypt(bytes.NewReader(b), id)
		if err != nil {
			return "", err
		}
		out, err := io.ReadAll(r)
		return string(out), err
	}
	ageRcpt, _ := age.NewScryptRecipient(string(pass))
	ageRcpt.SetWorkFactor(10)
	if got, err := open(seal(ageRcpt), &passIdentity{pass: pass, maxLogN: MaxWorkFactor}); err != nil || got != "secret" {
		t.Fatalf("age's file with our identity: %q %v", got, err)
	}
	ageID, _ := age.NewScryptIdentity(string(pass))
	ours := seal(&passRecipient{pass: pass, logN: 10})
	if got, err := open(ours, ageID); err != nil || got != "secret" {
		t.Fatalf("our file with age's identity: %q %v", got, err)
	}
	var noMatch *age.NoIdentityMatchError
	if _, err := open(ours, &passIdentity{pass: []byte("wrong"), maxLogN: MaxWorkFactor}); !errors.As(err, &noMatch) {
		t.Errorf("wrong passphrase: %v, want no identity match", err)
	}
	// A passphrase cannot share a file with another recipient.
	x, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	if _, err := age.Encrypt(&buf, &passRecipient{pass: pass, logN: 10}, x.Recipient()); err == nil {
		t.Error("a passphrase was mixed with another recipient")
	}
	// Rewrite the work factor argument of our stanza.
	withWF := func(wf string) []byte {
		lines := strings.SplitN(string(ours), "\n", 3)
		f := strings.Fields(lines[1])
		f[len(f)-1] = wf
		lines[1] = strings.Join(f, " ")
		return []byte(strings.Join(lines, "\n"))
	}
	for _, wf := range []string{"010", "0", "-1", "1x", "100", "31"} {
		if _, err := open(withWF(wf), &passIdentity{pass: pass, maxLogN: 30}); err == nil || errors.As(err, &noMatch) {
			t.Errorf("work factor %q: %v, want a malformed-file error", wf, err)
		}
	}
	// 21 is refused before any work; 20 passes the check (this stanza
	// then fails on its body length, still before any work).
	if _, err := open(withWF("21"), &passIdentity{pass: pass, maxLogN: MaxWorkFactor}); !errors.Is(err, ErrWorkFactor) {
		t.Errorf("work factor 21: %v, want ErrWorkFactor", err)
	}
	id20 := &passIdentity{pass: pass, maxLogN: MaxWorkFactor}
	s := &age.Stanza{Type: "scrypt", Args: []string{b64.EncodeToString(make([]byte, 16)), "20"}, Body: make([]byte, 5)}
	if _, err := id20.Unwrap([]*age.Stanza{s}); err == nil || errors.Is(err, ErrWorkFactor) {
		t.Errorf("work factor 20: %v, want it past the work factor check", err)
	}
}
