package image

import (
	"errors"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ErrNotFound is returned (wrapped) when no image matches a reference or id.
var ErrNotFound = errors.New("no such image")

// Image is one image in the store.
type Image struct {
	ID             string        `json:"id"`             // config digest, "sha256:<hex>"
	ManifestDigest string        `json:"manifestDigest"` // "sha256:<hex>"
	Names          []string      `json:"names"`          // normalized references, e.g. docker.io/library/alpine:latest
	Config         v1.ConfigFile `json:"config"`         // Entrypoint, Cmd, Env, WorkingDir, User, ExposedPorts, Volumes, Healthcheck, StopSignal
	DiffIDs        []string      `json:"diffIDs"`        // lowest layer first
	Size           int64         `json:"size"`           // unpacked bytes
	Created        time.Time     `json:"created"`
}

// Store is tent's content-addressed image store under one root dir.
type Store struct {
	root string
}

// Open opens (creating if needed) the store at root, e.g. /var/lib/tent/image.
func Open(root string) (*Store, error) { return &Store{root: root}, nil }

// Resolve finds an image by reference (normalized as Docker does), full id or id prefix.
func (s *Store) Resolve(ref string) (*Image, error) { return nil, ErrNotFound }

// LayerDir is the unpacked dir of a layer, ready to be an overlay lowerdir.
func (s *Store) LayerDir(diffID string) string { return "" }
