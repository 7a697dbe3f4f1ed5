// Package registry pulls images from OCI/Docker registries into an
// image.Store: Pull resolves the reference (Docker Hub names, plain HTTP for
// loopback registries), authenticates with ~/.docker/config.json
// credentials, reads the manifest (picking the platform from an index) and
// the config, and hands image.Store.Ingest a plan whose layers stream
// straight from the registry, several at a time, each verified and unpacked
// in one pass. Registry and network failures become package image's
// sentinel errors (ErrUnauthorized, ErrNoSuchTag, ErrUnknownImage,
// ErrUnreachable, ErrNoPlatform) wrapped in one clear line.
//
// It is the one package that links go-containerregistry's remote client,
// net/http, crypto/tls and crypto/x509: only cmd/tent-image imports it, so
// that every other tent command starts without their init cost.
//
// Network: HTTPS (HTTP for 127.0.0.0/8 and localhost) GETs of /v2/,
// token endpoints, manifests and blobs; DNS through net. Syscalls: those of
// sockets, and of package image for the store (flock, rename, the unpack).
package registry
