package layerdiff

import (
	"sort"
)

// Change is one line of docker diff: Kind is 'A', 'C' or 'D' and Path is
// absolute ("/etc/passwd").
type Change struct {
	Kind byte
	Path string
}

// String formats the change as docker diff prints it.
func (c Change) String() string { return string(c.Kind) + " " + c.Path }

// Changes lists what the upper dir's entries change over the layers
// below; inLower reports whether a path (relative, clean) exists there.
// Whiteouts are deletions; an entry that exists below is a change, any
// other an addition. The list is sorted by path.
func Changes(entries []Entry, inLower func(p string) (bool, error)) ([]Change, error) {
	out := make([]Change, 0, len(entries))
	for _, e := range entries {
		if err := checkPath(e.Path); err != nil {
			return nil, err
		}
		kind := byte('D')
		if e.Kind != Whiteout {
			below, err := inLower(e.Path)
			if err != nil {
				return nil, err
			}
			kind = 'A'
			if below {
				kind = 'C'
			}
		}
		out = append(out, Change{Kind: kind, Path: "/" + e.Path})
	}
	sort.Slice(out, func(i, j int) bool { return pathLess(out[i].Path[1:], out[j].Path[1:]) })
	return out, nil
}
