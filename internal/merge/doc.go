// Package merge moves records between a vault and the bundles its peers
// exchange: [Collect] reads a [Selection] from the store into a
// [bundle.Payload], and [MakePlan] and [Apply] merge an opened bundle into
// the store. Package bundle knows the file (envelope, manifest, payload,
// limits) and nothing of the vault; this package knows the vault's
// records and the merge rules, and nothing of the file's bytes.
//
// # Plan and apply
//
// [MakePlan] previews a merge and writes nothing: one [Item] per incoming
// record (and per deletion), with the [Action] the merge takes. [Apply]
// computes the same plan again inside one store transaction and carries
// it out, or writes nothing when the vault changed since the preview
// ([ErrStale]). Both walk the payload with one routine driven by a table
// with an entry per shared [record.Kind] (kinds.go): how to read the
// local record, compare it with the incoming one, and write it as itself
// or as a conflict copy. The rules (docs/bundle-format.md, "Merging"):
// records are matched by UUID; what this vault and each peer last agreed
// on (store.SyncBase) decides between changed, unchanged and conflict;
// provenance comes from the bundle's signer, never from its origin
// fields; only a record's creator can delete it here.
//
// # Refusing outdated bundles
//
// bundle.Check refuses forwarded, replayed and unknown-sender bundles by
// their manifest alone; [CheckNewer] needs the plan: a bundle whose
// sequence is not above the last one from its sender is imported only
// when its plan changes something.
package merge
