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
// not valid UTF-8, holds more than [MaxMessages] messages, is not valid TOML,
// or has a message whose text is not plain text with placeholders of the form
// {{.Name}}, or uses a placeholder the English message does not have. The
// rejection is a [*FileError] that names the file, the line where known and
// the message ID, and wraps one of the Err* sentinels.
//
// Only the message IDs present in the English source are loaded; other IDs
// are ignored. [Check] reports them, along with missing translations,
// placeholder differences and missing plural forms.
//
// # File names
//
// A file's language comes from its name: "fr.toml", "pt-BR.toml" or, in
// go-i18n's style, "active.fr.toml".
package i18n
