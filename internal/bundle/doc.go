// Package bundle reads and writes Safehouse bundles, the files peers
// share: the wire format only. What goes into a bundle and how one is
// merged into a vault is package merge's business; this package never
// touches the vault. The full specification, test vectors included, is
// docs/bundle-format.md; package bundletest is an independent writer of
// the same format, for tests.
//
// # What a bundle holds
//
// A [Payload]: events with their tasks and participants, custom
// tutorials, references to built-in tutorials, contacts (only when
// chosen; channels, notes and consent left out unless chosen too) and
// deletions. Records use the JSON fields of the domain types and are
// validated as the app's forms would ([Payload.Validate]). A [Manifest]
// describes it: a random ID, the sender's keys and fingerprint, the
// signed list of recipients, the sender's sequence number, the payload's
// hash and sizes, and counts.
//
// # Encryption and signature
//
// [Seal] compresses the payload JSON (raw deflate), signs the manifest
// and the payload's hash with the sender's Ed25519 key
// (sign-then-encrypt), frames both in the inner envelope ("SHBUNDLE",
// version, length-prefixed manifest, payload and signature), pads it
// with zeros to a Padmé bucket of at least 4 KiB, and encrypts it with
// age to the recipients' post-quantum hybrid keys or to a passphrase
// (scrypt, work factor [WorkFactor]). [FileName] gives it a neutral
// random name.
//
// # Opening
//
// [Open] checks, in the order the format gives and before any costly
// work: file size, the age header (passphrase or keys, work factor, at
// most [MaxRecipients] stanzas), decryption, the envelope, the manifest,
// the signature and hash, then inflates the payload into a buffer of the
// signed size and scans it in one linear pass (scan.go: JSON grammar,
// nesting, items, string lengths, only known fields) before decoding and
// validating it. [OpenManifest] stops after the signature and never
// decodes a payload. [Check] then compares the signed manifest with what
// the vault knows of its sender ([SenderState]): forwarded, unknown
// sender, replay. Every refusal wraps one of the sentinel errors
// ([ErrTooLarge], [ErrTampered], ...) and writes nothing.
//
// # Limits
//
// [DefaultLimits]: a file of at most 32 MiB, a compressed and an expanded
// payload of at most 16 MiB each, 50,000 items (every array element and
// object member counts), strings of 64 KiB, nesting 32 deep. Whatever a
// file holds, opening it stays within about 2 s of CPU and 200 MB of
// memory.
package bundle
