package testimage

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// memLayer is a compressed layer held in memory, with digests computed once.
type memLayer struct {
	blob           []byte
	digest, diffID v1.Hash
	mt             types.MediaType
}

func (l *memLayer) Digest() (v1.Hash, error)            { return l.digest, nil }
func (l *memLayer) DiffID() (v1.Hash, error)            { return l.diffID, nil }
func (l *memLayer) Size() (int64, error)                { return int64(len(l.blob)), nil }
func (l *memLayer) MediaType() (types.MediaType, error) { return l.mt, nil }
func (l *memLayer) Compressed() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(l.blob)), nil
}
func (l *memLayer) Uncompressed() (io.ReadCloser, error) { return decompress(l.blob, l.mt) }

func decompress(b []byte, mt types.MediaType) (io.ReadCloser, error) {
	if mt == types.OCILayerZStd {
		d, err := zstd.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return gzip.NewReader(bytes.NewReader(b))
}

// newLayer tars and compresses entries.
func newLayer(es []entry, o options) (v1.Layer, error) {
	return compressLayer(o, 0, func(w io.Writer) error { return writeTar(tar.NewWriter(w), es) })
}

// compressLayer runs write into a compressor, hashing both sides.
func compressLayer(o options, level int, write func(io.Writer) error) (*memLayer, error) {
	var buf bytes.Buffer
	var zw io.WriteCloser
	mt := types.DockerLayer
	if o.oci {
		mt = types.OCILayer
	}
	if o.zstd {
		mt = types.OCILayerZStd
		z, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		zw = z
	} else {
		if level == 0 {
			level = gzip.DefaultCompression
		}
		z, err := gzip.NewWriterLevel(&buf, level)
		if err != nil {
			return nil, err
		}
		zw = z
	}
	diff := sha256.New()
	if err := write(io.MultiWriter(zw, diff)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return &memLayer{blob: buf.Bytes(), digest: sum(sha256Of(buf.Bytes())), diffID: sum(diff), mt: mt}, nil
}

func sha256Of(b []byte) hash.Hash { h := sha256.New(); h.Write(b); return h }

func sum(h hash.Hash) v1.Hash {
	return v1.Hash{Algorithm: "sha256", Hex: fmt.Sprintf("%x", h.Sum(nil))}
}
