package identity

import (
	qrcode "github.com/skip2/go-qrcode"
)

// QRMaxVersion is the largest QR code version CardQR uses for the whole
// card line; larger codes are hard for phone cameras to scan.
const QRMaxVersion = 25

// QRFingerprintPrefix starts the QR payload when only the fingerprint fits.
const QRFingerprintPrefix = "SAFEHOUSE-FP-1:"

// CardQR returns a PNG image, size×size pixels, of a QR code for card. The
// code holds the card line if it fits at recovery level Medium within
// QRMaxVersion; otherwise it holds QRFingerprintPrefix and the fingerprint
// display string, and fingerprintOnly is true.
func CardQR(card Card, size int) (png []byte, fingerprintOnly bool, err error) {
	return cardQR(card.String(), QRFingerprintPrefix+card.Fingerprint().Display(), size, QRMaxVersion)
}

// cardQR encodes full if it fits within maxVersion, else fallback.
func cardQR(full, fallback string, size, maxVersion int) ([]byte, bool, error) {
	if q, err := qrcode.New(full, qrcode.Medium); err == nil && q.VersionNumber <= maxVersion {
		b, err := q.PNG(size)
		return b, false, err
	}
	q, err := qrcode.New(fallback, qrcode.Medium)
	if err != nil {
		return nil, true, err
	}
	b, err := q.PNG(size)
	return b, true, err
}
