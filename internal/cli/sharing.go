package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/safehouse-app/safehouse/internal/app"
	"github.com/safehouse-app/safehouse/internal/bundle"
	"github.com/safehouse-app/safehouse/internal/identity"
	"github.com/safehouse-app/safehouse/internal/merge"
	"github.com/safehouse-app/safehouse/internal/record"
)

// The sharing commands: card, peer, export, inspect, import
// (docs/bundle-format.md). card --qr also writes the card as a QR code
// image (only the fingerprint when the card line is too long).

// sharingErr turns sharing errors into their translated messages, with
// the exit status that tells the refusal apart (docs/cli.md).
func sharingErr(err error) error {
	if err == nil {
		return nil
	}
	if msg := app.Explain(err); msg.Topic == app.TopicShared {
		return &msgError{msg: msg, exit: refusalExit(err)}
	}
	return err
}

// refusalExit is the exit status of a refused shared file (0: the
// default for the error).
func refusalExit(err error) int {
	switch {
	case errors.Is(err, bundle.ErrUnknownSender):
		return ExitUnknownSender
	case errors.Is(err, bundle.ErrOutdated):
		return ExitOutdated
	case errors.Is(err, bundle.ErrForwarded):
		return ExitForwarded
	}
	return 0
}

func (r *runner) cmdCard(args []string) error {
	fs := newFlagSet("card")
	name := fs.String("name", "", "")
	qr := fs.String("qr", "", "")
	pos, done, err := r.parseCmd("card", fs, args)
	if done {
		return err
	}
	if err := noArgs("card", pos); err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		card, err := app.MyCard(r.ctx, s, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(o, card.String())
		fmt.Fprintln(o, r.tr.T("cli.card.fingerprint", args1("Fingerprint", card.Fingerprint().Display())))
		if *qr != "" {
			return r.writeCardQR(o, card, *qr)
		}
		return nil
	})
}

// writeCardQR writes card as a QR code PNG to path (mode 0600).
func (r *runner) writeCardQR(o *out, card identity.Card, path string) error {
	png, fpOnly, err := identity.CardQR(card, 512)
	if err != nil {
		return err
	}
	// A new file only, like every other export: never truncate or
	// follow a link to an existing one.
	if err := writeNewFile(path, png, 0o600); err != nil {
		if errors.Is(err, os.ErrExist) {
			return userErr("cli.card.qr_exists", args1("Path", path))
		}
		return userErr("cli.export.write_failed", args1("Path", path))
	}
	fmt.Fprintln(o, r.tr.T("cli.card.qr_written", args1("Path", path)))
	if fpOnly {
		fmt.Fprintln(o, r.tr.T("cli.card.qr_fingerprint_only", nil))
	}
	return nil
}

func (r *runner) cmdPeer(args []string) error {
	return r.subcommand("peer", args, map[string]func([]string) error{
		"add":         r.peerAdd,
		"list":        r.peerList,
		"verify":      r.peerVerify,
		"fingerprint": r.peerFingerprint,
	})
}

func (r *runner) peerAdd(args []string) error {
	fs := newFlagSet("peer add")
	contactID := fs.String("contact", "", "")
	pos, done, err := r.parseCmd("peer", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.card_required", nil)
	}
	return r.write(func(s *app.Session, o *out) error {
		id := ""
		if *contactID != "" {
			full, err := s.ResolveID(r.ctx, record.Contact, *contactID)
			if err != nil {
				return err
			}
			id = full
		}
		p, err := app.AddPeer(r.ctx, s, pos[0], id)
		if err != nil {
			return sharingErr(err)
		}
		fmt.Fprintln(o, p.ContactID)
		if p.KeyChanged {
			r.errorLine(r.tr.T("cli.peer.key_changed", map[string]any{"Name": cell(p.Name)}))
		}
		return nil
	})
}

// peerJSON is the --json view of a peer.
type peerJSON struct {
	ContactID           string `json:"contact_id"`
	Name                string `json:"name"`
	Fingerprint         string `json:"fingerprint"`
	Verified            bool   `json:"verified"`
	KeyChanged          bool   `json:"key_changed"`
	PreviousFingerprint string `json:"previous_fingerprint,omitempty"`
	LastSequence        int64  `json:"last_sequence"`
}

