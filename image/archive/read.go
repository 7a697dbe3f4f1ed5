package archive

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// ErrNoEntry is returned (wrapped) for a name the archive does not hold.
var ErrNoEntry = errors.New("no such file in archive")

// Reader gives random access to the regular files of an uncompressed tar
// held in an io.ReaderAt (a file), after one pass over its headers.
type Reader struct {
	ra    io.ReaderAt
	files map[string]section
}

type section struct{ off, size int64 }

// NewReader indexes the tar in ra (size bytes). Symlinks and hardlinks to
// regular files are followed, as docker save writes layer.tar as symlinks.
func NewReader(ra io.ReaderAt, size int64) (*Reader, error) {
	sr := io.NewSectionReader(ra, 0, size)
	tr := tar.NewReader(sr)
	r := &Reader{ra: ra, files: map[string]section{}}
	links := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read archive: %w", err)
		}
		name := clean(h.Name)
		switch h.Typeflag {
		case tar.TypeReg:
			off, err := sr.Seek(0, io.SeekCurrent)
			if err != nil {
				return nil, fmt.Errorf("read archive: %w", err)
			}
			if h.Size < 0 || off+h.Size > size || off+h.Size < off {
				return nil, fmt.Errorf("read archive: %s: truncated archive", h.Name)
			}
			r.files[name] = section{off: off, size: h.Size}
		case tar.TypeSymlink:
			links[name] = clean(path.Join(path.Dir(name), h.Linkname))
		case tar.TypeLink:
			links[name] = clean(h.Linkname)
		}
	}
	for name, target := range links {
		for i := 0; i < 8; i++ { // a few hops; more is a loop
			if next, ok := links[target]; ok {
				target = next
			}
		}
		if s, ok := r.files[target]; ok {
			r.files[name] = s
		}
	}
	return r, nil
}

func clean(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// Has tells whether the archive holds name.
func (r *Reader) Has(name string) bool {
	_, ok := r.files[clean(name)]
	return ok
}

// Size is the size of name, or -1.
func (r *Reader) Size(name string) int64 {
	if s, ok := r.files[clean(name)]; ok {
		return s.size
	}
	return -1
}

// Open returns a reader of name's content.
func (r *Reader) Open(name string) (*io.SectionReader, error) {
	s, ok := r.files[clean(name)]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, ErrNoEntry)
	}
	return io.NewSectionReader(r.ra, s.off, s.size), nil
}

// ReadFile returns name's content; for small files (manifests, configs).
func (r *Reader) ReadFile(name string) ([]byte, error) {
	sr, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	if sr.Size() > 64<<20 {
		return nil, fmt.Errorf("%s: too big for a manifest or config (%d bytes)", name, sr.Size())
	}
	b := make([]byte, sr.Size())
	if _, err := io.ReadFull(sr, b); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}
