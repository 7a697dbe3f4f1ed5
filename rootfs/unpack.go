package rootfs

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
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
	bestEffortXattrs bool
	noOpenat2        bool // tests: use the fallback for old kernels
}

// WithoutChown leaves every entry owned by the calling user instead of the
// uid/gid in the tar (for unprivileged callers and tests).
func WithoutChown() UnpackOption {
	return func(o *unpackOptions) { o.noChown = true }
}

// WithBestEffortXattrs ignores xattrs the filesystem or the caller's
// privileges do not allow (ENOTSUP, EPERM) instead of failing the layer.
func WithBestEffortXattrs() UnpackOption {
	return func(o *unpackOptions) { o.bestEffortXattrs = true }
}

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
	var o unpackOptions
	for _, opt := range opts {
		opt(&o)
	}
	u, err := newUnpacker(dir, o)
	if err != nil {
		return UnpackStats{}, err
	}
	defer u.close()
	tr := tar.NewReader(r)
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
		u.stats.Entries++
		e, err := planEntry(hdr)
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
	if _, err := io.CopyBuffer(io.Discard, r, *u.buf); err != nil {
		return u.stats, fmt.Errorf("unpack %s: read to end: %w", dir, err)
	}
	return u.stats, nil
}
