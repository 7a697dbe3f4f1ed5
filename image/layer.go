package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/tent-dev/tent/internal/flock"

	"github.com/tent-dev/tent/rootfs"
)

// LayerSource is one layer to bring into the store: where its compressed
// blob comes from and what it must hash to.
type LayerSource struct {
	Digest    v1.Hash // compressed; zero Hex: unknown (docker-archive), computed
	Size      int64   // compressed bytes, -1 unknown
	MediaType string
	// Open opens the compressed blob; Ingest verifies what it reads.
	Open   func(ctx context.Context) (io.ReadCloser, error)
	diffID v1.Hash // from the config, verified on the uncompressed stream
}

// layerDone is what ensureLayer learned.
type layerDone struct {
	ref      layerRef
	unpacked int64
	fetched  bool // installed by this pull (rolled back if the pull fails)
}

func (l *LayerSource) id() string {
	if l.Digest.Hex != "" {
		return short(l.Digest.Hex)
	}
	return short(l.diffID.Hex)
}

// ensureLayer makes sure the layer's blob and unpacked dir are in the store,
// fetching and unpacking in one streaming pass under the layer's lock.
func (s *Store) ensureLayer(ctx context.Context, l *LayerSource, p Progress, status string) (layerDone, error) {
	unlock, err := flock.Path(s.layerLock(l.diffID.Hex), 0o600, flock.Exclusive)
	if err != nil {
		return layerDone{}, err
	}
	defer unlock()
	dir := s.LayerDir(l.diffID.String())
	haveDir := exists(dir) && exists(filepath.Join(s.root, "layerinfo", l.diffID.Hex))
	if haveDir && l.Digest.Hex != "" && exists(s.blobPath(l.Digest.Hex)) {
		if s.opts.log.On() {
			s.opts.log.Debugf("layer %s: already in the store (%s)", l.diffID, l.Digest)
		}
		p.Done(l.id(), "Already exists")
		return s.doneExisting(l)
	}
	if s.opts.log.On() {
		s.opts.log.Debugf("layer %s: fetch %s (%d bytes, %s), unpack: %v", l.diffID, l.Digest, l.Size, l.MediaType, !haveDir)
	}
	p.Start(l.id(), l.Size)
	d, err := s.fetchLayer(ctx, l, !haveDir, p)
	if err != nil {
		return layerDone{}, err
	}
	p.Done(l.id(), status)
	return d, nil
}

func (s *Store) doneExisting(l *LayerSource) (layerDone, error) {
	n, err := s.layerSize(l.diffID.Hex)
	if err != nil {
		return layerDone{}, err
	}
	return layerDone{ref: layerRef{Digest: l.Digest.String(), Size: l.Size, MediaType: l.MediaType,
		DiffID: l.diffID.String()}, unpacked: n}, nil
}

// fetchLayer streams the blob: → file + sha256 → decompress → sha256 → unpack.
// Only when both digests match are the blob and the dir renamed into place.
func (s *Store) fetchLayer(ctx context.Context, l *LayerSource, unpack bool, p Progress) (layerDone, error) {
	rc, err := l.Open(ctx)
	if err != nil {
		return layerDone{}, err
	}
	defer rc.Close()
	tmp, err := os.MkdirTemp(filepath.Join(s.root, "tmp"), "layer."+l.diffID.Hex+".")
	if err != nil {
		return layerDone{}, DiskErr(fmt.Errorf("layer %s: %w", l.id(), err))
	}
	defer os.RemoveAll(tmp)
	blob, err := os.Create(filepath.Join(tmp, "blob"))
	if err != nil {
		return layerDone{}, DiskErr(fmt.Errorf("layer %s: %w", l.id(), err))
	}
	defer blob.Close()
	st := &stream{pw: &progressWriter{p: p, id: l.id()}, dh: sha256.New(), uh: sha256.New(), decompress: s.opts.decompress}
	in := io.LimitReader(rc, l.Size+1) // a byte more than promised fails the size check
	src := &lockedReader{r: io.TeeReader(in, io.MultiWriter(st.dh, st.pw, blob))}
	unpacked, err := st.run(ctx, src, filepath.Join(tmp, "dir"), unpack, s.unpackOptions())
	st.pw.flush()
	// On any error, finish hashing the blob: a corrupt blob is reported as a
	// digest mismatch rather than as whatever the inflater made of it.
	if err != nil {
		if derr := DiskErr(err); errors.Is(derr, ErrDiskFull) {
			return layerDone{}, fmt.Errorf("layer %s: %w", l.id(), derr)
		}
		_, derr := io.Copy(io.Discard, src)
		if n, serr := blob.Seek(0, io.SeekCurrent); serr == nil && n > l.Size {
			return layerDone{}, l.tooLong()
		}
		if derr == nil && l.Digest.Hex != "" && st.digest() != l.Digest.Hex {
			return layerDone{}, fmt.Errorf("layer %s: %w: got sha256:%s, want %s", l.id(), ErrDigestMismatch, st.digest(), l.Digest)
		}
		return layerDone{}, DiskErr(fmt.Errorf("layer %s: %w", l.id(), err))
	}
	if err := l.verify(st); err != nil {
		return layerDone{}, err
	}
	if err := blob.Close(); err != nil {
		return layerDone{}, DiskErr(fmt.Errorf("layer %s: %w", l.id(), err))
	}
	return s.install(l, st, tmp, unpack, unpacked)
}

