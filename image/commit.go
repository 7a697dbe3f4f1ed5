package image

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// CommitSpec is a new image: a base image of the store and one more
// layer (a gzip'd tar), as docker commit makes it.
type CommitSpec struct {
	Base    *Image
	DiffID  string // sha256:… of the layer's tar
	Digest  string // sha256:… of the gzip'd blob
	Size    int64  // of the blob
	Open    func(context.Context) (io.ReadCloser, error)
	Names   []string // full names to give it; none: untagged
	Created time.Time
	// Author, Comment (docker commit -m) and CreatedBy go into the new
	// history entry; Author and Container into the config too.
	Author, Comment, CreatedBy, Container string
	// Changes edits the config (docker commit -c); nil: none.
	Changes func(*v1.Config) error
}

// Commit brings the image spec describes into the store: the base's config
// with the layer's diffID and a history entry appended, the base's manifest
// with the layer appended (the base's layers are already in the store, the
// new one is verified and unpacked as a pulled one).
func (s *Store) Commit(ctx context.Context, spec CommitSpec) (*Image, error) {
	cfg, man, err := s.commitConfig(spec)
	if err != nil {
		return nil, err
	}
	p := &Plan{Names: spec.Names, Manifest: man, Config: cfg, Status: "Committed"}
	m, err := v1.ParseManifest(bytes.NewReader(man))
	if err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	for i, l := range m.Layers {
		open := s.blobOpener(l.Digest.String())
		if i == len(m.Layers)-1 {
			open = spec.Open
		}
		p.Layers = append(p.Layers, LayerSource{Digest: l.Digest, Size: l.Size, MediaType: string(l.MediaType), Open: open})
	}
	img, err := s.Ingest(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return img, nil
}

// commitConfig makes the new config and manifest (pure but for reading the
// base's blobs).
func (s *Store) commitConfig(spec CommitSpec) (cfg, man []byte, err error) {
	rawCfg, err := os.ReadFile(s.blobPath(spec.Base.ID))
	if err != nil {
		return nil, nil, fmt.Errorf("commit: base config: %w", err)
	}
	rawMan, err := os.ReadFile(s.blobPath(spec.Base.ManifestDigest))
	if err != nil {
		return nil, nil, fmt.Errorf("commit: base manifest: %w", err)
	}
	return CommitBlobs(rawCfg, rawMan, spec)
}

// CommitBlobs returns the config and manifest of the committed image from
// the base's raw config and manifest.
func CommitBlobs(rawCfg, rawMan []byte, spec CommitSpec) (cfg, man []byte, err error) {
	var c v1.ConfigFile
	if err := json.Unmarshal(rawCfg, &c); err != nil {
		return nil, nil, fmt.Errorf("commit: base config: %w", err)
	}
	m, err := v1.ParseManifest(bytes.NewReader(rawMan))
	if err != nil {
		return nil, nil, fmt.Errorf("commit: base manifest: %w", err)
	}
	diffID, err := v1.NewHash(spec.DiffID)
	if err != nil {
		return nil, nil, fmt.Errorf("commit: layer diffID: %w", err)
	}
	digest, err := v1.NewHash(spec.Digest)
	if err != nil {
		return nil, nil, fmt.Errorf("commit: layer digest: %w", err)
	}
	if spec.Changes != nil {
		if err := spec.Changes(&c.Config); err != nil {
			return nil, nil, err
		}
	}
	created := v1.Time{Time: spec.Created.UTC()}
	c.History = padHistory(c.History, len(c.RootFS.DiffIDs), c.Created)
	c.Created, c.Author, c.Container = created, spec.Author, spec.Container
	c.RootFS.Type = "layers"
	c.RootFS.DiffIDs = append(c.RootFS.DiffIDs, diffID)
	c.History = append(c.History, v1.History{Created: created, Author: spec.Author,
		CreatedBy: spec.CreatedBy, Comment: spec.Comment})
	if cfg, err = json.Marshal(c); err != nil {
		return nil, nil, fmt.Errorf("commit: encode config: %w", err)
	}
	cfgDigest, cfgSize, err := v1.SHA256(bytes.NewReader(cfg))
	if err != nil {
		return nil, nil, err
	}
	m.Config.Digest, m.Config.Size = cfgDigest, cfgSize
	lt := types.DockerLayer
	if m.MediaType == types.OCIManifestSchema1 || m.MediaType == "" {
		lt = types.OCILayer
	}
	m.Layers = append(m.Layers, v1.Descriptor{MediaType: lt, Size: spec.Size, Digest: digest})
	if man, err = json.Marshal(m); err != nil {
		return nil, nil, fmt.Errorf("commit: encode manifest: %w", err)
	}
	return cfg, man, nil
}

// padHistory adds an entry per layer the history does not account for
// (an image made without history), so that the entry appended next pairs
// with the layer appended next.
func padHistory(h []v1.History, layers int, created v1.Time) []v1.History {
	n := 0
	for _, e := range h {
		if !e.EmptyLayer {
			n++
		}
	}
	for ; n < layers; n++ {
		h = append(h, v1.History{Created: created})
	}
	return h
}

// blobOpener opens a blob of the store.
func (s *Store) blobOpener(digest string) func(context.Context) (io.ReadCloser, error) {
	return func(context.Context) (io.ReadCloser, error) { return os.Open(s.blobPath(digest)) }
}
