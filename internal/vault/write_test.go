package vault

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// whole returns p as one slice, the way it is encrypted.
func (p plaintext) whole() []byte {
	var b bytes.Buffer
	p.WriteTo(&b)
	return b.Bytes()
}

// TestPlaintextStreams: a padded plaintext written piece by piece is the
// image, zeros and the trailer, and compareWriter accepts exactly that,
// however it is cut, and refuses one changed byte in any part, a missing
// byte and an extra one.
func TestPlaintextStreams(t *testing.T) {
	image := bytes.Repeat([]byte("safehouse image "), 5000) // 80,000 bytes
	tr := trailer{id: newVaultID(), gen: 7}
	p := padded(image, tr)
	got := p.whole()
	if len(got) != PaddedSize(len(image)+TrailerSize) || p.Len() != len(got) {
		t.Fatalf("length %d, Len %d, want %d", len(got), p.Len(), PaddedSize(len(image)+TrailerSize))
	}
	enc := tr.encode()
	if !bytes.Equal(got[:len(image)], image) || !bytes.Equal(got[len(got)-TrailerSize:], enc[:]) {
		t.Fatal("image or trailer not where they belong")
	}
	if bytes.ContainsFunc(got[len(image):len(got)-TrailerSize], func(r rune) bool { return r != 0 }) {
		t.Fatal("padding is not zeros")
	}
	img, back, ok := splitTrailer(got)
	if !ok || back != tr || !bytes.Equal(img[:len(image)], image) {
		t.Fatal("the trailer does not read back")
	}

	feed := func(data []byte) error {
		c := &compareWriter{want: p}
		r := rand.New(rand.NewPCG(1, uint64(len(data))))
		for len(data) > 0 {
			n := min(len(data), 1+r.IntN(70_000))
			if _, err := c.Write(data[:n]); err != nil {
				return err
			}
			data = data[n:]
		}
		if c.want.Len() != 0 {
			return errMismatch
		}
		return nil
	}
	if err := feed(got); err != nil {
		t.Fatalf("the plaintext itself: %v", err)
	}
	for name, off := range map[string]int{
		"image": 100, "last image byte": len(image) - 1, "padding": len(image) + 5,
		"trailer": len(got) - TrailerSize + 3, "last byte": len(got) - 1,
	} {
		bad := bytes.Clone(got)
		bad[off] ^= 1
		if err := feed(bad); !errors.Is(err, errMismatch) {
			t.Errorf("%s changed: %v", name, err)
		}
	}
	if err := feed(got[:len(got)-1]); !errors.Is(err, errMismatch) {
		t.Errorf("one byte short: %v", err)
	}
	if err := feed(append(bytes.Clone(got), 0)); !errors.Is(err, errMismatch) {
		t.Errorf("one byte more: %v", err)
	}
	if w := wholePlain(image); !bytes.Equal(w.whole(), image) || w.Len() != len(image) {
		t.Error("a whole plaintext is not written as it is")
	}
}
