// Package compression detects and undoes the compression of an image layer
// stream: gzip, zstd or bzip2, told apart by their magic bytes (anything
// else is taken as a plain tar; xz is recognized and refused).
//
// gzip and zstd use klauspost/compress; GzipWriter is the writer of the
// layers tent makes (commit, build). gzip decompresses in a goroutine a
// few MiB ahead of the reader, so that decompression and the unpacking of
// files overlap on two CPUs. A zstd frame may ask for a window (history
// kept in memory) of at most MaxZstdWindow.
//
// It is its own package, apart from rootfs, so that the container's init
// (tent-init links rootfs for its mounts and pivot_root) does not link the
// decompressors: their package inits (a CRC table) and code pages would
// cost every container start. For the same reason the image store takes
// Decompress as an option (image.WithDecompressor) and layerdiff and the
// engine's commit take GzipWriter as an argument: only tent-image, which
// brings images in, links this package; tent does not. No syscalls: it only reads and writes streams.
package compression
