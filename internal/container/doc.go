// Package container keeps tent's container records: one directory per
// container under the store root (e.g. /var/lib/tent/containers/<id>/) with
// record.json, the overlay upper/work dirs, the bundle and the json-file log.
//
// What it does, and with which system calls:
//
//   - ids are 32 random bytes from getrandom(2) (crypto/rand), shown as 64 hex
//     digits; short ids are the first 12, prefix-matched as Docker does.
//   - names are reserved atomically with open(O_CREAT|O_EXCL) of
//     <root>/.names/<name>, under a store-wide flock(2), so two `tent run
//     --name web` at once cannot both win.
//   - record.json is written to a temporary file and rename(2)d over the old
//     one: a reader (or a CLI killed half-way) never sees half a record. It
//     is read with open(2), read(2), close(2) and decoded field by field
//     (record_json.go, internal/jsonlite), encoding/json only for a record
//     of another writer.
//   - two flock(2) locks per container: one on the container's dir itself,
//     held for the read-modify-write of Update and for Remove (so an Update
//     never writes a record back into a dir being removed), and op.lock
//     (Lock), held by a command for its whole duration (stop, rm, start...) so that commands on one container
//     are serialized while the monitor can still record state.
//   - reconciliation: a record that says "running" is checked against
//     /proc/<pid>/stat (pid and its start time, so a reused pid is not
//     mistaken for ours); when both the monitor and the init are gone the
//     record is rewritten as exited.
package container
