package build

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/rootfs/compression"
	"github.com/tent-dev/tent/rootfs/layerdiff"
)

// IntermediateLabel marks the images a build stores for its steps (a RUN
// runs from one, the cache keeps their layers): tent images hides them
// and tent builder prune removes them.
const IntermediateLabel = image.BuildIntermediateLabel

// addLayer turns a step's upper dir into a layer of s: the diff is written
// as a gzip blob and stored, with the layers below, as an intermediate
// image (which unpacks it into the store).
func (b *builder) addLayer(ctx context.Context, s *state, upper, createdBy string) (cacheEntry, error) {
	f, err := os.CreateTemp(b.tmp, "layer-*")
	if err != nil {
		return cacheEntry{}, fmt.Errorf("layer: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	res, err := layerdiff.Diff(ctx, upper, f, compression.GzipWriter)
	if err != nil {
		return cacheEntry{}, err
	}
	l := Layer{DiffID: res.DiffID, Digest: res.Digest, Size: res.Size, MediaType: string(types.DockerLayer)}
	s.pushLayer(l, createdBy, b.now)
	img, err := b.storeImage(ctx, s, nil, true, map[string]string{l.Digest: f.Name()})
	if err != nil {
		return cacheEntry{}, err
	}
	s.image = img.ID
	return cacheEntry{Layer: l, Image: img.ID}, nil
}

func (s *state) pushLayer(l Layer, createdBy string, now v1.Time) {
	s.layers = append(s.layers, l)
	h, _ := v1.NewHash(l.DiffID)
	s.cfg.RootFS.DiffIDs = append(s.cfg.RootFS.DiffIDs, h)
	s.history(createdBy, false, now)
}

// storeImage stores s as an image (the final one with names, or an
// intermediate one); blobs maps digests of new layers to their files.
func (b *builder) storeImage(ctx context.Context, s *state, names []string, intermediate bool, blobs map[string]string) (*image.Image, error) {
	cfg := s.cfg.DeepCopy()
	cfg.RootFS.Type = "layers"
	cfg.Created = b.now
	if intermediate {
		if cfg.Config.Labels == nil {
			cfg.Config.Labels = map[string]string{}
		}
		cfg.Config.Labels[IntermediateLabel] = "true"
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("encode image config: %w", err)
	}
	p := &image.Plan{Names: names, Config: raw, Status: "Built"}
	for _, l := range s.layers {
		src, err := b.layerSource(l, blobs[l.Digest])
		if err != nil {
			return nil, err
		}
		p.Layers = append(p.Layers, src)
	}
	img, err := b.d.Store.Ingest(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("store image: %w", err)
	}
	return img, nil
}

func (b *builder) layerSource(l Layer, file string) (image.LayerSource, error) {
	h, err := v1.NewHash(l.Digest)
	if err != nil {
		return image.LayerSource{}, fmt.Errorf("layer %s: %w", l.Digest, err)
	}
	if file == "" {
		file = b.d.Store.BlobPath(l.Digest)
	}
	return image.LayerSource{Digest: h, Size: l.Size, MediaType: l.MediaType,
		Open: func(context.Context) (io.ReadCloser, error) { return os.Open(file) }}, nil
}

// baseLayers reads an image's layers from its stored manifest, with
// Docker media types where an OCI one has a Docker twin, so that the
// built image's manifest is of one kind.
func (b *builder) baseLayers(img *image.Image) ([]Layer, error) {
	raw, err := os.ReadFile(b.d.Store.BlobPath(img.ManifestDigest))
	if err != nil {
		return nil, fmt.Errorf("read manifest of %s: %w", img.ID, err)
	}
	var m v1.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("parse manifest of %s: %w", img.ID, err)
	}
	if len(m.Layers) != len(img.DiffIDs) {
		return nil, fmt.Errorf("image %s: manifest lists %d layers, config %d", img.ID, len(m.Layers), len(img.DiffIDs))
	}
	out := make([]Layer, len(m.Layers))
	for i, d := range m.Layers {
		mt := d.MediaType
		switch mt {
		case types.OCILayer:
			mt = types.DockerLayer
		case types.OCIUncompressedLayer:
			mt = types.DockerUncompressedLayer
		}
		out[i] = Layer{DiffID: img.DiffIDs[i], Digest: d.Digest.String(), Size: d.Size, MediaType: string(mt)}
	}
	return out, nil
}

func nowTime() v1.Time { return v1.Time{Time: time.Now().UTC()} }
