// Package cli is Safehouse's command-line interface: the subcommands of the
// safehouse binary over the use cases of package app. docs/cli.md
// describes each with its flags.
//
// # Commands
//
//   - The vault: init, check, passwd, recover, recovery-key, wipe, duress, demo.
//   - Its records: contact, event, task, tutorial, template, search.
//   - Sharing: card, peer, export, inspect, import.
//   - Translations: locale.
//
// passwd changes the passphrase and replaces the keys; recover opens the
// vault with the recovery key, which recovery-key shows again; wipe
// destroys the vault; duress sets the duress passphrase and edits its
// decoy; demo makes a vault of invented data. card is this vault's
// contact card, peer the people it shares with; export writes a signed,
// encrypted file, inspect shows what one holds without importing it.
//
// # Contract
//
// [Run] takes the arguments after the program name and an [Env] holding
// everything the outside world provides (standard streams, environment,
// terminal, clock, the GUI), so tests run the whole CLI in-process.
// It returns the exit status: 0 for success, 1 for an error, 2 for a usage
// error (unknown command or flag, missing required flag, malformed value),
// and for import and inspect 3, 4 or 5 when a shared file is refused
// because its sender is unknown, it is outdated or it was passed on
// ([ExitUnknownSender], [ExitOutdated], [ExitForwarded]).
//
// # Messages
//
// Every error is one line on standard error, prefixed "safehouse: ",
// translated from a message ID; raw Go errors and stack traces are never
// shown. Errors from the vault and the store are turned into messages by
// [app.Explain]; the CLI's own messages have IDs starting with "cli.".
//
// # Secrets
//
// Passphrases are read from the terminal without echo, or from the file
// named by --passphrase-file ("-" for standard input) for scripts; the
// recovery key likewise, or from --recovery-key-file. Nothing is written
// to disk except through the vault, and read-only commands (list, show,
// search, check) never save.
package cli
