// Package archive writes and reads image tarballs: the docker-archive format
// (manifest.json, as `docker save` writes) and the OCI image layout in a tar
// (oci-layout, index.json, blobs/sha256/…, as `skopeo copy oci-archive:`).
//
// Writing streams every blob straight into the tar. Reading indexes the tar's
// entries once (offsets into a seekable file), then serves each blob as a
// section of the file, so a load streams blobs without unpacking the tar
// first. No syscalls beyond reads and writes of the given file.
package archive