// verify checks the compressed size and digest and the diffID.
func (l *LayerSource) verify(st *stream) error {
	if st.n > l.Size {
		return l.tooLong()
	}
	if st.n != l.Size {
		return fmt.Errorf("layer %s: %w: got %d bytes, want %d", l.id(), ErrSizeMismatch, st.n, l.Size)
	}
	if l.Digest.Hex != "" && st.digest() != l.Digest.Hex {
		return fmt.Errorf("layer %s: %w: got sha256:%s, want %s", l.id(), ErrDigestMismatch, st.digest(), l.Digest)
	}
	if got := hex.EncodeToString(st.uh.Sum(nil)); got != l.diffID.Hex {
		return fmt.Errorf("layer %s: %w: uncompressed content is sha256:%s, config says %s", l.id(), ErrDigestMismatch, got, l.diffID)
	}
	return nil
}

func (l *LayerSource) tooLong() error {
	return fmt.Errorf("layer %s: %w: longer than the %d bytes its descriptor says", l.id(), ErrSizeMismatch, l.Size)
}

// unpackOptions are the store's layer limits for rootfs.Unpack.
func (s *Store) unpackOptions() []rootfs.UnpackOption {
	opts := []rootfs.UnpackOption{rootfs.WithMaxSize(s.opts.maxSize), rootfs.WithMaxEntries(s.opts.maxEntries)}
	if s.opts.log.On() {
		opts = append(opts, rootfs.WithLogger(s.opts.log.Logger()))
	}
	return opts
}

// install renames the verified blob and dir into place.
func (s *Store) install(l *LayerSource, st *stream, tmp string, unpack bool, unpacked int64) (layerDone, error) {
	digest := v1.Hash{Algorithm: "sha256", Hex: st.digest()}
	if unpack {
		info := filepath.Join(s.root, "layerinfo", l.diffID.Hex)
		if err := os.WriteFile(info, []byte(strconv.FormatInt(unpacked, 10)), 0o600); err != nil {
			return layerDone{}, DiskErr(fmt.Errorf("layer %s: %w", l.id(), err))
		}
		if exists(s.LayerDir(l.diffID.String())) { // half-removed: no layerinfo
			if t, err := s.moveToTrash(l.diffID.String()); err == nil {
				defer os.RemoveAll(t)
			}
		}
		if err := os.Rename(filepath.Join(tmp, "dir"), s.LayerDir(l.diffID.String())); err != nil {
			return layerDone{}, fmt.Errorf("layer %s: install: %w", l.id(), err)
		}
	} else if n, err := s.layerSize(l.diffID.Hex); err == nil {
		unpacked = n
	}
	if err := os.Rename(filepath.Join(tmp, "blob"), s.blobPath(digest.Hex)); err != nil {
		return layerDone{}, fmt.Errorf("layer %s: install blob: %w", l.id(), err)
	}
	return layerDone{ref: layerRef{Digest: digest.String(), Size: st.n, MediaType: l.MediaType,
		DiffID: l.diffID.String()}, unpacked: unpacked, fetched: unpack}, nil
}

func (s *Store) layerSize(hex string) (int64, error) {
	b, err := os.ReadFile(filepath.Join(s.root, "layerinfo", hex))
	if err != nil {
		return 0, fmt.Errorf("layer %s: %w", short(hex), err)
	}
	return strconv.ParseInt(string(b), 10, 64)
}

// stream is the hashing state of one layer pass.
type stream struct {
	pw         *progressWriter
	dh, uh     hash.Hash // compressed, uncompressed
	n          int64     // compressed bytes
	decompress Decompressor
}

func (st *stream) digest() string { return hex.EncodeToString(st.dh.Sum(nil)) }

// run decompresses src, hashes it and unpacks it into dir (or only hashes),
// with opts' bounds on the uncompressed stream.
func (st *stream) run(ctx context.Context, src io.Reader, dir string, unpack bool, opts []rootfs.UnpackOption) (int64, error) {
	cr := &countReader{r: src}
	defer func() { st.n = cr.n }()
	dr, err := st.decompress(cr)
	if err != nil {
		return 0, err
	}
	defer dr.Close()
	ur := io.TeeReader(dr, st.uh)
	var size int64
	if unpack {
		if err := os.Mkdir(dir, 0o755); err != nil {
			return 0, err
		}
		stats, err := rootfs.Unpack(ctx, ur, dir, opts...)
		if err != nil {
			return 0, err
		}
		size = stats.Size
	} else if err := rootfs.Discard(ur, opts...); err != nil { // hash only, as bounded
		return 0, err
	}
	if err := dr.Close(); err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, cr) // bytes after the compressed stream's end
	return size, err
}

// lockedReader serializes reads: the inflater's read-ahead goroutine may
// still read while a failed pass drains the rest to finish the digest.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(b)
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, os.ErrNotExist)
}
