package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/rootfs/compression"
)

// ociPlans plans every image named in an OCI layout's index.json; a nested
// index contributes its manifest for platform pf.
func ociPlans(ar *Reader, pf v1.Platform) ([]*image.Plan, error) {
	b, err := ar.ReadFile("index.json")
	if err != nil {
		return nil, err
	}
	var idx v1.IndexManifest
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("parse index.json: %w", err)
	}
	var plans []*image.Plan
	for _, d := range idx.Manifests {
		names := ociNames(d.Annotations)
		md, err := ociManifestFor(ar, d, pf)
		if err != nil {
			return nil, err
		}
		p, err := ociPlan(ar, md)
		if err != nil {
			return nil, err
		}
		p.Names = names
		plans = append(plans, p)
	}
	return plans, nil
}

// ociNames is the image's name from index.json annotations: containerd's
// full name, else the OCI ref.name when it is a full reference.
func ociNames(ann map[string]string) []string {
	for _, k := range []string{AnnotationImageName, AnnotationRefName} {
		v := ann[k]
		if v == "" || (k == AnnotationRefName && !strings.ContainsAny(v, "/:")) {
			continue
		}
		if n, err := image.Normalize(v); err == nil {
			return []string{n}
		}
	}
	return nil
}

// ociManifestFor descends through indexes to the image manifest for pf.
func ociManifestFor(ar *Reader, d v1.Descriptor, pf v1.Platform) (v1.Descriptor, error) {
	for depth := 0; d.MediaType.IsIndex(); depth++ {
		if depth > 4 {
			return d, fmt.Errorf("index nesting too deep")
		}
		b, err := readBlob(ar, d.Digest)
		if err != nil {
			return d, err
		}
		var idx v1.IndexManifest
		if err := json.Unmarshal(b, &idx); err != nil {
			return d, fmt.Errorf("parse index %s: %w", d.Digest, err)
		}
		found := false
		for _, c := range idx.Manifests {
			if c.MediaType.IsIndex() || (c.Platform != nil && c.Platform.Satisfies(pf)) {
				d, found = c, true
				break
			}
		}
		if !found {
			return d, fmt.Errorf("%w %s", image.ErrNoPlatform, pf.String())
		}
	}
	if !d.MediaType.IsImage() {
		return d, fmt.Errorf("unsupported manifest type %s", d.MediaType)
	}
	return d, nil
}

func ociPlan(ar *Reader, d v1.Descriptor) (*image.Plan, error) {
	raw, err := readBlob(ar, d.Digest)
	if err != nil {
		return nil, err
	}
	m, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse manifest %s: %w", d.Digest, err)
	}
	if err := checkConfigSize(ar, m.Config); err != nil {
		return nil, err
	}
	cfg, err := readBlob(ar, m.Config.Digest)
	if err != nil {
		return nil, err
	}
	p := &image.Plan{Manifest: raw, Config: cfg}
	for _, l := range m.Layers {
		ls, err := archiveLayer(ar, blobName(l.Digest), l.Digest.Hex, l.Size)
		if err != nil {
			return nil, err
		}
		ls.MediaType = string(l.MediaType)
		p.Layers = append(p.Layers, ls)
	}
	return p, nil
}

// checkConfigSize refuses a config descriptor whose size is negative, over
// image.MaxConfigSize or not the blob's, before the blob is read into memory.
func checkConfigSize(ar *Reader, d v1.Descriptor) error {
	if d.Size < 0 || d.Size > image.MaxConfigSize {
		return fmt.Errorf("config %s: %w: size %d is not within 0..%d bytes", d.Digest, image.ErrBadDescriptor, d.Size, image.MaxConfigSize)
	}
	if n := ar.Size(blobName(d.Digest)); n >= 0 && n != d.Size {
		return fmt.Errorf("config %s: %w: got %d bytes, want %d", d.Digest, image.ErrSizeMismatch, n, d.Size)
	}
	return nil
}

func blobName(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }

// readBlob reads a small blob of an OCI layout and verifies its digest.
func readBlob(ar *Reader, h v1.Hash) ([]byte, error) {
	if h.Algorithm != "sha256" {
		return nil, fmt.Errorf("unsupported digest algorithm %s", h.Algorithm)
	}
	b, err := ar.ReadFile(blobName(h))
	if err != nil {
		return nil, err
	}
	return b, verifyBytes(blobName(h), b, h.Hex)
}

func verifyBytes(name string, b []byte, wantHex string) error {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != wantHex {
		return fmt.Errorf("%s: %w: got sha256:%s", name, image.ErrDigestMismatch, got)
	}
	return nil
}

// digestInName returns the hex digest a blob's file name carries:
// blobs/sha256/<hex>, <hex>.tar.gz, sha256:<hex>, <hex>.json; else "".
func digestInName(name string) string {
	base := strings.TrimPrefix(path.Base(name), "sha256:")
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	if len(base) == 64 && strings.Trim(base, "0123456789abcdef") == "" {
		return base
	}
	return ""
}

// archiveLayer plans a layer read from the archive; its media type comes
// from the magic bytes (the docker-archive does not say).
func archiveLayer(ar *Reader, name, hexDigest string, size int64) (image.LayerSource, error) {
	sr, err := ar.Open(name)
	if err != nil {
		return image.LayerSource{}, fmt.Errorf("layer: %w", err)
	}
	head := make([]byte, 8)
	n, _ := sr.ReadAt(head, 0)
	mt := types.DockerUncompressedLayer
	switch compression.Detect(head[:n]) {
	case compression.Gzip:
		mt = types.DockerLayer
	case compression.Zstd:
		mt = types.OCILayerZStd
	}
	l := image.LayerSource{Size: size, MediaType: string(mt), Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(sr, 0, sr.Size())), nil
	}}
	if hexDigest != "" {
		l.Digest = v1.Hash{Algorithm: "sha256", Hex: hexDigest}
	}
	return l, nil
}
