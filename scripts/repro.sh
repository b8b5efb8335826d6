#!/bin/sh
# repro.sh — prove the release build is reproducible: build the Linux binary
# twice from the last commit (`git archive HEAD`; REPRO_REF=TAG for another;
# uncommitted changes play no part), in two different folders, with different temporary folders, the
# second with an empty Go build cache so no cached result can hide
# nondeterminism, and compare the SHA-256 of the two binaries. Fails loudly if
# they differ. Both builds use scripts/release-build.sh from this working tree.
# Run by `make repro` and by CI (.ci/run). Takes minutes: the second build
# compiles everything, C parts included, from scratch.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)

ref=${REPRO_REF:-HEAD}
if ! command -v git >/dev/null 2>&1 || ! git rev-parse --verify -q "$ref^{commit}" >/dev/null; then
	echo "repro: needs git and a commit to build from ($ref)" >&2
	exit 1
fi
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$ref")
export SOURCE_DATE_EPOCH
commit=$(git rev-parse --short "$ref^{commit}")

work=$(mktemp -d "${TMPDIR:-/tmp}/safehouse-repro.XXXXXX")
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

a=$work/a/src
b=$work/second/tree/at/another/depth/safehouse-src
mkdir -p "$a" "$b" "$work/tmp-a" "$work/tmp-b" "$work/gocache-b"
git archive --format=tar "$ref" | tar -x -C "$a"
git archive --format=tar "$ref" | tar -x -C "$b"

echo "repro: commit $commit, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"
t0=$(date +%s)
echo "repro: build 1 in $a (normal Go build cache)"
TMPDIR=$work/tmp-a sh "$repo/scripts/release-build.sh" -C "$a" -o "$work/safehouse-1"
t1=$(date +%s)
echo "repro: build 1 took $((t1 - t0)) s; build 2 in $b (empty Go build cache)"
GOCACHE=$work/gocache-b TMPDIR=$work/tmp-b sh "$repo/scripts/release-build.sh" -C "$b" -o "$work/safehouse-2"
t2=$(date +%s)
echo "repro: build 2 took $((t2 - t1)) s"

h1=$(sha256sum "$work/safehouse-1" | cut -d' ' -f1)
h2=$(sha256sum "$work/safehouse-2" | cut -d' ' -f1)
echo "repro: build 1 sha256 $h1"
echo "repro: build 2 sha256 $h2"
if [ "$h1" != "$h2" ]; then
	echo "repro: FAILED: the two builds of $commit differ." >&2
	echo "repro: first differing bytes (offset, octal values):" >&2
	cmp -l "$work/safehouse-1" "$work/safehouse-2" | head -n 20 >&2 || true
	echo "repro: $(cmp -l "$work/safehouse-1" "$work/safehouse-2" | wc -l) bytes differ; build info of each:" >&2
	go version -m "$work/safehouse-1" >&2 || true
	go version -m "$work/safehouse-2" >&2 || true
	mkdir -p dist
	cp "$work/safehouse-1" dist/repro-1.bin
	cp "$work/safehouse-2" dist/repro-2.bin
	echo "repro: both binaries kept as dist/repro-1.bin and dist/repro-2.bin (try diffoscope)" >&2
	exit 1
fi
echo "repro: OK, byte-identical ($(wc -c <"$work/safehouse-1") bytes) in $((t2 - t0)) s"
