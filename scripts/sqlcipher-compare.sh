#!/bin/sh
# Times SQLCipher committing the edit that BenchmarkSave times in Safehouse
# (internal/app/bench_test.go), on the same data set, for the SQLCipher
# comparison in docs/performance.md (issue 16).
#
#   sh scripts/sqlcipher-compare.sh                  # typical and large
#   sh scripts/sqlcipher-compare.sh --contacts 100000
#   options: --runs N (timed runs, default 50), --batch N (commits per run, default 10)
#
# For each size it
#   1. builds the benchmark's database: scripts/benchimage makes a vault the
#      way BenchmarkSave does (app.Create, demo.Populate with seed 1, save)
#      and writes its SQLite database out; --contacts N makes N contacts and
#      N/10 events with 10 tasks each, the proportions of both scales;
#   2. loads it into an SQLCipher database with a key (sqlite3 .dump piped
#      into sqlcipher). Debian's SQLCipher 3.4.1 is SQLite 3.15, which has
#      no FTS5: the search index is rebuilt as the closest FTS4 equivalent
#      (same columns, external content, unicode61 tokenizer);
#   3. times the benchmark's edit: one transaction that updates a contact's
#      row (updated, version, notes), rewrites its channels and tags,
#      and re-indexes it for search (delete, update search_docs, insert),
#      with PRAGMA synchronous=FULL and SQLCipher's default rollback
#      journal, cycling over 100 contacts as the benchmark does. Each of
#      --runs runs commits --batch such transactions in one sqlcipher
#      process (its shell timer has millisecond resolution); the script
#      prints the median time per commit. Key derivation happens before
#      the timer starts.
#
# Plaintext: the database of step 1 and the SQL made from it are fictional
# demo data, but the script still treats them as secret. They live in a
# folder made with mktemp -d in /dev/shm (memory, when it is writable;
# else in $TMPDIR) that a trap deletes on exit, Ctrl-C, TERM and HUP. The
# SQLCipher database is encrypted and lives, like the benchmark's
# b.TempDir(), in a mktemp -d folder in ${TMPDIR:-/tmp} (so fsync costs the
# same as for the benchmark); the trap deletes it too. Only SIGKILL or a
# power cut can leave the folders behind: the script prints their names
# first, and /dev/shm is emptied at the next boot anyway.
#
# Network: none, except that when sqlcipher or sqlite3 is missing the
# script asks apt to install it (with sudo unless run as root), as the
# Makefile's deps targets do. Go runs with GOPROXY=off and never downloads
# modules: run `go mod download` (or `make build`) first if needed.
set -eu

runs=50
batch=10
contacts=""
while [ $# -gt 0 ]; do
	case "$1" in
	--contacts) contacts=${2:?--contacts needs a number}; shift 2 ;;
	--runs) runs=${2:?--runs needs a number}; shift 2 ;;
	--batch) batch=${2:?--batch needs a number}; shift 2 ;;
	-h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "sqlcipher-compare: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
for n in "$runs" "$batch" ${contacts:+"$contacts"}; do
	case "$n" in
	'' | *[!0-9]* | 0*) echo "sqlcipher-compare: $n is not a whole number of 1 or more" >&2; exit 2 ;;
	esac
done

cd "$(dirname "$0")/.."
umask 077

# SQLCipher and sqlite3 from the distribution, only when missing.
for tool in sqlcipher sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || sh scripts/deps.sh "$tool" \
		"sudo dnf install -y $tool" "sudo pacman -S --needed $tool" "brew install $tool"
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "sqlcipher-compare: $tool is not installed and could not be installed" >&2
		exit 1
	fi
done

shm=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=/dev/shm
fi
plain=""
enc=""
cleanup() { rm -rf -- "$plain" "$enc"; }
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
plain=$(mktemp -d "$shm/safehouse-sqlcipher-plain.XXXXXX")
enc=$(mktemp -d "${TMPDIR:-/tmp}/safehouse-sqlcipher.XXXXXX")
echo "temporary folders (deleted on exit): $plain $enc"

key="safehouse-benchmark"

# The benchmark's edit, one transaction per line; %ID% is the contact, %DOC%
# its search document and %N% the edit number. %INSERTS% re-inserts the
# contact's channels and tags.
edit="BEGIN; \
UPDATE contacts SET updated = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), version = version + 1, notes = 'edit %N%' WHERE id = '%ID%'; \
DELETE FROM search WHERE docid = %DOC%; \
DELETE FROM contact_channels WHERE contact_id = '%ID%'; \
DELETE FROM contact_tags WHERE contact_id = '%ID%'; \
%INSERTS% \
UPDATE search_docs SET body = (SELECT c.organization || char(10) || c.role || char(10) || \
coalesce((SELECT group_concat(tag, ' ') FROM contact_tags WHERE contact_id = c.id), '') || char(10) || c.notes || \
coalesce((SELECT group_concat(char(10) || value || char(10) || label, '') FROM contact_channels WHERE contact_id = c.id), '') \
FROM contacts c WHERE c.id = '%ID%'), folded_body = NULL WHERE doc = %DOC%; \
INSERT INTO search(docid, title, body) SELECT doc, title, body FROM search_docs WHERE doc = %DOC%; \
COMMIT;"

