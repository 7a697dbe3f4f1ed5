// Package image is tent's image store: references (normalized as Docker
// does), a content-addressed store of blobs and unpacked layers under one root
// dir, pull from registries, load and save of docker-archive and OCI-layout
// tarballs, tag and remove.
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
// Syscalls: flock, rename, openat/mkdirat through os, and the unpacking ones
// of package rootfs.
package image
