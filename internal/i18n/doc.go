// Package i18n translates Safehouse's user-facing text.
//
// A [Translator] looks messages up by ID ("save.failed", "contacts.count")
// in go-i18n TOML message files. The English source, locales/en.toml, is
// embedded together with every other translation in package locales.
// Translation files from elsewhere (a translator working on a new language,
// a community-made file) can be loaded at run time with [Translator.LoadFile]
// or [Translator.LoadBytes]; they override the embedded text message by
// message.
//
// # Fallback
//
// A message missing from the chosen language is shown in English. A message
// missing from English too is shown as its ID, and recorded so tests can find
// it with [Translator.Missing]. Looking a message up never fails.
//
// # External files
//
// External files are untrusted. A file is accepted or rejected as a whole,
// before anything in the translator changes, so a broken file can never break
// the interface. A file is rejected when it is larger than [MaxFileSize], is
// not valid UTF-8, holds more than [MaxMessages] messages, is not valid TOML
// (or nests tables, arrays or keys more than 16 levels deep, or defines a
// message twice), or has a message whose text is not plain text with
// placeholders of the form {{.Name}}, or uses a placeholder the English
// message does not have. The
// rejection is a [*FileError] that names the file, the line where known and
// the message ID, and wraps one of the Err* sentinels.
//
// Only the message IDs present in the English source are loaded; other IDs
// are ignored. [Check] reports them, along with missing translations,
// placeholder differences and missing plural forms.
//
// # Translator tools
//
// [NewFile] writes a ready-to-translate file for a language, pre-filled with
// the existing translation; [Check] reports what to fix; [UserDir] is the
// folder the app loads a user's own files from ([UserFiles] lists them).
// [PseudoLocale] ("en-XA") is a fake language made from English at run time,
// accented and 40% longer, for testing layouts. docs/TRANSLATING.md describes
// the workflow.
//
// # File names
//
// A file's language comes from its name: "fr.toml", "pt-BR.toml" or, in
// go-i18n's style, "active.fr.toml".
package i18n
