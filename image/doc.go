// Package image is tent's image store: references (normalized as Docker
// does, by a parser of its own that reads names as go-containerregistry's
// name package does, so that this package links neither it nor go-digest),
// a content-addressed store of blobs and unpacked layers under one root
// dir, tag and remove. Load and save of docker-archive and OCI-layout
// tarballs are in package image/archive. Pulls from registries are in package image/registry, which tent's
// registry client (cmd/tent-image) links and tent itself does not: this
// package imports no net/http nor TLS.
//
// Layout under the root (e.g. /var/lib/tent/image):
//
//	blobs/sha256/<hex>   manifests, configs and compressed layers, by digest
//	layers/<diffid hex>/ a layer unpacked once, ready to be an overlay lowerdir
//	layerinfo/<hex>      unpacked size of that layer (written before the dir)
//	index.json           names → image id, image records (temp+rename)
//	lock                 flock(2) around index updates
//	locks/<hex>          flock(2) per layer while it is fetched or removed
//	tmp/                 in-flight downloads and unpacks; renamed into place
//
// Every blob is verified while it streams in (sha256), a layer's diffID on its
// uncompressed stream; only verified content is renamed into place, so a pull
// killed with SIGKILL or a digest mismatch leaves the store as it was.
//
// Hostile images are bounded: a descriptor of negative size is refused and
// every blob read stops one byte past its descriptor's size; a config over
// MaxConfigSize is refused before it is read; each layer is unpacked within
// the limits of WithLayerLimits (rootfs.Unpack's: unpacked size, sparse
// files at their full size, entries, stream length); at most 16 layers are
// in flight. A refused image leaves the store as it was.
//
// Only a store opened WithDecompressor (rootfs/compression.Decompress, given
// by tent-image) brings layers in: tent itself only reads and removes
// images and does not link the decompressors.
//
// What image/registry uses to bring a pulled image in: a Plan (names, raw
// manifest and config, and a LayerSource per layer whose Open streams the
// compressed blob) given to Store.Ingest, which archive.Load uses too;
// Store.BlobPath to read a config the store already has; HostPlatform,
// Normalize and SplitName; and the Err* sentinels (ErrUnauthorized,
// ErrUnreachable, ErrNoSuchTag, ...), which stay here so that callers'
// errors.Is keeps working without importing the registry client.
//
// For a push, Store.Stored gives an image's blobs as the store keeps them
// (archive.V1Image reads them as a ggcr image), with the repositories each
// layer is known to be in (from the repo digests), and AddRepoDigest records
// where it went; Store.ToSave gives them for a save. History lists
// an image's steps as docker history does.
//
// Syscalls: flock, rename, openat/mkdirat through os, and the unpacking ones
// of package rootfs.
package image
