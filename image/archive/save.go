package archive

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tent-dev/tent/image"
)

// Format is an image tarball format.
type Format string

// The formats Save writes and Load reads.
const (
	FormatDocker Format = "docker" // docker-archive: manifest.json, as docker save
	FormatOCI    Format = "oci"    // OCI image layout in a tar
)

// Save writes the images refs name in the store s to w, with their names.
// Blobs are copied from the store as they are, so digests and ids survive a
// save and load.
func Save(_ context.Context, s *image.Store, w io.Writer, refs []string, format Format) error {
	var entries []Entry
	for _, ref := range refs {
		st, err := s.ToSave(ref)
		if err != nil {
			return err
		}
		img, err := V1Image(s, st)
		if err != nil {
			return err
		}
		entries = append(entries, namedEntries(img, st.Names)...)
	}
	switch format {
	case FormatOCI:
		return image.DiskErr(WriteOCI(w, entries))
	case FormatDocker, "":
		return image.DiskErr(writeDocker(w, entries))
	}
	return fmt.Errorf("unknown format %q (docker, oci)", format)
}

// namedEntries makes one archive entry per tag name, or one unnamed entry.
func namedEntries(img v1.Image, names []string) []Entry {
	var es []Entry
	for _, n := range names {
		e := Entry{Name: n, Image: img}
		if t, err := name.NewTag(n); err == nil {
			e.Tag = t.TagStr()
		}
		es = append(es, e)
	}
	if len(es) == 0 {
		es = append(es, Entry{Image: img})
	}
	return es
}

func writeDocker(w io.Writer, entries []Entry) error {
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

// V1Image is the stored image st of s as a go-containerregistry image that
// reads its manifest, config and layer blobs from the store as they are:
// written out or pushed, its digest is the stored manifest's and its id the
// stored config's.
func V1Image(s *image.Store, st *image.Stored) (v1.Image, error) {
	raw, err := os.ReadFile(s.BlobPath(st.Meta.ManifestDigest))
	if err != nil {
		return nil, fmt.Errorf("image %s: read manifest: %w", shortID(st.Meta.ID), err)
	}
	return partial.CompressedToImage(&storedImage{s: s, st: st, manifest: raw})
}

type storedImage struct {
	s        *image.Store
	st       *image.Stored
	manifest []byte
}

func (i *storedImage) RawConfigFile() ([]byte, error) { return os.ReadFile(i.s.BlobPath(i.st.Meta.ID)) }
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
	for _, l := range i.st.Layers {
		if l.Digest == h.String() {
			return &storedLayer{s: i.s, l: l, digest: h}, nil
		}
	}
	return nil, fmt.Errorf("image %s has no layer %s", shortID(i.st.Meta.ID), h)
}

type storedLayer struct {
	s      *image.Store
	l      image.StoredLayer
	digest v1.Hash
}

func (l *storedLayer) Digest() (v1.Hash, error) { return l.digest, nil }
func (l *storedLayer) Size() (int64, error)     { return l.l.Size, nil }
func (l *storedLayer) MediaType() (types.MediaType, error) {
	return types.MediaType(l.l.MediaType), nil
}
func (l *storedLayer) Compressed() (io.ReadCloser, error) {
	return os.Open(l.s.BlobPath(l.digest.String()))
}

// shortID is the 12-hex id users see.
func shortID(id string) string {
	h := strings.TrimPrefix(id, "sha256:")
	return h[:min(12, len(h))]
}