func (r *runner) peerList(args []string) error {
	fs := newFlagSet("peer list")
	asJSON := fs.Bool("json", false, "")
	pos, done, err := r.parseCmd("peer", fs, args)
	if done {
		return err
	}
	if err := noArgs("peer list", pos); err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		peers, err := s.Peers(r.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			views := []peerJSON{}
			for _, p := range peers {
				views = append(views, peerJSON{p.ContactID, p.Name, p.Fingerprint, p.Verified, p.KeyChanged, p.PreviousFingerprint, p.LastSequence})
			}
			return r.printJSON(views)
		}
		t := r.table("cli.col.id", "cli.col.status", "cli.col.fingerprint", "cli.col.name")
		for _, p := range peers {
			status := r.tr.T("cli.peer.unverified", nil)
			switch {
			case p.KeyChanged:
				status = r.tr.T("cli.peer.changed", nil)
			case p.Verified:
				status = r.tr.T("cli.peer.verified", nil)
			}
			t.row(shortID(p.ContactID), status, p.Fingerprint[:16], p.Name)
		}
		return t.flush()
	})
}

func (r *runner) peerID(s *app.Session, prefix string) (string, error) {
	return s.ResolveID(r.ctx, record.Contact, prefix)
}

func (r *runner) peerVerify(args []string) error {
	fs := newFlagSet("peer verify")
	pos, done, err := r.parseCmd("peer", fs, args)
	if done {
		return err
	}
	id, err := oneID("peer verify", pos)
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		full, err := r.peerID(s, id)
		if err != nil {
			return err
		}
		if err := s.VerifyPeer(r.ctx, full); err != nil {
			return err
		}
		fmt.Fprintln(o, r.tr.T("cli.peer.marked_verified", nil))
		return nil
	})
}

func (r *runner) peerFingerprint(args []string) error {
	fs := newFlagSet("peer fingerprint")
	pos, done, err := r.parseCmd("peer", fs, args)
	if done {
		return err
	}
	id, err := oneID("peer fingerprint", pos)
	if err != nil {
		return err
	}
	// Showing the phrase creates the sharing identity on first use.
	return r.write(func(s *app.Session, o *out) error {
		full, err := r.peerID(s, id)
		if err != nil {
			return err
		}
		phrase, p, err := app.SafetyPhrase(r.ctx, s, full)
		if err != nil {
			return err
		}
		f, _ := identity.ParseFingerprint(p.Fingerprint)
		fmt.Fprintln(o, r.tr.T("cli.peer.fingerprint", args1("Fingerprint", f.Display())))
		fmt.Fprintln(o, r.tr.T("cli.peer.safety_phrase", args1("Phrase", phrase)))
		if p.KeyChanged {
			fmt.Fprintln(o, r.tr.T("cli.peer.key_changed", map[string]any{"Name": cell(p.Name)}))
		}
		return nil
	})
}

// bundlePassphrase reads the passphrase of a bundle from the file, or
// asks for it (twice when new).
func (r *runner) bundlePassphrase(path string, isNew bool) (string, error) {
	var p []byte
	var err error
	if isNew {
		p, err = r.newPassphrase("bundle-passphrase-file", path, "cli.prompt.bundle_passphrase")
	} else if path != "" {
		p, err = r.readPassFile("bundle-passphrase-file", path)
	} else if r.interactive() {
		p, err = r.ask("cli.prompt.bundle_passphrase")
	} else {
		return "", noPassphraseSource()
	}
	if err != nil {
		return "", err
	}
	defer clear(p)
	return string(p), nil
}

