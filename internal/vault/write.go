package vault

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	"filippo.io/age"
)

// Writing a data file.
//
// A data file is never assembled in memory: the plaintext (the database
// image, zeros up to the padded size, the trailer) is streamed through
// age into the temporary file, hashed on the way, and then read back and
// compared piece by piece. For the large demo vault this keeps two 36 MB
// buffers (the padded plaintext and the ciphertext) out of every save.

// plaintext is what a data file encrypts: body, then zeros, then tail.
// It stands for the whole padded byte string without allocating it.
type plaintext struct {
	body  []byte
	zeros int
	tail  []byte
}

// wholePlain is a plaintext already complete in memory (a file being
// re-encrypted as it is).
func wholePlain(b []byte) plaintext { return plaintext{body: b} }

// padded is image padded to [PaddedSize] with the trailer t at its end.
func padded(image []byte, t trailer) plaintext {
	return paddedTo(image, t, PaddedSize(len(image)+TrailerSize))
}

// paddedTo is image, zeros and the trailer t in exactly size bytes (size
// must leave room for both).
func paddedTo(image []byte, t trailer, size int) plaintext {
	tr := t.encode()
	return plaintext{body: image, zeros: size - len(image) - TrailerSize, tail: tr[:]}
}

// Len returns the length of the plaintext.
func (p plaintext) Len() int { return len(p.body) + p.zeros + len(p.tail) }

// zeroChunk is written repeatedly for the padding.
var zeroChunk = make([]byte, 64<<10)

// WriteTo writes the plaintext to w.
func (p plaintext) WriteTo(w io.Writer) (int64, error) {
	var total int64
	n, err := w.Write(p.body)
	total += int64(n)
	if err != nil {
		return total, err
	}
	for left := p.zeros; left > 0; {
		c := min(left, len(zeroChunk))
		n, err := w.Write(zeroChunk[:c])
		total += int64(n)
		if err != nil {
			return total, err
		}
		left -= c
	}
	n, err = w.Write(p.tail)
	total += int64(n)
	return total, err
}

var errMismatch = errors.New("written file does not match")

// compareWriter checks that what is written to it equals want, consuming
// want as it goes.
type compareWriter struct{ want plaintext }

func (c *compareWriter) Write(p []byte) (int, error) {
	n := len(p)
	if n > c.want.Len() {
		return 0, errMismatch
	}
	// The body.
	k := min(len(p), len(c.want.body))
	if !bytes.Equal(p[:k], c.want.body[:k]) {
		return 0, errMismatch
	}
	c.want.body, p = c.want.body[k:], p[k:]
	// The zeros.
	k = min(len(p), c.want.zeros)
	for _, b := range p[:k] {
		if b != 0 {
			return 0, errMismatch
		}
	}
	c.want.zeros, p = c.want.zeros-k, p[k:]
	// The tail.
	if !bytes.Equal(p, c.want.tail[:len(p)]) {
		return 0, errMismatch
	}
	c.want.tail = c.want.tail[len(p):]
	return n, nil
}

// countingHash is the sink the ciphertext passes through on its way to
// the file: it hashes and counts it.
type countingHash struct {
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return len(p), nil
}

// writeVerified encrypts p to rcpts into a new temporary file in the vault
// directory, syncs it, decrypts it back with id and compares it with p. It
// returns the temporary file's name and the file's identity (SHA-256 and
// size of the ciphertext).
func (v *Vault) writeVerified(p plaintext, rcpts []age.Recipient, id age.Identity) (string, diskCopy, error) {
	f, err := v.fs.CreateTemp(v.dir, tempPrefix+"*")
	if err != nil {
		return "", diskCopy{}, saveErr("create", err)
	}
	name := f.Name()
	sum, err := encryptTo(f, p, rcpts)
	if err != nil {
		v.fs.Remove(name)
		return "", diskCopy{}, err
	}
	if err := v.verify(name, sum.size, p, id); err != nil {
		v.fs.Remove(name)
		return "", diskCopy{}, err
	}
	return name, sum, nil
}

// encryptTo streams p through age into f, syncs and closes f, and returns
// what was written (its hash and size). f is closed in every case.
func encryptTo(f file, p plaintext, rcpts []age.Recipient) (diskCopy, error) {
	hashed := &countingHash{h: sha256.New()}
	out := &failWriter{w: f}
	bw := bufio.NewWriterSize(io.MultiWriter(out, hashed), 1<<20)
	w, err := age.Encrypt(bw, rcpts...)
	if err != nil {
		f.Close()
		return diskCopy{}, fmt.Errorf("failed to encrypt: %w", err)
	}
	if _, err := p.WriteTo(w); err != nil {
		f.Close()
		return diskCopy{}, out.explain(err)
	}
	if err := w.Close(); err != nil {
		f.Close()
		return diskCopy{}, out.explain(err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return diskCopy{}, out.explain(err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return diskCopy{}, saveErr("sync", err)
	}
	if err := f.Close(); err != nil {
		return diskCopy{}, saveErr("close", err)
	}
	var d diskCopy
	copy(d.sum[:], hashed.h.Sum(nil))
	d.size = hashed.n
	return d, nil
}

// failWriter remembers whether an error came from the file (a write
// failure) rather than from encryption.
type failWriter struct {
	w   io.Writer
	err error
}

func (f *failWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil && n != len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		f.err = err
	}
	return n, err
}

// explain turns an error of the encrypting pipeline into the save error
// it stands for.
func (f *failWriter) explain(err error) error {
	if f.err != nil {
		return saveErr("write", f.err)
	}
	return fmt.Errorf("failed to encrypt: %w", err)
}

func writeSyncClose(f file, data []byte) error {
	n, err := f.Write(data)
	if err == nil && n != len(data) {
		err = io.ErrShortWrite
	}
	if err != nil {
		f.Close()
		return saveErr("write", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return saveErr("sync", err)
	}
	if err := f.Close(); err != nil {
		return saveErr("close", err)
	}
	return nil
}

// verify re-reads the written file from disk, checks its size and that it
// decrypts to exactly want.
func (v *Vault) verify(name string, size int64, want plaintext, id age.Identity) error {
	f, err := os.Open(name)
	if err != nil {
		return saveErr("verify", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return saveErr("verify", err)
	}
	if st.Size() != size {
		return saveErr("verify", fmt.Errorf("wrote %d bytes, file has %d", size, st.Size()))
	}
	r, err := age.Decrypt(bufio.NewReaderSize(f, 1<<16), id)
	if err != nil {
		return saveErr("verify", fmt.Errorf("written file does not decrypt: %w", err))
	}
	cmp := &compareWriter{want: want}
	if _, err := io.Copy(cmp, r); err != nil {
		if errors.Is(err, errMismatch) {
			return saveErr("verify", err)
		}
		return saveErr("verify", fmt.Errorf("written file does not decrypt: %w", err))
	}
	if cmp.want.Len() != 0 {
		return saveErr("verify", errMismatch)
	}
	return nil
}

// diskCopy identifies a file as this process read or wrote it without
// keeping its bytes: the SHA-256 and size of its contents.
type diskCopy struct {
	sum  [sha256.Size]byte
	size int64
}

// diskCopyOf returns the identity of b.
func diskCopyOf(b []byte) diskCopy {
	return diskCopy{sum: sha256.Sum256(b), size: int64(len(b))}
}

// is reports whether b is the file d identifies.
func (d diskCopy) is(b []byte) bool {
	return int64(len(b)) == d.size && sha256.Sum256(b) == d.sum
}
