// Package bufpool is tent's one pool of copy buffers (sync.Pool of
// Size-byte slices), shared by the layer unpacker (file contents) and the
// gzip readahead (decoded chunks), so a buffer freed by one serves the
// other. A leaf package: it imports only sync, so linking it pulls in no
// decompressor. No system calls.
package bufpool
