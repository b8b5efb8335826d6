package ui

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/safehouse-app/safehouse/internal/identity"
)

func TestSharingCardQR(t *testing.T) {
	e := newScrEnv(t)
	s := newTestSharing(t, e)
	if s.cardQR == nil || s.cardQR.Resource == nil || !s.qrBox.Visible() {
		t.Fatal("no QR code shown for my card")
	}
	if s.cardQR.Resource.Name() != "card-qr.png" {
		t.Fatalf("QR resource named %q", s.cardQR.Resource.Name())
	}
	if _, err := png.Decode(bytes.NewReader(s.cardQR.Resource.Content())); err != nil {
		t.Fatalf("QR image does not decode: %v", err)
	}
	if sz := s.cardQR.MinSize(); sz.Width < 200 || sz.Width > 240 {
		t.Fatalf("QR image min size %v", sz)
	}
	card, err := identity.ParseCard(s.cardLine)
	if err != nil {
		t.Fatal(err)
	}
	_, fpOnly, err := identity.CardQR(card, 64)
	if err != nil {
		t.Fatal(err)
	}
	want := e.Env.T("sharing.card.qr_caption")
	if fpOnly {
		want = e.Env.T("sharing.card.qr_fingerprint_only")
	}
	if s.qrText.Text != want {
		t.Fatalf("caption %q, want %q (fingerprint only: %v)", s.qrText.Text, want, fpOnly)
	}
}
