package layerdiff

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/tent-dev/tent/internal/bufpool"
)

// Result describes a written layer blob.
type Result struct {
	DiffID string // sha256:… of the uncompressed tar
	Digest string // sha256:… of the blob as written
	Size   int64  // of the blob as written
	Gzip   bool
}

// Gzip makes the gzip writer of a layer blob (rootfs/compression's
// GzipWriter). The caller gives it so that this package, which tent's diff
// links, does not link the compressor and its package init.
type Gzip func(io.Writer) io.WriteCloser

// Opener opens the content of a planned regular file.
type Opener func(e *Entry) (io.ReadCloser, error)

// Write writes the planned items as a tar to w, compressed by gz unless it
// is nil, and returns the blob's digests and size.
func Write(ctx context.Context, w io.Writer, items []Item, open Opener, gz Gzip) (Result, error) {
	blob := &countHash{w: w, h: sha256.New()}
	diff := sha256.New()
	var out io.Writer = blob
	var zw io.WriteCloser
	if gz != nil {
		zw = gz(blob)
		out = zw
	}
	tw := tar.NewWriter(io.MultiWriter(out, diff))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		if err := writeItem(tw, it, open); err != nil {
			return Result{}, err
		}
	}
	if err := tw.Close(); err != nil {
		return Result{}, fmt.Errorf("finish layer tar: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return Result{}, fmt.Errorf("finish layer gzip: %w", err)
		}
	}
	return Result{DiffID: sum(diff), Digest: sum(blob.h), Size: blob.n, Gzip: gz != nil}, nil
}

func writeItem(tw *tar.Writer, it Item, open Opener) error {
	if err := tw.WriteHeader(it.Header); err != nil {
		return fmt.Errorf("layer entry %s: %w", it.Header.Name, err)
	}
	if it.Source == nil {
		return nil
	}
	r, err := open(it.Source)
	if err != nil {
		return err
	}
	defer r.Close()
	buf := bufpool.Get()
	defer bufpool.Put(buf)
	n, err := io.CopyBuffer(tw, io.LimitReader(r, it.Header.Size), *buf)
	if err != nil {
		return fmt.Errorf("layer entry %s: %w", it.Header.Name, err)
	}
	if n != it.Header.Size {
		return fmt.Errorf("layer entry %s: changed while read (%d of %d bytes)", it.Header.Name, n, it.Header.Size)
	}
	return nil
}

func sum(h hash.Hash) string { return "sha256:" + hex.EncodeToString(h.Sum(nil)) }

// countHash hashes and counts what it passes to w.
type countHash struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (c *countHash) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}
