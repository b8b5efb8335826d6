// Package record names the kinds of records a vault holds. It is a leaf:
// the store files rows under these names (tombstones, search hits,
// conflicts), bundles carry them in deletions, and the merge keeps one
// table entry per kind that peers share.
package record

// Kind names a record type. It is used in tombstones, search hits,
// merge conflicts, deletions carried by bundles and the merge plan.
type Kind string

// Record kinds.
const (
	Contact  Kind = "contact"
	Event    Kind = "event"
	Task     Kind = "task"
	Tutorial Kind = "tutorial"
	// Template is a campaign template saved in the vault. Templates are
	// not shared in bundles.
	Template Kind = "template"
)

// All lists every kind.
var All = []Kind{Contact, Event, Task, Tutorial, Template}

// Shared reports whether records of the kind travel in bundles: all but
// templates.
func (k Kind) Shared() bool {
	switch k {
	case Contact, Event, Task, Tutorial:
		return true
	}
	return false
}
