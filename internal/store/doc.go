// Package store keeps the Safehouse database: an SQLite database that
// lives only in memory, with typed repositories for contacts, events,
// tasks, participants and tutorials, and full-text search over them.
//
// # Memory only
//
// The database is opened as "file::memory:" on a single connection with
// temp_store=MEMORY and journal_mode=MEMORY, so SQLite never writes a file.
// A connector refuses to open a second connection, which would silently be
// a new, empty database. Persistence is the vault's job: [Store.Serialize]
// returns the SQLite file image, and [Load] reads one back (ignoring
// trailing padding) after checking the header, the integrity of the whole
// database, and the schema version.
//
// # Format
//
// The image is a plain SQLite 3 database whose schema is described in
// docs/schema.md. Instants are INTEGER Unix milliseconds (UTC), dates
// (follow-ups, due dates) TEXT "YYYY-MM-DD" or empty for none, booleans 0/1,
// IDs random UUID v4 text. PRAGMA user_version holds the schema version
// ([SchemaVersion]); migrations run in order, each in one transaction, and
// a database with a newer version is refused with [ErrNewerVersion].
//
// # Search
//
// An external-content FTS5 table indexes the text of every record (kept
// in search_docs) and is updated in the same transaction as the record.
// The index holds folded text (package textfold: accents, Arabic and
// Persian letter variants, digits), kept next to the original where it
// differs; queries are folded the same way, and result titles and
// snippets are made from the original text. User text becomes a quoted
// FTS5 query (see [FTSQuery]), so search syntax errors never reach users.
// Contact searches of one or two characters match name prefixes instead
// (see [ContactFilter]), and the interface may add the contacts of
// countries whose names match ([ContactFilter.SearchCountries]).
//
// # Long lists
//
// The contact list is meant to be virtualized: page it with
// [Contacts.ListSummariesAfter] (keyset pagination, constant cost per
// page) rather than a growing Offset.
//
// # Concurrency and transactions
//
// Every repository method that writes runs in its own transaction, unless
// the repository comes from a [Tx] (see [Store.InTx]). [Store.Changes]
// counts committed write transactions for dirty tracking.
package store
