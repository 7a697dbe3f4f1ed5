// Package archive writes and reads image tarballs: the docker-archive format
// (manifest.json, as `docker save` writes) and the OCI image layout in a tar
// (oci-layout, index.json, blobs/sha256/…, as `skopeo copy oci-archive:`).
// Load brings an archive's images into an image store (image.Store.Ingest),
// Save writes stored images out, and V1Image reads a stored image as a
// go-containerregistry image (for Save and for image/registry's push).
// They live here, not in package image, so that the store which every tent
// command opens links neither go-containerregistry's tarball and partial
// packages nor go-digest and image-spec: tent-image links this package.
//
// Writing streams every blob straight into the tar. Reading indexes the tar's
// entries once (offsets into a seekable file), then serves each blob as a
// section of the file, so a load streams blobs without unpacking the tar
// first. No syscalls beyond reads and writes of the given file.
package archive
