package archive

import (
	"archive/tar"
	"encoding/json"
	"fmt"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Annotation keys naming an image in index.json.
const (
	AnnotationRefName   = "org.opencontainers.image.ref.name" // the tag, as skopeo and umoci read it
	AnnotationImageName = "io.containerd.image.name"          // the full name, as docker and containerd read it
)

// Entry is one named image or index to put in an archive.
type Entry struct {
	Name  string            // full reference, e.g. docker.io/library/busybox:1; may be empty
	Tag   string            // the tag alone, for org.opencontainers.image.ref.name
	Image v1.Image          // one of Image
	Index v1.ImageIndex     // or Index
	Extra map[string]string // more annotations
}

// WriteOCI writes entries as an OCI image layout in a tar stream.
func WriteOCI(w io.Writer, entries []Entry) error {
	tw := tar.NewWriter(w)
	ow := &ociWriter{tw: tw, seen: map[v1.Hash]bool{}}
	if err := ow.file("oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`)); err != nil {
		return err
	}
	idx := v1.IndexManifest{SchemaVersion: 2, MediaType: types.OCIImageIndex}
	for _, e := range entries {
		var d *v1.Descriptor
		var err error
		if e.Index != nil {
			d, err = ow.index(e.Index)
		} else {
			d, err = ow.image(e.Image)
		}
		if err != nil {
			return err
		}
		d.Annotations = map[string]string{}
		for k, v := range e.Extra {
			d.Annotations[k] = v
		}
		if e.Name != "" {
			d.Annotations[AnnotationImageName] = e.Name
		}
		if e.Tag != "" {
			d.Annotations[AnnotationRefName] = e.Tag
		}
		idx.Manifests = append(idx.Manifests, *d)
	}
	b, err := json.Marshal(idx)
	if err != nil {
		return fmt.Errorf("encode index.json: %w", err)
	}
	if err := ow.file("index.json", b); err != nil {
		return err
	}
	return tw.Close()
}

type ociWriter struct {
	tw   *tar.Writer
	seen map[v1.Hash]bool
}

func (ow *ociWriter) file(name string, b []byte) error {
	if err := ow.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := ow.tw.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// blob writes one blob once, streaming it from open.
func (ow *ociWriter) blob(h v1.Hash, size int64, open func() (io.ReadCloser, error)) error {
	if ow.seen[h] {
		return nil
	}
	ow.seen[h] = true
	name := "blobs/" + h.Algorithm + "/" + h.Hex
	rc, err := open()
	if err != nil {
		return fmt.Errorf("open blob %s: %w", h, err)
	}
	defer rc.Close()
	if err := ow.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := io.CopyN(ow.tw, rc, size); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func (ow *ociWriter) raw(h v1.Hash, b []byte) error {
	if ow.seen[h] {
		return nil
	}
	ow.seen[h] = true
	return ow.file("blobs/"+h.Algorithm+"/"+h.Hex, b)
}

func (ow *ociWriter) image(img v1.Image) (*v1.Descriptor, error) {
	ls, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("layers: %w", err)
	}
	for _, l := range ls {
		h, err := l.Digest()
		if err != nil {
			return nil, err
		}
		size, err := l.Size()
		if err != nil {
			return nil, err
		}
		if err := ow.blob(h, size, l.Compressed); err != nil {
			return nil, err
		}
	}
	cfg, err := img.RawConfigFile()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cn, err := img.ConfigName()
	if err != nil {
		return nil, err
	}
	if err := ow.raw(cn, cfg); err != nil {
		return nil, err
	}
	return ow.manifest(img)
}

func (ow *ociWriter) index(idx v1.ImageIndex) (*v1.Descriptor, error) {
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("index manifest: %w", err)
	}
	for _, d := range im.Manifests {
		var err error
		if d.MediaType.IsIndex() {
			var child v1.ImageIndex
			if child, err = idx.ImageIndex(d.Digest); err == nil {
				_, err = ow.index(child)
			}
		} else {
			var child v1.Image
			if child, err = idx.Image(d.Digest); err == nil {
				_, err = ow.image(child)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("index child %s: %w", d.Digest, err)
		}
	}
	return ow.manifest(idx)
}

func (ow *ociWriter) manifest(m partial.Describable) (*v1.Descriptor, error) {
	wr, ok := m.(partial.WithRawManifest)
	if !ok {
		return nil, fmt.Errorf("no raw manifest")
	}
	b, err := wr.RawManifest()
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	h, n, err := v1.SHA256(bytesReader(b))
	if err != nil {
		return nil, err
	}
	mt, err := m.MediaType()
	if err != nil {
		return nil, err
	}
	if err := ow.raw(h, b); err != nil {
		return nil, err
	}
	return &v1.Descriptor{MediaType: mt, Digest: h, Size: n}, nil
}
