package rootfs

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tent-dev/tent/internal/debuglog"
)

// UnpackStats counts what Unpack extracted.
type UnpackStats struct {
	Entries   int   // tar entries read
	Files     int   // regular files written
	Whiteouts int   // whiteouts and opaque markers converted
	Size      int64 // bytes of regular file content written
}

// UnpackOption configures Unpack.
type UnpackOption func(*unpackOptions)

type unpackOptions struct {
	noChown          bool
	noWhiteouts      bool
	bestEffortXattrs bool
	noOpenat2        bool  // tests: use the fallback for old kernels
	maxSize          int64 // bytes: file contents, and the tar stream itself
	maxEntries       int
	log              debuglog.Log
}

// The default limits of one layer: generous for real images (the largest
// registry layers are tens of GiB), far below what fills a disk by accident.
const (
	DefaultMaxSize    int64 = 256 << 30 // 256 GiB unpacked
	DefaultMaxEntries       = 1 << 20   // 1048576 tar entries
)

// maxTrailing bounds the data after the tar's end-of-archive marker: block
// padding (GNU tar pads to 10 KiB records) is fine, an endless tail is not.
const maxTrailing = 1 << 20

// WithoutChown leaves every entry owned by the calling user instead of the
// uid/gid in the tar (for unprivileged callers and tests).
func WithoutChown() UnpackOption {
	return func(o *unpackOptions) { o.noChown = true }
}

// WithoutWhiteouts unpacks a tar that is not a layer (tent cp): .wh.
// names are plain files.
func WithoutWhiteouts() UnpackOption { return func(o *unpackOptions) { o.noWhiteouts = true } }

// WithBestEffortXattrs ignores xattrs the filesystem or the caller's
// privileges do not allow (ENOTSUP, EPERM) instead of failing the layer.
func WithBestEffortXattrs() UnpackOption {
	return func(o *unpackOptions) { o.bestEffortXattrs = true }
}

// WithMaxSize sets the most bytes a layer may unpack to (default
// DefaultMaxSize): the sum of its regular files' sizes, sparse files at
// their full size, and also the length of the tar stream itself. A file that
// would go over is refused before it is created. n <= 0 keeps the default.
func WithMaxSize(n int64) UnpackOption {
	return func(o *unpackOptions) {
		if n > 0 {
			o.maxSize = n
		}
	}
}

// WithMaxEntries sets the most tar entries a layer may have (default
// DefaultMaxEntries). n <= 0 keeps the default.
func WithMaxEntries(n int) UnpackOption {
	return func(o *unpackOptions) {
		if n > 0 {
			o.maxEntries = n
		}
	}
}

// WithLogger logs what Unpack did to a layer (counts, and whether it
// resolved paths with openat2 or the fallback for old kernels) at debug
// level to l; by default Unpack logs nothing.
func WithLogger(l debuglog.Logger) UnpackOption {
	return func(o *unpackOptions) { o.log = debuglog.New(l) }
}

// ErrTooBig is wrapped in the error for a layer over one of Unpack's
// limits: its unpacked size, its entry count, its tar stream's length or
// the data after the tar's end.
var ErrTooBig = errors.New("layer too big")

// ErrUnsafePath is wrapped in the error for an entry whose name or hardlink
// target would leave the layer directory ("../x"). Absolute names and
// symlinks pointing out are not errors: they are resolved inside the layer.
var ErrUnsafePath = errors.New("unsafe path")

// ErrUnsupportedEntry is wrapped in the error for a tar entry type that a
// layer cannot hold (GNU multi-volume continuations, unknown types).
var ErrUnsupportedEntry = errors.New("unsupported tar entry type")

// EntryError is the error for one tar entry: Name is the name in the tar.
type EntryError struct {
	Name string
	Err  error
}

func (e *EntryError) Error() string { return fmt.Sprintf("unpack entry %q: %v", e.Name, e.Err) }

// Unwrap returns the underlying error.
func (e *EntryError) Unwrap() error { return e.Err }

// Unpack extracts the uncompressed layer tar r into dir, a fresh directory
// that becomes an overlay lowerdir. Whiteouts (.wh.NAME, .wh..wh..opq) are
// converted to the overlayfs format. No entry can create or change anything
// outside dir: names with ".." are rejected, and every path, symlinks
// included, is resolved as if dir were the root. Directory modes and times
// are set after all entries. Unpack reads r to its end, so that a digest
// computed on the stream covers all of it, and checks ctx between entries.
func Unpack(ctx context.Context, r io.Reader, dir string, opts ...UnpackOption) (UnpackStats, error) {
	o := makeUnpackOptions(opts)
	u, err := newUnpacker(dir, o)
	if err != nil {
		return UnpackStats{}, err
	}
	defer u.close()
	br := &boundedReader{r: r, left: o.maxSize, max: o.maxSize}
	tr := tar.NewReader(br)
	for {
		if err := ctx.Err(); err != nil {
			return u.stats, fmt.Errorf("unpack %s: %w", dir, err)
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return u.stats, fmt.Errorf("unpack %s: read tar: %w", dir, err)
		}
		if u.stats.Entries++; u.stats.Entries > o.maxEntries {
			return u.stats, fmt.Errorf("unpack %s: more than %d entries: %w", dir, o.maxEntries, ErrTooBig)
		}
		e, err := planEntryAs(hdr, !o.noWhiteouts)
		if err == nil {
			err = u.apply(&e, tr)
		}
		if err != nil {
			return u.stats, &EntryError{Name: hdr.Name, Err: err}
		}
	}
	if err := u.finish(); err != nil {
		return u.stats, fmt.Errorf("unpack %s: %w", dir, err)
	}
	n, err := io.CopyBuffer(io.Discard, io.LimitReader(br, maxTrailing+1), *u.buf)
	if err != nil {
		return u.stats, fmt.Errorf("unpack %s: read to end: %w", dir, err)
	}
	if n > maxTrailing {
		return u.stats, fmt.Errorf("unpack %s: more than %d bytes of data after the end of the tar: %w", dir, maxTrailing, ErrTooBig)
	}
	if o.log.On() {
		o.log.Debugf("unpack %s: %d entries, %d files, %d whiteouts, %d bytes (paths resolved by %s)",
			dir, u.stats.Entries, u.stats.Files, u.stats.Whiteouts, u.stats.Size, u.resolver())
	}
	return u.stats, nil
}

func makeUnpackOptions(opts []UnpackOption) unpackOptions {
	o := unpackOptions{maxSize: DefaultMaxSize, maxEntries: DefaultMaxEntries}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Discard reads the uncompressed layer tar r to its end without unpacking
// it (to hash it), bounded as Unpack bounds the stream (WithMaxSize).
func Discard(r io.Reader, opts ...UnpackOption) error {
	o := makeUnpackOptions(opts)
	if _, err := io.Copy(io.Discard, &boundedReader{r: r, left: o.maxSize, max: o.maxSize}); err != nil {
		return fmt.Errorf("read layer: %w", err)
	}
	return nil
}

// boundedReader fails a stream longer than left bytes with ErrTooBig: the
// bound of the tar stream, which an endless decompressor output would pass.
type boundedReader struct {
	r         io.Reader
	left, max int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 { // at the bound: a clean end, or one byte too many
		n, err := b.r.Read(p[:min(len(p), 1)])
		if n > 0 {
			return 0, fmt.Errorf("tar stream longer than the limit of %d bytes: %w", b.max, ErrTooBig)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}
