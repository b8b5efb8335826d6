package identity

import (
	"bytes"
	"image/png"
	"testing"
)

func checkPNG(t *testing.T, b []byte, size int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
		t.Fatalf("PNG is %dx%d, want %dx%d", r.Dx(), r.Dy(), size, size)
	}
}

func TestCardQRRealCard(t *testing.T) {
	id, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	card := NewCard(id.Keys(), "Alice")
	b, fpOnly, err := CardQR(card, 256)
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b, 256)
	// A real card (hybrid post-quantum recipient) is far too long for a
	// version 25 code at level Medium.
	if len(card.String()) > 1300 && !fpOnly {
		t.Fatalf("card of %d bytes encoded whole", len(card.String()))
	}
	if !fpOnly {
		t.Logf("card of %d bytes fits", len(card.String()))
	}
}

func TestCardQRPaths(t *testing.T) {
	b, fpOnly, err := cardQR("SAFEHOUSE-CARD short", QRFingerprintPrefix+"abcd", 200, QRMaxVersion)
	if err != nil || fpOnly {
		t.Fatalf("short payload: fpOnly=%v err=%v", fpOnly, err)
	}
	checkPNG(t, b, 200)

	long := string(bytes.Repeat([]byte("x"), 200))
	b, fpOnly, err = cardQR(long, QRFingerprintPrefix+"abcd", 220, 5)
	if err != nil || !fpOnly {
		t.Fatalf("long payload with version limit 5: fpOnly=%v err=%v", fpOnly, err)
	}
	checkPNG(t, b, 220)

	// Too long for any QR code: still the fingerprint.
	huge := string(bytes.Repeat([]byte("x"), 5000))
	if _, fpOnly, err = cardQR(huge, QRFingerprintPrefix+"abcd", 100, QRMaxVersion); err != nil || !fpOnly {
		t.Fatalf("huge payload: fpOnly=%v err=%v", fpOnly, err)
	}
}