func (r *runner) cmdExport(args []string) error {
	fs := newFlagSet("export")
	var to, events, tutorials, contacts stringList
	fs.Var(&to, "to", "")
	fs.Var(&events, "event", "")
	fs.Var(&tutorials, "tutorial", "")
	fs.Var(&contacts, "contact", "")
	usePass := fs.Bool("passphrase", false, "")
	passFile := fs.String("bundle-passphrase-file", "", "")
	channels := fs.Bool("include-channels", false, "")
	armored := fs.Bool("armor", false, "")
	outPath := fs.String("o", "", "")
	pos, done, err := r.parseCmd("export", fs, args)
	if done {
		return err
	}
	if err := noArgs("export", pos); err != nil {
		return err
	}
	switch {
	case *outPath == "":
		return usageErr("cli.usage.flag_required", map[string]any{"Flag": "-o", "Command": "export"})
	case (len(to) == 0) == !*usePass:
		return usageErr("cli.usage.export_to_or_passphrase", nil)
	case len(events)+len(tutorials)+len(contacts) == 0:
		return usageErr("cli.usage.export_nothing", nil)
	}
	// Refuse to overwrite before unlocking.
	target := *outPath
	isDir := false
	if fi, err := os.Stat(target); err == nil {
		if !fi.IsDir() {
			return userErr("cli.export.exists", args1("Path", target))
		}
		isDir = true
	}
	pass := ""
	if *usePass {
		if pass, err = r.bundlePassphrase(*passFile, true); err != nil {
			return err
		}
	}
	var written string
	err = r.write(func(s *app.Session, o *out) error {
		req := app.ExportRequest{Passphrase: pass, Armor: *armored}
		req.Selection.IncludeChannels = *channels
		resolve := func(kind record.Kind, ids []string) ([]string, error) {
			var out []string
			for _, id := range ids {
				full, err := s.ResolveID(r.ctx, kind, id)
				if err != nil {
					return nil, err
				}
				out = append(out, full)
			}
			return out, nil
		}
		var err error
		if req.To, err = resolve(record.Contact, to); err != nil {
			return err
		}
		if req.Selection.Events, err = resolve(record.Event, events); err != nil {
			return err
		}
		if req.Selection.Tutorials, err = resolve(record.Tutorial, tutorials); err != nil {
			return err
		}
		if req.Selection.Contacts, err = resolve(record.Contact, contacts); err != nil {
			return err
		}
		ex, err := app.Export(r.ctx, s, req)
		if err != nil {
			return sharingErr(err)
		}
		path := target
		if isDir {
			path = filepath.Join(target, ex.Name)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return userErr("cli.export.write_failed", args1("Path", path))
		}
		if _, err := f.Write(ex.Data); err != nil {
			f.Close()
			os.Remove(path)
			return userErr("cli.export.write_failed", args1("Path", path))
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return userErr("cli.export.write_failed", args1("Path", path))
		}
		written = path
		c := ex.Manifest.Counts
		fmt.Fprintln(o, r.tr.T("cli.export.done", map[string]any{"Path": path, "Events": c.Events, "Tasks": c.Tasks,
			"Contacts": c.Contacts, "Tutorials": c.Tutorials + c.BuiltinTutorials}))
		return nil
	})
	if err != nil && written != "" {
		// The vault could not record the export: do not leave a bundle
		// whose sequence number was not saved.
		os.Remove(written)
	}
	return err
}

// readBundle reads a bundle file with app.ReadSharedFile, which refuses
// oversized files before reading them whole.
func (r *runner) readBundle(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	defer f.Close()
	data, err := app.ReadSharedFile(f)
	if errors.Is(err, app.ErrSharedFileUnreadable) {
		return nil, userErr("cli.import.unreadable", args1("Path", path))
	}
	return data, sharingErr(err)
}

// inspect opens a bundle, asking for its passphrase when it needs one.
func (r *runner) inspect(s *app.Session, data []byte, passFile string) (*app.Inspection, app.ImportOptions, error) {
	opts := app.ImportOptions{}
	in, err := app.Inspect(r.ctx, s, data, opts)
	if errors.Is(err, bundle.ErrNeedPassphrase) && (passFile != "" || r.interactive()) {
		if opts.Passphrase, err = r.bundlePassphrase(passFile, false); err != nil {
			return nil, opts, err
		}
		in, err = app.Inspect(r.ctx, s, data, opts)
	}
	return in, opts, sharingErr(err)
}

