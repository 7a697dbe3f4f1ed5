package layerdiff

import (
	"context"
	"fmt"
	"io"
	"os"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"
)

// Diff writes the layer of upper dir to w (compressed by gz unless it is
// nil): Walk, Plan and Write in one call.
func Diff(ctx context.Context, upper string, w io.Writer, gz Gzip) (Result, error) {
	entries, err := Walk(upper)
	if err != nil {
		return Result{}, err
	}
	items, err := Plan(entries)
	if err != nil {
		return Result{}, fmt.Errorf("layer of %s: %w", upper, err)
	}
	root, err := os.OpenFile(upper, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return Result{}, fmt.Errorf("open upper dir: %w", err)
	}
	defer root.Close()
	res, err := Write(ctx, w, items, func(e *Entry) (io.ReadCloser, error) { return openEntry(root, e) }, gz)
	if err != nil {
		return Result{}, fmt.Errorf("layer of %s: %w", upper, err)
	}
	return res, nil
}

// openEntry opens e's content in root (symlinks resolved inside it) and
// checks that it is still the regular file Walk saw.
func openEntry(root *os.File, e *Entry) (io.ReadCloser, error) {
	h, err := pathrs.OpenatInRoot(root, e.Path)
	if err != nil {
		return nil, fmt.Errorf("open /%s: %w", e.Path, err)
	}
	defer h.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(h.Fd()), &st); err != nil {
		return nil, fmt.Errorf("stat /%s: %w", e.Path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG || st.Ino != e.Ino || st.Dev != e.Dev {
		return nil, fmt.Errorf("/%s changed while the layer was written", e.Path)
	}
	f, err := pathrs.Reopen(h, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY)
	if err != nil {
		return nil, fmt.Errorf("open /%s: %w", e.Path, err)
	}
	return f, nil
}
