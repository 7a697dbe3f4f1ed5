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
// Push uploads a stored image as it is stored (manifest and config bytes
// unchanged, so digests survive) through ggcr's remote writer: a HEAD skips
// blobs the registry has, a blob another repository of the same registry
// holds (known from the store's repo digests) is mounted, the rest is
// uploaded, each blob retried with back-off. A RoundTripper under the writer
// watches the answers to report each layer's fate as docker push prints it.
//
// Login checks a user and password against a registry as docker login does
// (GET /v2/ with basic auth, or a token fetched with them) before storing
// them through Credentials: Docker's config.json ($DOCKER_CONFIG or
// ~/.docker; written 0600 through a temp file and a rename) or the
// docker-credential-<name> helper its credHelpers or credsStore name
// (protocol: store, get, erase on stdin/stdout). Pulls and pushes read
// credentials through ggcr's authn.DefaultKeychain, which loads the same file
// with the same docker/cli code, helpers included.
//
// It is the one package that links go-containerregistry's remote client,
// net/http, crypto/tls and crypto/x509: only cmd/tent-image imports it, so
// that every other tent command starts without their init cost.
//
// Processes: the credential helpers, with the server or credentials on stdin.
// Network: HTTPS (HTTP for 127.0.0.0/8 and localhost) GETs of /v2/,
// token endpoints, manifests and blobs; for a push HEAD, POST, PATCH and PUT
// of blobs and manifests; DNS through net. Syscalls: those of
// sockets, and of package image for the store (flock, rename, the unpack).
package registry
