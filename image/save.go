package image

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tent-dev/tent/image/archive"
)

// Format is an image tarball format.
type Format string

// The formats Save writes and Load reads.
const (
	FormatDocker Format = "docker" // docker-archive: manifest.json, as docker save
	FormatOCI    Format = "oci"    // OCI image layout in a tar
)

// Save writes the images refs name to w, with their names. Blobs are copied
// from the store as they are, so digests and ids survive a save and load.
func (s *Store) Save(ctx context.Context, w io.Writer, refs []string, format Format) error {
	ix, err := s.readIndex()
	if err != nil {
		return err
	}
	var entries []archive.Entry
	for _, ref := range refs {
		id, err := ix.lookup(ref)
		if err != nil {
			return err
		}
		img, err := s.v1Image(ix.Images[id])
		if err != nil {
			return err
		}
		names := []string{}
		if full, err := Normalize(ref); err == nil && ix.Names[full] == id {
			names = append(names, full)
		} else {
			names = ix.namesOf(id)
		}
		entries = append(entries, namedEntries(img, names)...)
	}
	switch format {
	case FormatOCI:
		return diskErr(archive.WriteOCI(w, entries))
	case FormatDocker, "":
		return diskErr(writeDocker(w, entries))
	}
	return fmt.Errorf("unknown format %q (docker, oci)", format)
}

// namedEntries makes one archive entry per tag name, or one unnamed entry.
func namedEntries(img v1.Image, names []string) []archive.Entry {
	var es []archive.Entry
	for _, n := range names {
		e := archive.Entry{Name: n, Image: img}
		if t, err := name.NewTag(n); err == nil {
			e.Tag = t.TagStr()
		}
		es = append(es, e)
	}
	if len(es) == 0 {
		es = append(es, archive.Entry{Image: img})
	}
	return es
}

func writeDocker(w io.Writer, entries []archive.Entry) error {
	refs := map[name.Reference]v1.Image{}
	for _, e := range entries {
		if t, err := name.NewTag(e.Name); err == nil && e.Name != "" {
			refs[t] = e.Image
			continue
		}
		d, err := e.Image.Digest()
		if err != nil {
			return err
		}
		ref, err := name.NewDigest("untagged/image@" + d.String())
		if err != nil {
			return err
		}
		refs[ref] = e.Image
	}
	return tarball.MultiRefWrite(refs, w)
}

// v1Image is a stored image as a ggcr image, reading blobs from the store.
func (s *Store) v1Image(r *record) (v1.Image, error) {
	core := &storedImage{s: s, r: r}
	raw, err := os.ReadFile(s.blobPath(r.ManifestDigest))
	if err != nil {
		return nil, fmt.Errorf("image %s: read manifest: %w", short(r.ID), err)
	}
	core.manifest = raw
	return partial.CompressedToImage(core)
}

type storedImage struct {
	s        *Store
	r        *record
	manifest []byte
}

func (i *storedImage) RawConfigFile() ([]byte, error) { return os.ReadFile(i.s.blobPath(i.r.ID)) }
func (i *storedImage) RawManifest() ([]byte, error)   { return i.manifest, nil }
func (i *storedImage) MediaType() (types.MediaType, error) {
	m, err := v1.ParseManifest(bytesReader(i.manifest))
	if err != nil {
		return "", err
	}
	if m.MediaType == "" {
		return types.OCIManifestSchema1, nil
	}
	return m.MediaType, nil
}

func (i *storedImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	for _, l := range i.r.Layers {
		if l.Digest == h.String() {
			return &storedLayer{s: i.s, ref: l, digest: h}, nil
		}
	}
	return nil, fmt.Errorf("image %s has no layer %s", short(i.r.ID), h)
}

type storedLayer struct {
	s      *Store
	ref    layerRef
	digest v1.Hash
}

func (l *storedLayer) Digest() (v1.Hash, error) { return l.digest, nil }
func (l *storedLayer) Size() (int64, error)     { return l.ref.Size, nil }
func (l *storedLayer) MediaType() (types.MediaType, error) {
	return types.MediaType(l.ref.MediaType), nil
}
func (l *storedLayer) Compressed() (io.ReadCloser, error) {
	return os.Open(l.s.blobPath(l.digest.String()))
}
