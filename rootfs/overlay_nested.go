package rootfs

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Nested rewrites a "lowerdir+" overlay (see Overlay) for kernels without
// lowerdir+ (before 6.8), where every layer must fit in one page of
// options: a tmpfs on the target; on target/0, target/1, ... read-only
// overlays of groups of layers that each fit a page (paths relative to the
// layers' parent); then the overlay of those groups, with the upper and work
// dirs, on the target itself. Overlayfs allows this one level of nesting.
// The group mounts end up under the final one, which keeps using them.
func Nested(m Mount) ([]Mount, error) {
	top, tail := splitAppendOptions(m.Options)
	if len(top) == 0 {
		return nil, fmt.Errorf("nested overlay: %s has no %s layers", m.Target, LowerdirAppend)
	}
	parent, rel, ok := relativeTo(top)
	if !ok || needsEscape(rel) {
		return nil, fmt.Errorf("nested overlay: layers of %s have no common parent or unsafe names", m.Target)
	}
	groups, err := pageGroups(rel)
	if err != nil {
		return nil, err
	}
	plan := []Mount{{Type: "tmpfs", Source: "tmpfs", Target: m.Target, Options: []string{"mode=755"}}}
	finalLowers := make([]string, len(groups))
	for i, g := range groups {
		dir := filepath.Join(m.Target, strconv.Itoa(i))
		finalLowers[i] = dir
		if len(g) == 1 {
			plan = append(plan, Mount{Type: "bind", Source: filepath.Join(parent, g[0]), Target: dir, Options: []string{"rbind", "ro"}})
			continue
		}
		plan = append(plan, Mount{Type: "overlay", Source: "overlay", Target: dir, Chdir: parent,
			Options: []string{"lowerdir=" + strings.Join(g, ":")}})
	}
	final, ok := legacyOverlay(finalLowers, "", tail, m.Target)
	if !ok {
		return nil, fmt.Errorf("nested overlay: %d groups do not fit a page either", len(groups))
	}
	return append(plan, final), nil
}

// splitAppendOptions separates lowerdir+ layers (top-most first) from the
// other options.
func splitAppendOptions(opts []string) (top, rest []string) {
	for _, o := range opts {
		if v, ok := strings.CutPrefix(o, LowerdirAppend+"="); ok {
			top = append(top, v)
			continue
		}
		rest = append(rest, o)
	}
	return top, rest
}

// pageGroups cuts layers (in order) into groups whose lowerdir option fits
// a page.
func pageGroups(layers []string) ([][]string, error) {
	var groups [][]string
	var cur []string
	size := len("lowerdir=")
	for _, l := range layers {
		if len("lowerdir=")+len(l) > maxMountData {
			return nil, fmt.Errorf("nested overlay: layer path %q longer than a page", l)
		}
		if len(cur) > 0 && size+1+len(l) > maxMountData {
			groups = append(groups, cur)
			cur, size = nil, len("lowerdir=")
		}
		if len(cur) > 0 {
			size++
		}
		cur = append(cur, l)
		size += len(l)
	}
	return append(groups, cur), nil
}
