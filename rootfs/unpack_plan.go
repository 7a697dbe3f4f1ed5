package rootfs

import (
	"archive/tar"
	"fmt"
	"path"
	"strings"
	"time"
)

// entryKind is what one tar entry does to the layer directory.
type entryKind int

const (
	kindSkip     entryKind = iota // nothing (pax global headers, aufs metadata)
	kindDir                       // mkdir, mode and times set at the end
	kindFile                      // regular file
	kindSymlink                   // symlink to link (any text, resolved in the layer)
	kindHardlink                  // hard link to the entry at link
	kindChar                      // character device
	kindBlock                     // block device
	kindFifo                      // named pipe
	kindWhiteout                  // 0/0 char device at base: hides base below
	kindOpaque                    // trusted.overlay.opaque=y on dir: hides dir's lower contents
)

// entry is the plan for one tar entry: clean names and what to create.
type entry struct {
	kind         entryKind
	path         string // clean relative path, "." for the layer root
	dir, base    string // path split; for kindOpaque, dir is the opaque dir
	link         string // symlink text, or clean hardlink target path
	mode         uint32 // permissions with setuid/setgid/sticky (07777)
	uid, gid     int
	major, minor uint32
	size         int64 // of a file's content; a sparse file's full size
	sparse       bool  // a GNU or PAX sparse file: holes stay holes
	atime, mtime time.Time
	pax          map[string]string // for SCHILY.xattr.* records
}

// planEntry turns a layer's tar header into an entry, rejecting unsafe names.
func planEntry(hdr *tar.Header) (entry, error) { return planEntryAs(hdr, true) }

// planEntryAs is planEntry; whiteouts false takes .wh. names as plain
// files (a tar that is not a layer: tent cp).
func planEntryAs(hdr *tar.Header, whiteouts bool) (entry, error) {
	p, err := cleanName(hdr.Name)
	if err != nil {
		return entry{}, err
	}
	e := entry{
		path: p, mode: uint32(hdr.Mode) & 0o7777, uid: hdr.Uid, gid: hdr.Gid,
		major: uint32(hdr.Devmajor), minor: uint32(hdr.Devminor), size: hdr.Size,
		mtime: hdr.ModTime, atime: hdr.AccessTime, pax: hdr.PAXRecords,
	}
	if e.atime.IsZero() {
		e.atime = e.mtime
	}
	e.dir, e.base = splitPath(p)
	if whiteouts {
		if kind, ok := whiteoutKind(&e); ok {
			e.kind = kind
			return e, nil
		}
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		e.kind = kindDir
	case tar.TypeReg, tar.TypeGNUSparse: // tar.Reader already maps the legacy '\x00' to TypeReg/TypeDir
		e.kind = kindFile
	case tar.TypeSymlink:
		e.kind, e.link = kindSymlink, hdr.Linkname
		if hdr.Linkname == "" {
			return entry{}, fmt.Errorf("symlink with empty target")
		}
	case tar.TypeLink:
		e.kind = kindHardlink
		if e.link, err = cleanName(hdr.Linkname); err != nil {
			return entry{}, fmt.Errorf("hardlink target: %w", err)
		}
		if e.link == "." {
			return entry{}, fmt.Errorf("hardlink to the layer root: %w", ErrUnsafePath)
		}
	case tar.TypeChar:
		e.kind = kindChar
	case tar.TypeBlock:
		e.kind = kindBlock
	case tar.TypeFifo:
		e.kind = kindFifo
	case tar.TypeXGlobalHeader:
		e.kind = kindSkip
	default:
		return entry{}, fmt.Errorf("type %q: %w", hdr.Typeflag, ErrUnsupportedEntry)
	}
	if p == "." && e.kind != kindDir && e.kind != kindSkip {
		return entry{}, fmt.Errorf("non-directory as the layer root: %w", ErrUnsafePath)
	}
	e.sparse = e.kind == kindFile && isSparse(hdr)
	return e, nil
}

// isSparse tells a sparse file: archive/tar reads it as a regular file with
// its holes expanded to zeros, and keeps the old GNU type or the PAX
// records (GNU.sparse.map for formats 0.0 and 0.1, major for 1.0).
func isSparse(hdr *tar.Header) bool {
	return hdr.Typeflag == tar.TypeGNUSparse ||
		hdr.PAXRecords["GNU.sparse.major"] != "" || hdr.PAXRecords["GNU.sparse.map"] != ""
}

// whiteoutKind recognizes whiteout names and rewrites e to point at the
// hidden name (kindWhiteout) or the opaque directory (kindOpaque).
func whiteoutKind(e *entry) (entryKind, bool) {
	if !strings.HasPrefix(e.base, WhiteoutPrefix) {
		return 0, false
	}
	switch {
	case e.base == WhiteoutOpaque:
		e.path, e.base = e.dir, ""
		return kindOpaque, true
	case strings.HasPrefix(e.base, whiteoutMeta):
		return kindSkip, true
	}
	e.base = e.base[len(WhiteoutPrefix):]
	if e.base == "" || e.base == "." || e.base == ".." {
		return kindSkip, true
	}
	e.path = path.Join(e.dir, e.base)
	return kindWhiteout, true
}

// cleanName makes a tar name relative to the layer root: leading slashes and
// "." components are dropped; any ".." component is refused, since a layer
// never needs one and it could only aim outside.
func cleanName(name string) (string, error) {
	if hasDotDot(name) {
		return "", fmt.Errorf("name %q has a .. component: %w", name, ErrUnsafePath)
	}
	if strings.IndexByte(name, 0) >= 0 {
		return "", fmt.Errorf("name %q has a NUL byte: %w", name, ErrUnsafePath)
	}
	name = strings.TrimLeft(name, "/")
	if name == "" {
		return ".", nil
	}
	return path.Clean(name), nil
}

func hasDotDot(name string) bool {
	for name != "" {
		i := strings.IndexByte(name, '/')
		if i < 0 {
			return name == ".."
		}
		if name[:i] == ".." {
			return true
		}
		name = name[i+1:]
	}
	return false
}

// splitPath splits a clean relative path into its parent ("." at the top)
// and final component.
func splitPath(p string) (dir, base string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ".", p
	}
	return p[:i], p[i+1:]
}

// resolveLinkDir returns, as a clean relative path, where a symlink with
// text target found in directory dir points, resolved inside the root.
func resolveLinkDir(dir, target string) string {
	if !strings.HasPrefix(target, "/") {
		target = dir + "/" + target
	}
	p := path.Clean("/" + target)
	if p == "/" {
		return "."
	}
	return p[1:]
}
