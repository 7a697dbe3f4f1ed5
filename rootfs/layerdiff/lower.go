package layerdiff

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// ExistsInLayers returns a function for Changes that tells whether a path
// exists in the merged view of layer dirs in overlayfs format (lowest
// first): a whiteout or a non-directory in a higher layer hides what is
// below, an opaque directory hides lower layers' contents under it.
func ExistsInLayers(layers []string) func(p string) (bool, error) {
	return func(p string) (bool, error) { return existsIn(lstatKind, layers, p) }
}

type statFunc func(p string) (Kind, bool, bool, error) // kind, exists, opaque

func lstatKind(p string) (Kind, bool, bool, error) {
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return 0, false, false, nil
		}
		return 0, false, false, fmt.Errorf("lstat %s: %w", p, err)
	}
	k := kindOf(st)
	opaque := false
	if k == Dir {
		var buf [2]byte
		n, err := unix.Lgetxattr(p, overlayXattrPrefix+"opaque", buf[:])
		opaque = err == nil && n == 1 && buf[0] == 'y'
	}
	return k, true, opaque, nil
}

func existsIn(stat statFunc, layers []string, p string) (bool, error) {
	comps := strings.Split(p, "/")
	for i := len(layers) - 1; i >= 0; i-- {
		found, stop, err := existsInLayer(stat, layers[i], comps)
		if err != nil || found || stop {
			return found, err
		}
	}
	return false, nil
}

// existsInLayer looks p up in one layer: found, or stop (this layer
// hides p in lower ones).
func existsInLayer(stat statFunc, layer string, comps []string) (found, stop bool, err error) {
	cur := layer
	for i, c := range comps {
		cur = filepath.Join(cur, c)
		k, ok, opaque, err := stat(cur)
		if err != nil || !ok {
			return false, stop, err
		}
		last := i == len(comps)-1
		switch {
		case k == Whiteout:
			return false, true, nil
		case last:
			return true, false, nil
		case k != Dir:
			return false, true, nil
		case opaque:
			stop = true
		}
	}
	return false, stop, nil
}
