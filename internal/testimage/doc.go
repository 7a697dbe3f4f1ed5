// Package testimage makes small offline images from the host's busybox-static,
// for tests, the demo and benchmarks: no network needed.
//
// Images are built in memory with go-containerregistry: tar layers are written
// with archive/tar, compressed with gzip or zstd (klauspost/compress), and put
// together with mutate. Everything is deterministic (fixed mtimes, fixed
// Created time, seeded generators), so the same options give the same digests.
// The only syscalls are reads of the busybox binary and one exec of
// `busybox --list` to learn its applets.
package testimage
