// Package contactio reads and writes contacts in the formats other tools
// use: vCard (3.0 and 4.0, and the 2.1 dialect old phones still write) and
// CSV (the exports of Google Contacts, Outlook, Thunderbird and
// spreadsheets). It turns outside files into [contact.Contact] values,
// plans how they fit the vault (new, duplicate, invalid) and writes
// contacts back out. It does no file I/O of its own: callers pass bytes in
// and a writer out. docs/interop.md describes the formats for users.
//
// # Reading
//
// [Detect] recognises the format and refuses calendars, encrypted files
// and binary data; [CSVFile.LooksLikeContacts] refuses text that holds no
// contacts. [ReadVCard] and [ParseCSV] take the whole file (at most
// [Limits.File] bytes, or [Limits.Read] for a vCard file whose photos,
// which are never imported, make it larger) and never panic on hostile input; every limit is
// checked before memory is spent on what it bounds. Text is decoded from
// UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark
// or Windows-1252 (see [DecodeText]). Each card or row becomes a [Record]:
// a valid contact, or the [Reason]s it cannot be imported. Reasons carry
// stable codes and arguments, never English text; user interfaces
// translate [Reason.MessageID].
//
// # Planning and applying
//
// [MakePlan] compares records with the contacts already in the vault
// without writing anything: each record is new, a duplicate of an
// existing contact, a repeat of an earlier record of the same file, or
// invalid. Two records are the same person when they share an email
// address or another personal handle, a phone or Signal number and a
// compatible name (a shared office number alone is not enough), or the
// vCard UID (a vault contact's ID, for Safehouse's own exports); a
// record without channels matches one of the same name without channels.
// A duplicate is merged only by filling empty fields and adding
// channels, tags and languages; differing non-empty values stay as they
// are and are listed as kept. A repeat is merged into the earlier
// record's new contact the same way, so de-duplication never drops a
// detail. A record without a name is named from its organization, email
// address or phone number, with a notice ([Record.Notices]).
// [Plan.Steps] lists the writes; the app layer (app.ApplyContactImport)
// makes them in one store transaction after the user confirmed, and
// refuses with [ErrStale] if a contact it merges into changed since the
// plan was made. This package does not touch the store.
//
// # Writing
//
// [WriteVCard] writes vCard 4.0 and [WriteCSV] writes RFC 4180 CSV in UTF-8
// with a byte order mark. Both write the name, kind, organization, role,
// country, languages, channels, tags and notes of each contact; stage,
// trust, consent, follow-up date and sharing keys stay in the vault (they
// are this user's own assessment and keys). Exported files are plain
// text: callers must warn before writing them.
package contactio
