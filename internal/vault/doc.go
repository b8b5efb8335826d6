// Package vault is Safehouse's encrypted container on disk.
//
// A vault is a directory. It knows bytes, not contacts: the caller hands it an
// opaque plaintext image (the SQLite database) and gets the same bytes back
// after unlocking. Nothing it writes is readable without the passphrase.
//
// # Files
//
//   - key.age: an age file encrypted to an scrypt passphrase recipient (work
//     factor [WorkFactor] when written; files asking for more than
//     [MaxWorkFactor] are refused before any work is done). Its plaintext is a
//     standard age identity file holding the vault's post-quantum hybrid
//     identity (ML-KEM-768 + X25519), the data key.
//   - key.age.sha256: the SHA-256 of key.age in sha256sum format. It lets us
//     tell a damaged key file from a wrong passphrase, and lets a person check
//     the key file with standard tools. It reveals nothing.
//   - data.age: the plaintext image, zero-padded to a size bucket (see
//     [PaddedSize]) with a generation trailer in its last [TrailerSize]
//     bytes, encrypted to the identity's recipient. The recipient string is
//     derived at unlock and is never written anywhere, so nobody without
//     the passphrase can forge a data.age.
//   - data.age.prev: the generation before the last save.
//   - key2.age and data2.age: the second key slot, always present. It is
//     unconfigured (random bytes sealed with keys nobody keeps) or holds a
//     decoy opened by a duress passphrase; the two cannot be told apart
//     without the passphrases. See [Vault.SetSecond] and slot.go.
//   - vault.lock: held with an advisory lock while the vault is open. It is
//     never deleted (except by [Wipe]); the operating system releases the
//     lock when a process dies, so a crashed instance never blocks the next
//     one.
//
// # Saving
//
// [Vault.Save] follows one sequence: pad, encrypt into a temporary file in
// the vault directory, check the byte count, fsync, close, decrypt the file
// back and compare a hash of the plaintext, keep the current data.age as
// data.age.prev (a hard link, or a verified copy where links are not
// supported), rename the temporary file over data.age and fsync the
// directory. At every instant data.age is a complete, verified file. On any
// error the existing files are left byte-identical and a [*SaveError] says
// what went wrong; the caller keeps its unsaved state and may retry.
//
// A save is refused with [ErrChangedOnDisk] when data.age no longer matches
// what this process loaded or last wrote (another program replaced it).
//
// # Changing the passphrase
//
// [Vault.ChangePassphrase] replaces the data key too, so that neither the
// old passphrase nor an old copy of key.age nor the old recovery key
// opens any file the vault holds afterwards. The data files are first
// re-encrypted to both keys, then key.age is replaced (the commit point),
// then the old key is taken off the data files; a crash anywhere leaves a
// vault that opens with the old passphrase before the commit point and the
// new one after it, and the next open finishes the job. Replaced files are
// overwritten in place before they are deleted, where the file system has
// hard links. Copies of data.age and key.age taken before the change still
// open with the old passphrase: rotation cannot reach them.
//
// # Generations
//
// Every save writes the next generation number, with the vault's random
// ID, into the trailer. The newest generation this computer has seen of
// data.age and data.age.prev is recorded outside the vault folder (see
// [SetSeenDir]), so that an older file put back in place is reported by
// [Vault.Rollback] when it is loaded. A rollback on a computer that never
// saw the newer file, or whose record was removed too, cannot be
// detected.
//
// # Recovery
//
// The recovery key is the data key itself, written down on paper as the
// 58 characters after the age prefix, in groups ([RecoveryKeyGroups]).
// [ParseRecoveryKey] reads it back however it is typed and refuses a
// malformed key (length, alphabet, Bech32 checksum) before any file is
// read; [CheckRecoveryKey] checks that it opens this vault's data by
// unwrapping the header of data.age (or data.age.prev); [Recover] does
// both, takes the lock and rewrites key.age for a new passphrase with the
// same careful sequence. The old passphrase then no longer opens the
// vault; the recovery key stays the same (it changes only when the
// passphrase is changed with [Vault.ChangePassphrase]).
//
// # Wiping
//
// [Wipe] (or [Vault.Wipe] for the process holding the vault open) destroys
// a vault without its passphrase: key.age first (overwritten in place with
// random bytes, synced, deleted, folder synced), then the checksum, the
// data generations, temporary files and the lock file; the folder itself
// is removed when nothing else is left in it. Files that are not the
// vault's are never touched. Overwriting in place cannot reach copies kept
// by flash wear levelling, journals, snapshots or backups; see
// docs/wipe.md for what the wipe does and does not guarantee.
package vault
