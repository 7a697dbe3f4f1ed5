package rootfs

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// maxMountData is the most bytes mount(2) copies from its data argument:
// one page, including the terminating NUL.
const maxMountData = 4096 - 1

// maxFsconfigString is the longest value fsconfig(FSCONFIG_SET_STRING)
// accepts (the kernel copies at most 256 bytes, NUL included).
const maxFsconfigString = 256 - 1

// LowerdirAppend is the option key the planner emits, once per layer, when
// the layers do not fit in one page of mount options. Such a mount must be
// made with the new mount API (fsopen, then fsconfig "lowerdir+" per layer:
// Linux 6.8+); Apply does that when it sees the key.
const LowerdirAppend = "lowerdir+"

// Overlay plans the overlay mount of an image's layers on target.
//
// lowers are the layer dirs, lowest first (the order of the image's
// manifest); overlayfs wants them top-most first, which Overlay does. upper
// and work are the container's own dirs; both empty gives a read-only
// overlay. The plan is, in order of preference:
//
//  1. absolute lowerdir paths, when the options fit in a page;
//  2. lowerdir paths relative to the layers' common parent, with
//     Mount.Chdir set to that parent (the layers of the image store all live
//     under one layers/ dir);
//  3. one "lowerdir+=<path>" option per layer, for the new mount API.
//
// Options: Volatile.
func Overlay(lowers []string, upper, work, target string, opts ...OverlayOption) ([]Mount, error) {
	if err := checkOverlayArgs(lowers, upper, work, target); err != nil {
		return nil, err
	}
	var o overlayOptions
	for _, opt := range opts {
		opt(&o)
	}
	lowers = dedupeLowers(lowers)
	if upper == "" && len(lowers) == 1 {
		// overlayfs needs two lowers without an upper: a read-only bind is the same view.
		return []Mount{{Type: "bind", Source: lowers[0], Target: target, Options: []string{"rbind", "ro"}}}, nil
	}
	top := reversed(lowers)
	tail := upperOptions(upper, work, o.volatile)
	if !needsEscape(top) {
		if m, ok := legacyOverlay(top, "", tail, target); ok {
			return []Mount{m}, nil
		}
		if parent, rel, ok := relativeTo(top); ok {
			if m, ok := legacyOverlay(rel, parent, tail, target); ok {
				return []Mount{m}, nil
			}
		}
	}
	return appendOverlay(top, tail, target)
}

// dedupeLowers keeps the top-most of layers listed twice (an image may
// hold the same layer twice, e.g. two identical COPY steps): overlayfs
// refuses overlapping lowerdirs with ELOOP, and the top copy re-applies
// every path the lower one touched, so the view is the same without it.
func dedupeLowers(lowers []string) []string {
	seen := make(map[string]bool, len(lowers))
	out := make([]string, 0, len(lowers))
	for i := len(lowers) - 1; i >= 0; i-- {
		if !seen[lowers[i]] {
			seen[lowers[i]] = true
			out = append(out, lowers[i])
		}
	}
	return reversed(out)
}

func checkOverlayArgs(lowers []string, upper, work, target string) error {
	if len(lowers) == 0 {
		return errors.New("overlay: no lower layers")
	}
	if (upper == "") != (work == "") {
		return fmt.Errorf("overlay: upper %q and work %q must be given together", upper, work)
	}
	if !filepath.IsAbs(target) {
		return fmt.Errorf("overlay: target %q is not absolute", target)
	}
	for _, p := range append([]string{upper, work}, lowers...) {
		if p != "" && !filepath.IsAbs(p) {
			return fmt.Errorf("overlay: layer path %q is not absolute", p)
		}
	}
	return nil
}

func reversed(in []string) []string {
	out := make([]string, len(in))
	for i, p := range in {
		out[len(in)-1-i] = filepath.Clean(p)
	}
	return out
}

func upperOptions(upper, work string, volatile bool) []string {
	if upper == "" {
		return nil
	}
	opts := []string{"upperdir=" + filepath.Clean(upper), "workdir=" + filepath.Clean(work)}
	if volatile {
		opts = append(opts, "volatile")
	}
	return opts
}

// OverlayOption changes an Overlay plan.
type OverlayOption func(*overlayOptions)

type overlayOptions struct {
	volatile bool
}

// Volatile adds overlayfs's "volatile" option (Linux 5.10+) when there is an
// upper dir: the overlay never syncs its upper filesystem. Without it, the
// unmount when the container's mount namespace dies runs syncfs on the
// whole filesystem holding the upper dir, writing back every dirty file on
// it (not only the container's) and forcing block allocation for files
// that would otherwise be deleted unwritten. It is for upper dirs that are
// thrown away with the container (--rm): after a crash, a volatile upper
// dir may be inconsistent, and overlayfs refuses to mount it again until
// its work dir is emptied.
func Volatile() OverlayOption { return func(o *overlayOptions) { o.volatile = true } }

// needsEscape reports whether a path holds a character that the legacy
// option string would misread (',' separates options, ':' layers).
func needsEscape(paths []string) bool {
	for _, p := range paths {
		if strings.ContainsAny(p, ",:\\") {
			return true
		}
	}
	return false
}

func legacyOverlay(top []string, chdir string, tail []string, target string) (Mount, bool) {
	opts := append([]string{"lowerdir=" + strings.Join(top, ":")}, tail...)
	if len(strings.Join(opts, ",")) > maxMountData {
		return Mount{}, false
	}
	return Mount{Type: "overlay", Source: "overlay", Target: target, Options: opts, Chdir: chdir}, true
}

// relativeTo returns the deepest dir holding every path, and the paths
// relative to it.
func relativeTo(paths []string) (string, []string, bool) {
	parent := filepath.Dir(paths[0])
	for _, p := range paths[1:] {
		for !within(parent, p) {
			if parent == "/" {
				return "", nil, false
			}
			parent = filepath.Dir(parent)
		}
	}
	rel := make([]string, len(paths))
	for i, p := range paths {
		r, err := filepath.Rel(parent, p)
		if err != nil || r == "." {
			return "", nil, false
		}
		rel[i] = r
	}
	return parent, rel, true
}

func within(dir, p string) bool {
	return dir == "/" || strings.HasPrefix(p, dir+"/")
}

func appendOverlay(top, tail []string, target string) ([]Mount, error) {
	opts := make([]string, 0, len(top)+len(tail))
	for _, p := range top {
		if len(p) > maxFsconfigString {
			return nil, fmt.Errorf("overlay: layer path %q longer than %d bytes", p, maxFsconfigString)
		}
		opts = append(opts, LowerdirAppend+"="+p)
	}
	opts = append(opts, tail...)
	return []Mount{{Type: "overlay", Source: "overlay", Target: target, Options: opts}}, nil
}
