package layerdiff

import (
	"archive/tar"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

// Kind is what an entry of the upper dir is.
type Kind int

// The kinds of entries Walk reports.
const (
	File Kind = iota
	Dir
	Symlink
	Whiteout // an overlayfs whiteout: a 0/0 character device
	CharDev
	BlockDev
	Fifo
	Socket
)

// Entry is one file of the upper dir, as Walk saw it.
type Entry struct {
	Path         string // clean, relative, slash-separated; never "." or ".."
	Kind         Kind
	Mode         uint32 // permission bits with setuid, setgid, sticky (07777)
	UID, GID     int
	Size         int64
	ModTime      time.Time
	Linkname     string // a symlink's target
	Major, Minor uint32
	Xattrs       map[string]string
	Opaque       bool   // a directory with trusted.overlay.opaque=y
	Dev, Ino     uint64 // identity, for hardlinks and the content check
	Nlink        uint64
}

// Item is one planned tar entry; Source is the upper dir entry whose
// content follows the header (a regular file), or nil.
type Item struct {
	Header *tar.Header
	Source *Entry
}

// ErrUnsupported is returned for upper dirs that no plain layer can
// express (overlayfs redirect_dir or metacopy), and for sockets.
var ErrUnsupported = errors.New("unsupported in a layer")

// Plan orders entries and turns them into tar headers.
func Plan(entries []Entry) ([]Item, error) {
	sorted := make([]*Entry, len(entries))
	for i := range entries {
		if err := checkPath(entries[i].Path); err != nil {
			return nil, err
		}
		sorted[i] = &entries[i]
	}
	sort.Slice(sorted, func(i, j int) bool { return pathLess(sorted[i].Path, sorted[j].Path) })
	items := make([]Item, 0, len(sorted))
	links := map[[2]uint64]string{}
	for i, e := range sorted {
		if i > 0 && sorted[i-1].Path == e.Path {
			return nil, fmt.Errorf("%s: listed twice", e.Path)
		}
		it, err := planEntry(e, links)
		if err != nil {
			return nil, err
		}
		items = append(items, it...)
	}
	return items, nil
}

func planEntry(e *Entry, links map[[2]uint64]string) ([]Item, error) {
	if e.Kind == Whiteout {
		dir, base := path.Split(e.Path)
		return []Item{{Header: marker(dir+WhiteoutPrefix+base, e.ModTime)}}, nil
	}
	hdr := &tar.Header{
		Name: e.Path, Mode: int64(e.Mode & 0o7777), Uid: e.UID, Gid: e.GID,
		ModTime: e.ModTime.Truncate(time.Second), Format: tar.FormatPAX,
	}
	for k, v := range e.Xattrs {
		if hdr.PAXRecords == nil {
			hdr.PAXRecords = map[string]string{}
		}
		hdr.PAXRecords["SCHILY.xattr."+k] = v
	}
	var src *Entry
	switch e.Kind {
	case File:
		key := [2]uint64{e.Dev, e.Ino}
		if first, ok := links[key]; ok && e.Nlink > 1 {
			hdr.Typeflag, hdr.Linkname = tar.TypeLink, first
			break
		}
		if e.Nlink > 1 {
			links[key] = e.Path
		}
		hdr.Typeflag, hdr.Size, src = tar.TypeReg, e.Size, e
	case Dir:
		hdr.Typeflag, hdr.Name = tar.TypeDir, e.Path+"/"
	case Symlink:
		hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, e.Linkname
	case CharDev, BlockDev:
		hdr.Typeflag = tar.TypeChar
		if e.Kind == BlockDev {
			hdr.Typeflag = tar.TypeBlock
		}
		hdr.Devmajor, hdr.Devminor = int64(e.Major), int64(e.Minor)
	case Fifo:
		hdr.Typeflag = tar.TypeFifo
	default:
		return nil, fmt.Errorf("%s: a socket: %w", e.Path, ErrUnsupported)
	}
	items := []Item{{Header: hdr, Source: src}}
	if e.Kind == Dir && e.Opaque {
		items = append(items, Item{Header: marker(e.Path+"/"+WhiteoutOpaque, e.ModTime)})
	}
	return items, nil
}

// Whiteout names in layer tars (the OCI image spec).
const (
	WhiteoutPrefix = ".wh."
	WhiteoutOpaque = ".wh..wh..opq"
)

// marker is the header of an empty whiteout file.
func marker(name string, mtime time.Time) *tar.Header {
	return &tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0, ModTime: mtime.Truncate(time.Second), Format: tar.FormatPAX}
}

// checkPath refuses names that are not clean relative paths.
func checkPath(p string) error {
	if p == "" || p == "." || strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.ContainsRune(p, 0) {
		return fmt.Errorf("%q: not a clean relative path", p)
	}
	for _, c := range strings.Split(p, "/") {
		if c == ".." {
			return fmt.Errorf("%q: has a .. component", p)
		}
		if strings.HasPrefix(c, WhiteoutPrefix) {
			return fmt.Errorf("%q: a name starting with %s cannot be stored in a layer: %w", p, WhiteoutPrefix, ErrUnsupported)
		}
	}
	return nil
}

// pathLess orders paths component by component, so that a directory
// comes right before its children ("a", "a/b", "a-b"), as a walk would.
func pathLess(a, b string) bool {
	for {
		ca, ra, _ := strings.Cut(a, "/")
		cb, rb, _ := strings.Cut(b, "/")
		if ca != cb {
			return ca < cb
		}
		if ra == "" || rb == "" {
			return ra == "" && rb != ""
		}
		a, b = ra, rb
	}
}