// printInspection prints the manifest and the merge preview.
func (r *runner) printInspection(in *app.Inspection) {
	m := in.Manifest()
	d := r.details()
	d.field("cli.inspect.bundle", m.ID)
	d.field("cli.inspect.created", formatInstant(m.Created))
	sender := m.Sender.Fingerprint
	if in.Sender != nil {
		status := r.tr.T("cli.peer.unverified", nil)
		if in.Sender.Verified && !in.Sender.KeyChanged {
			status = r.tr.T("cli.peer.verified", nil)
		}
		sender = in.Sender.Name + " (" + status + ")"
	}
	d.field("cli.inspect.sender", sender)
	d.field("cli.inspect.sequence", strconv.FormatInt(m.Sequence, 10))
	c := m.Counts
	d.field("cli.inspect.contents", r.tr.T("cli.inspect.counts", map[string]any{"Events": c.Events, "Tasks": c.Tasks,
		"Contacts": c.Contacts, "Tutorials": c.Tutorials + c.BuiltinTutorials, "Deleted": c.Deleted}))
	if pl := in.Plan; pl != nil {
		d.field("cli.inspect.preview", r.tr.T("cli.inspect.plan", map[string]any{"New": pl.Count(merge.New),
			"Changed": pl.Count(merge.Changed), "Conflicts": pl.Count(merge.Conflict), "Unchanged": pl.Count(merge.Unchanged),
			"Deleted": pl.Count(merge.Deleted)}))
	}
	d.flush()
	if pl := in.Plan; pl != nil {
		t := r.table("cli.col.action", "cli.col.kind", "cli.col.id", "cli.col.title")
		for _, it := range pl.Items {
			if it.Action == merge.Unchanged {
				continue
			}
			t.row(string(it.Action), string(it.Kind), shortID(it.ID), it.Title)
		}
		t.flush()
	}
}

func (r *runner) cmdInspect(args []string) error {
	fs := newFlagSet("inspect")
	passFile := fs.String("bundle-passphrase-file", "", "")
	pos, done, err := r.parseCmd("inspect", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.file_required", args1("Command", "inspect"))
	}
	data, err := r.readBundle(pos[0])
	if err != nil {
		return err
	}
	return r.read(func(s *app.Session) error {
		in, _, err := r.inspect(s, data, *passFile)
		if err != nil {
			return err
		}
		r.printInspection(in)
		if errors.Is(in.Refusal, bundle.ErrReplay) {
			fmt.Fprintln(r.env.Stdout, r.tr.T("cli.import.nothing_changes", nil))
			return nil
		}
		return sharingErr(in.Refusal)
	})
}

func (r *runner) cmdImport(args []string) error {
	fs := newFlagSet("import")
	yes := fs.Bool("yes", false, "")
	trust := fs.Bool("trust-new-sender", false, "")
	passFile := fs.String("bundle-passphrase-file", "", "")
	pos, done, err := r.parseCmd("import", fs, args)
	if done {
		return err
	}
	if len(pos) != 1 {
		return usageErr("cli.usage.file_required", args1("Command", "import"))
	}
	data, err := r.readBundle(pos[0])
	if err != nil {
		return err
	}
	return r.write(func(s *app.Session, o *out) error {
		in, opts, err := r.inspect(s, data, *passFile)
		if err != nil {
			return err
		}
		r.printInspection(in)
		var unknown *bundle.UnknownSenderError
		switch {
		case errors.As(in.Refusal, &unknown) && !*trust:
			return &msgError{msg: app.Message{ID: "cli.import.unknown_sender", Args: args1("Fingerprint", unknown.Fingerprint)},
				exit: ExitUnknownSender}
		case errors.Is(in.Refusal, bundle.ErrReplay):
			fmt.Fprintln(o, r.tr.T("cli.import.nothing_changes", nil))
			return nil
		case in.Refusal != nil && !errors.As(in.Refusal, &unknown):
			return sharingErr(in.Refusal)
		}
		if !*yes {
			if !r.interactive() {
				return usageErr("cli.usage.import_needs_yes", nil)
			}
			fmt.Fprint(r.env.Stdout, r.tr.T("cli.import.confirm", nil)+" ")
			line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
				return userErr("cli.import.cancelled", nil)
			}
		}
		opts.TrustNewSender = *trust
		pl, err := app.ApplyImport(r.ctx, s, data, opts, in.Plan)
		if err != nil {
			return sharingErr(err)
		}
		fmt.Fprintln(o, r.tr.T("cli.import.done", map[string]any{"New": pl.Count(merge.New), "Changed": pl.Count(merge.Changed),
			"Conflicts": pl.Count(merge.Conflict), "Deleted": pl.Count(merge.Deleted)}))
		if n := pl.Count(merge.Conflict); n > 0 {
			fmt.Fprintln(o, r.tr.N("cli.import.conflicts", n, nil))
		}
		return nil
	})
}