# q(x): a quoted SQL literal on one line.
q() { echo "replace(replace(quote($1), char(13), '''||char(13)||'''), char(10), '''||char(10)||''')"; }

# measure NAME BENCHIMAGE-ARGS...: prints "NAME: X ms per commit ...".
measure() {
	name=$1
	shift
	db=$plain/$name.db
	GOPROXY=off CGO_ENABLED=0 go run ./scripts/benchimage "$@" -out "$db"
	tables=$(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table'
		AND (name NOT LIKE 'search%' OR name = 'search_docs') AND name NOT LIKE 'sqlite_%'")
	n=$(sqlite3 "$db" "SELECT count(*) FROM contacts")
	rm -f -- "$enc/$name.db" "$enc/$name.db-journal"
	{
		echo "PRAGMA key = '$key';"
		# shellcheck disable=SC2086 # one argument per table
		sqlite3 "$db" ".dump $tables"
		echo "CREATE VIRTUAL TABLE search USING fts4(content=\"search_docs\", title, body, tokenize=unicode61 \"remove_diacritics=1\");"
		echo "INSERT INTO search(search) VALUES('rebuild');"
	} | sqlcipher -bail "$enc/$name.db" >/dev/null
	# The 100 contacts the benchmark cycles over (ContactFilter{Limit: 100}
	# lists them by name), each with its search document and the SQL that
	# re-inserts its channels and tags.
	sqlite3 -separator '	' "$db" "SELECT c.id, (SELECT doc FROM search_docs WHERE id = c.id),
		coalesce((SELECT group_concat('INSERT INTO contact_channels(contact_id, position, type, value, label) VALUES(''' ||
			contact_id || ''', ' || position || ', ' || $(q type) || ', ' || $(q value) || ', ' || $(q label) || ');', ' ')
			FROM contact_channels WHERE contact_id = c.id), '') || ' ' ||
		coalesce((SELECT group_concat('INSERT INTO contact_tags(contact_id, tag) VALUES(''' || contact_id || ''', ' || $(q tag) || ');', ' ')
			FROM contact_tags WHERE contact_id = c.id), '')
		FROM contacts c ORDER BY c.name COLLATE NOCASE, c.id LIMIT 100" >"$plain/$name.ids"
	rm -f -- "$db"
	awk -F '	' -v edit="$edit" -v runs="$runs" -v batch="$batch" '
		# repl replaces every pat in s by v, taken literally (gsub would
		# read "&" in v).
		function repl(s, pat, v,   out, i) {
			out = ""
			while ((i = index(s, pat)) > 0) {
				out = out substr(s, 1, i - 1) v
				s = substr(s, i + length(pat))
			}
			return out s
		}
		{ id[NR - 1] = $1; doc[NR - 1] = $2; ins[NR - 1] = $3 }
		END {
			print "PRAGMA synchronous = FULL;"
			print "PRAGMA temp_store = MEMORY;"
			print "SELECT count(*) FROM contacts;"
			print ".timer on"
			k = 0
			for (r = 0; r < runs; r++) {
				line = ""
				for (b = 0; b < batch; b++) {
					t = repl(repl(repl(repl(edit, "%INSERTS%", ins[k % NR]), "%ID%", id[k % NR]), "%DOC%", doc[k % NR]), "%N%", k)
					line = line t " "
					k++
				}
				print line
			}
		}' "$plain/$name.ids" >"$plain/$name.sql"
	rm -f -- "$plain/$name.ids"
	{
		echo "PRAGMA key = '$key';"
		cat "$plain/$name.sql"
	} | sqlcipher -bail "$enc/$name.db" >"$plain/$name.out"
	rm -f -- "$plain/$name.sql"
	size=$(wc -c <"$enc/$name.db" | tr -d ' ')
	awk -v name="$name" -v n="$n" -v batch="$batch" -v size="$size" '
		/^Run Time: real / { t[c++] = $4 }
		END {
			if (c == 0) { print name ": no timings (sqlcipher failed?)"; exit 1 }
			# sort (c is small)
			for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
			med = (c % 2) ? t[int(c / 2)] : (t[c / 2 - 1] + t[c / 2]) / 2
			printf "%s (%d contacts, %.1f MB encrypted): %.2f ms per commit (median of %d runs of %d commits; fastest run %.2f, slowest %.2f)\n",
				name, n, size / 1e6, med * 1000 / batch, c, batch, t[0] * 1000 / batch, t[c - 1] * 1000 / batch
		}' "$plain/$name.out"
	rm -f -- "$plain/$name.out" "$enc/$name.db" "$enc/$name.db-journal"
}

echo "$(sqlcipher -version) (sqlcipher), PRAGMA synchronous=FULL, journal_mode=delete, database in ${TMPDIR:-/tmp}"
if [ -n "$contacts" ]; then
	measure "contacts-$contacts" -contacts "$contacts"
else
	measure typical -scale typical
	measure large -scale large
fi
