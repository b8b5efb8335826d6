package vault

import "math/bits"

// MinPaddedSize is the smallest padded plaintext: every vault at least this
// big on disk, so a nearly empty vault looks like a small one.
const MinPaddedSize = 64 << 10

// PaddedSize returns the size the plaintext of n bytes is padded to before
// encryption. It uses the Padmé scheme: sizes are rounded up so that only
// O(log log n) bits of the length remain, with at most 12% overhead, and
// never below [MinPaddedSize].
func PaddedSize(n int) int {
	if n <= MinPaddedSize {
		return MinPaddedSize
	}
	e := bits.Len(uint(n)) - 1 // floor(log2 n)
	s := bits.Len(uint(e))     // floor(log2 e) + 1
	mask := (1 << (e - s)) - 1
	return (n + mask) &^ mask
}

// pad returns plain followed by zeros and the generation trailer t, in
// PaddedSize(len(plain)+TrailerSize) bytes: the trailer takes the last
// [TrailerSize] bytes.
func pad(plain []byte, t trailer) []byte {
	out := make([]byte, PaddedSize(len(plain)+TrailerSize))
	copy(out, plain)
	tr := t.encode()
	copy(out[len(out)-TrailerSize:], tr[:])
	return out
}
