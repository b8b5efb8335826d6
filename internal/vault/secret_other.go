//go:build !linux

package vault

// allocSecret returns n bytes for key material. Outside Linux it is
// ordinary memory: there is no portable way to keep it out of core dumps.
func allocSecret(n int) []byte {
	if n <= 0 {
		return nil
	}
	return make([]byte, n)
}

// freeSecret zeroes b.
func freeSecret(b []byte) { clear(b[:cap(b)]) }
