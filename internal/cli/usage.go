package cli

import (
	"fmt"
	"strings"
)

// The command synopses are command-line syntax, the same in every
// language; the one-line descriptions around them are translated.

const usageGlobal = `safehouse [--portable] [--vault DIR] [--passphrase-file FILE|-] COMMAND [ARGS]`

// usageTopics maps each help topic to its synopsis lines.
var usageTopics = []struct {
	topic string
	lines []string
}{
	{"init", []string{"safehouse init"}},
	{"check", []string{"safehouse check [--from-previous [--restore]]"}},
	{"passwd", []string{"safehouse passwd [--new-passphrase-file FILE|-] [--show-recovery-key]"}},
	{"recover", []string{"safehouse recover [--recovery-key-file FILE|-] [--new-passphrase-file FILE|-]"}},
	{"recovery-key", []string{"safehouse recovery-key"}},
	{"duress", []string{
		"safehouse duress set [--duress-passphrase-file FILE|-]",
		"safehouse duress status",
		"safehouse duress clear",
		"safehouse duress edit contact|event|task|tutorial|template|search ARGS...",
	}},
	{"contact", []string{
		"safehouse contact add --name N [--kind person|organization|business] [--org O] [--role R]",
		"                      [--country CC] [--tag T]... [--stage S] [--trust unverified|known|verified]",
		"                      [--channel TYPE[/LABEL]:VALUE]... [--language L]... [--consent TEXT]",
		"                      [--follow-up YYYY-MM-DD] [--notes TEXT]",
		"safehouse contact list [--json] [--search Q] [--tag T] [--stage S] [--country CC] [--kind K]",
		"safehouse contact show ID [--json]",
		"safehouse contact edit ID [contact add flags] [--clear-tags] [--clear-channels] [--clear-languages]",
		"safehouse contact rm ID",
		"safehouse contact import FILE [--format vcard|csv] [--map \"Column=field,...\"]... [--yes] [--no-merge]",
		"safehouse contact export --format vcard|csv -o FILE --yes-i-understand-plaintext",
		"                         [--contact ID]... [--tag T]",
	}},
	{"event", []string{
		"safehouse event add --title T --start 2027-10-21T10:00 [--end ...] [--tz Area/City]",
		"                    [--location L] [--online] [--status S] [--kind K] [--objective 1-6]...",
		"                    [--description D] [--threats T] [--mitigations M]",
		"                    [--emergency-contacts E] [--check-in C] [--outcome O]",
		"                    [--repeat daily|weekly|monthly|yearly [--every N] [--on mon,thu|2tue|last-fri]",
		"                     [--day N] [--until YYYY-MM-DD | --times N]]",
		"safehouse event add --template ID [--date YYYY-MM-DD] [--tz Area/City]",
		"safehouse event list [--json] [--search Q] [--upcoming] [--past] [--status S]",
		"                     [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
		"safehouse event show ID [--json]",
		"safehouse event repeat ID --repeat none|daily|weekly|monthly|yearly [event add repeat flags]",
		"safehouse event rm ID",
		"safehouse event export [--format ics] [--event ID]... -o FILE --yes-i-understand-plaintext",
		"                       [--include-safety-plan]",
		"safehouse event import FILE [--yes] [--tz Area/City]",
	}},
	{"task", []string{
		"safehouse task add --event ID --title T [--due YYYY-MM-DD] [--assignee CONTACT_ID] [--notes N]",
		"safehouse task done ID [--undo]",
	}},
	{"tutorial", []string{"safehouse tutorial list [--json] [--language L]"}},
	{"template", []string{"safehouse template list [--json]", "safehouse template rm ID",
		"safehouse template import FILE|- [--check] [--strict] [--yes]"}},
	{"search", []string{"safehouse search QUERY... [--json] [--limit N]"}},
	{"card", []string{"safehouse card [--name NAME] [--qr FILE.png]"}},
	{"peer", []string{
		"safehouse peer add CARD [--contact ID]",
		"safehouse peer list [--json]",
		"safehouse peer verify ID",
		"safehouse peer fingerprint ID",
	}},
	{"export", []string{
		"safehouse export --to ID... | --passphrase [--bundle-passphrase-file FILE]",
		"                 [--event ID]... [--tutorial ID]... [--contact ID]...",
		"                 [--include-channels] [--armor] -o FILE|DIR",
	}},
	{"inspect", []string{"safehouse inspect FILE"}},
	{"import", []string{"safehouse import FILE [--yes] [--trust-new-sender]"}},
	{"demo", []string{"safehouse demo [--out DIR] [--scale small|typical|large] [--seed N]"}},
	{"locale", []string{
		"safehouse locale new LANG [-o FILE] [--from FILE]...",
		"safehouse locale check [--strict] [--missing] FILE|FOLDER...",
		"safehouse locale list",
	}},
	{"wipe", []string{"safehouse wipe [--confirm NAME]"}},
}

// printUsage prints the usage of one topic, or of everything for "" or an
// unknown topic, to standard output.
func (r *runner) printUsage(topic string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", r.tr.T("cli.help.intro", nil))
	fmt.Fprintf(&b, "  %s\n\n", usageGlobal)
	known := false
	for _, t := range usageTopics {
		known = known || t.topic == topic
	}
	for _, t := range usageTopics {
		if known && t.topic != topic {
			continue
		}
		for _, l := range t.lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", r.tr.T("cli.help.ids", nil))
	fmt.Fprintf(&b, "%s\n", r.tr.T("cli.help.passphrase", nil))
	fmt.Fprintf(&b, "%s\n", r.tr.T("cli.help.exit", nil))
	fmt.Fprint(r.env.Stdout, b.String())
}
