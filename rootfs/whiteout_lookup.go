package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"
)

// nodeKind is what a path is in one layer directory.
type nodeKind int

const (
	nodeMissing   nodeKind = iota
	nodeWhiteout           // 0/0 char device: hides the name in lower layers
	nodeDir                // directory merged with lower layers
	nodeOpaqueDir          // directory hiding lower layers' contents
	nodeFile               // regular file
	nodeSymlink
	nodeOther // device, fifo, socket
)

var errNotRegular = errors.New("not a regular file")

// layerFS reads one layer directory; rel is a clean relative path whose
// parents are all real directories in that layer.
type layerFS interface {
	stat(layer, rel string) (nodeKind, error)
	readlink(layer, rel string) (string, error)
	readFile(layer, rel string) ([]byte, error)
}

// maxLayerFileSize bounds ReadFileFromLayers: it is meant for small
// configuration files such as /etc/passwd and /etc/group.
const maxLayerFileSize = 16 << 20

// ReadFileFromLayers reads file p (e.g. "/etc/passwd") from the merged view
// of layer directories in overlayfs format, lowest first, without mounting
// them: the top-most layer that has p wins, whiteouts and opaque
// directories hide lower layers, and symlinks, also in p's parents, are
// resolved in the merged view and never outside it. Nothing on the host
// outside the layer dirs is read. A missing file gives an error wrapping
// fs.ErrNotExist.
func ReadFileFromLayers(layerDirs []string, p string) ([]byte, error) {
	b, err := readFromLayers(osLayers{}, layerDirs, p)
	if err != nil {
		return nil, fmt.Errorf("read %s from layers: %w", p, err)
	}
	return b, nil
}

// mergedDir is a directory of the merged view: its path and the layers,
// top-most first, whose directories at path are merged.
type mergedDir struct {
	path   string
	layers []string
}

func readFromLayers(lfs layerFS, layerDirs []string, p string) ([]byte, error) {
	root, err := mergeRoot(lfs, layerDirs)
	if err != nil {
		return nil, err
	}
	stack := []mergedDir{root}
	comps := splitComps(p)
	links := 0
	for len(comps) > 0 {
		c := comps[0]
		comps = comps[1:]
		if c == ".." {
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		cur := stack[len(stack)-1]
		child := path.Join(cur.path, c)
		kind, layer, dirs, err := lookupMerged(lfs, cur, child)
		if err != nil {
			return nil, err
		}
		switch {
		case kind == nodeDir:
			stack = append(stack, mergedDir{path: child, layers: dirs})
		case kind == nodeSymlink:
			if links++; links > maxLinkDepth {
				return nil, syscall.ELOOP
			}
			target, err := lfs.readlink(layer, child)
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(target, "/") {
				stack = stack[:1]
			}
			comps = append(splitComps(target), comps...)
		case kind == nodeMissing:
			return nil, fs.ErrNotExist
		case len(comps) > 0:
			return nil, syscall.ENOTDIR
		case kind == nodeFile:
			return lfs.readFile(layer, child)
		default:
			return nil, fmt.Errorf("%s: %w", child, errNotRegular)
		}
	}
	return nil, syscall.EISDIR
}

// mergeRoot returns the merged layer root: every layer down to the top-most
// one whose root is opaque.
func mergeRoot(lfs layerFS, layerDirs []string) (mergedDir, error) {
	root := mergedDir{path: "."}
	for i := len(layerDirs) - 1; i >= 0; i-- {
		kind, err := lfs.stat(layerDirs[i], ".")
		if err != nil {
			return root, err
		}
		if kind != nodeDir && kind != nodeOpaqueDir {
			return root, fmt.Errorf("layer %s is not a directory", layerDirs[i])
		}
		root.layers = append(root.layers, layerDirs[i])
		if kind == nodeOpaqueDir {
			break
		}
	}
	return root, nil
}

// lookupMerged finds child of dir in the merged view: its kind and the
// layer holding it, or for a directory, the layers whose dirs merge.
func lookupMerged(lfs layerFS, dir mergedDir, child string) (nodeKind, string, []string, error) {
	for i, layer := range dir.layers {
		kind, err := lfs.stat(layer, child)
		if err != nil {
			return 0, "", nil, err
		}
		switch kind {
		case nodeMissing:
			continue
		case nodeWhiteout:
			return nodeMissing, "", nil, nil
		case nodeDir, nodeOpaqueDir:
			dirs, err := mergeBelow(lfs, dir.layers[i+1:], child, layer, kind)
			return nodeDir, layer, dirs, err
		}
		return kind, layer, nil, nil
	}
	return nodeMissing, "", nil, nil
}

// mergeBelow lists the layers whose directory child merges with the one in
// top: down to an opaque dir, a whiteout or a non-directory.
func mergeBelow(lfs layerFS, lower []string, child, top string, kind nodeKind) ([]string, error) {
	dirs := []string{top}
	for _, layer := range lower {
		if kind == nodeOpaqueDir {
			break
		}
		var err error
		if kind, err = lfs.stat(layer, child); err != nil {
			return nil, err
		}
		if kind == nodeMissing {
			continue
		}
		if kind != nodeDir && kind != nodeOpaqueDir {
			break
		}
		dirs = append(dirs, layer)
	}
	return dirs, nil
}

func splitComps(p string) []string {
	var comps []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			comps = append(comps, c)
		}
	}
	return comps
}
