// Package identity holds a vault's sharing identity — the keys used to
// exchange bundles with trusted peers — and the formats people use to swap
// and check public keys: contact cards, fingerprints and safety phrases.
// It does no I/O; the store keeps the private keys inside the encrypted
// database, never in a file of their own.
//
// # Keys
//
// A sharing identity is two key pairs: an age post-quantum hybrid identity
// (ML-KEM-768 + X25519) that bundles are encrypted to, and an Ed25519 key
// that signs them. Both public keys together are a [Keys] value.
//
// # Fingerprints
//
// The [Fingerprint] of a key set is SHA-256 over a domain-separated
// encoding of both public keys:
//
//	"safehouse-keys-v1\n" || u16(len(R)) || R || u16(32) || S
//
// where R is the age recipient string ("age1pq1...") and S the raw 32-byte
// Ed25519 public key; u16 is big-endian. It is written as 64 lower-case hex
// digits, and is what record origins and bundle manifests name.
//
// # Safety phrases
//
// A [SafetyPhrase] is derived from the fingerprints of both parties, sorted
// bytewise so that both sides compute the same value:
//
//	h = SHA-256("safehouse-safety-phrase-v1\n" || min(a, b) || max(a, b))
//
// It is 30 decimal digits in six groups of five; group i is the big-endian
// integer of h[5i:5i+5] modulo 100,000, zero-padded. Digits read the same
// in every language and over a poor voice line. Two people compare the
// phrase in person or by voice; a match proves that each holds the other's
// real keys.
//
// # Contact cards
//
// A [Card] is one copyable line: "SAFEHOUSE-CARD-1:" followed by the
// unpadded base64url encoding of
//
//	0x01                       card format version
//	u16 len || recipient       the age recipient string (ASCII)
//	32 bytes                   the Ed25519 public key
//	u8 len  || name            optional display-name hint, UTF-8, ≤ 64 bytes
//	4 bytes                    checksum: SHA-256 of everything above, first 4 bytes
//
// [ParseCard] refuses lines longer than [MaxCardLine], unknown versions,
// bad checksums, trailing bytes, invalid keys and names with control
// characters. A card has exactly one spelling: line breaks or any other
// character outside the base64url alphabet, padding and non-zero unused
// bits are refused. Signing keys must be the canonical encoding of a
// point in Ed25519's prime-order subgroup: the eight small-order points
// (the all-zero key among them), for which signatures can be forged
// without a private key, are refused wherever keys are read. The checksum catches copy-and-paste damage, not attackers:
// the safety phrase is what proves a card genuine.
package identity
