package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"github.com/moby/patternmatcher"
	"golang.org/x/sys/unix"
)

// srcFile is one file a COPY or ADD writes: where it goes (Rel, relative
// to the destination; "" for a single file copied to the destination
// itself) and what it is. Its content is read again through Path in Root
// when copied, and checked to be the same inode.
type srcFile struct {
	Rel        string
	Path       string // clean, relative to the source root
	Mode       uint32 // S_IFMT bits and permissions
	UID, GID   int
	Size       int64
	Link       string // a symlink's target
	Mtime      unix.Timespec
	Dev, Ino   uint64
	FromParent bool    // a directory given as source: its contents are copied, not itself
	src        *source // where to read it
}

func (f *srcFile) isDir() bool  { return f.Mode&unix.S_IFMT == unix.S_IFDIR }
func (f *srcFile) isReg() bool  { return f.Mode&unix.S_IFMT == unix.S_IFREG }
func (f *srcFile) isLink() bool { return f.Mode&unix.S_IFMT == unix.S_IFLNK }

// source is a tree files are copied from: the build context (with its
// .dockerignore) or a stage's or image's root.
type source struct {
	root    *os.File // O_PATH dir; every lookup resolves inside it
	ignore  *patternmatcher.PatternMatcher
	context bool // the build context: owners are not kept (files become 0:0)
}

// ErrOutsideContext is returned for a COPY source outside the build context.
var ErrOutsideContext = errors.New("forbidden path outside the build context")

// cleanSource makes a source path relative to its root; ".." out of the
// context is refused.
func cleanSource(p string, context bool) (string, error) {
	c := path.Clean("/" + p)
	if context && strings.HasPrefix(path.Clean(p), "..") {
		return "", fmt.Errorf("%w: %s", ErrOutsideContext, p)
	}
	return strings.TrimPrefix(c, "/"), nil
}

// hasMeta reports whether p is a glob pattern.
func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// expand resolves one source (a path or a glob) to the paths it names.
func (s *source) expand(p string) ([]string, error) {
	rel, err := cleanSource(p, s.context)
	if err != nil {
		return nil, err
	}
	if !hasMeta(rel) {
		return []string{orDot(rel)}, nil
	}
	root, err := os.OpenRoot(procFD(s.root))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	matches, err := fs.Glob(root.FS(), rel)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", p, err)
	}
	var out []string
	for _, m := range matches {
		if !s.ignored(m) {
			out = append(out, m)
		} else if st, err := root.Lstat(m); err == nil && st.IsDir() && s.ignore.Exclusions() {
			out = append(out, m) // an excluded dir may hold "!" exceptions: collect filters
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no source files were specified: %s matches nothing", p)
	}
	return out, nil
}

func orDot(p string) string {
	if p == "" {
		return "."
	}
	return p
}

func procFD(f *os.File) string { return fmt.Sprintf("/proc/self/fd/%d", f.Fd()) }

func (s *source) ignored(rel string) bool {
	if s.ignore == nil || rel == "." {
		return false
	}
	m, err := s.ignore.MatchesOrParentMatches(rel)
	return err == nil && m
}

// collect lists what copying rel brings: the file, or a directory's
// contents (sorted, recursively; symlinks inside are not followed). The
// source itself is resolved in the root, symlinks in it included.
func (s *source) collect(rel string, out []srcFile) ([]srcFile, error) {
	h, err := pathrs.OpenatInRoot(s.root, rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOENT) {
			return nil, fmt.Errorf("%s: not found", rel)
		}
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	defer h.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(h.Fd()), &st); err != nil {
		return nil, fmt.Errorf("stat %s: %w", rel, err)
	}
	if s.ignored(rel) && st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return nil, fmt.Errorf("%s: not found (excluded by .dockerignore)", rel)
	}
	f := s.file(rel, "", st)
	if !f.isDir() {
		return append(out, f), nil
	}
	f.FromParent = true
	out = append(out, f)
	dir, err := pathrs.Reopen(h, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rel, err)
	}
	return s.walk(dir, rel, "", out)
}

func (s *source) file(p, rel string, st unix.Stat_t) srcFile {
	f := srcFile{src: s, Rel: rel, Path: p, Mode: st.Mode, UID: int(st.Uid), GID: int(st.Gid), Size: st.Size,
		Mtime: st.Mtim, Dev: st.Dev, Ino: st.Ino}
	if s.context {
		f.UID, f.GID = 0, 0
	}
	if !f.isReg() {
		f.Size = 0
	}
	return f
}

// walk appends dir's contents (dir is closed); p is dir's path in the
// root, rel its path under the destination.
func (s *source) walk(dir *os.File, p, rel string, out []srcFile) ([]srcFile, error) {
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	sortStrings(names)
	for _, n := range names {
		cp, cr := path.Join(p, n), path.Join(rel, n)
		cp = strings.TrimPrefix(cp, "./")
		var st unix.Stat_t
		if err := unix.Fstatat(int(dir.Fd()), n, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return nil, fmt.Errorf("stat %s: %w", cp, err)
		}
		isDir := st.Mode&unix.S_IFMT == unix.S_IFDIR
		if s.ignored(cp) && !(isDir && s.ignore.Exclusions()) {
			continue
		}
		f := s.file(cp, cr, st)
		if f.isLink() {
			if f.Link, err = readlinkAt(int(dir.Fd()), n); err != nil {
				return nil, fmt.Errorf("readlink %s: %w", cp, err)
			}
		}
		if !s.ignored(cp) {
			out = append(out, f)
		}
		if !isDir {
			continue
		}
		fd, err := unix.Openat(int(dir.Fd()), n, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", cp, err)
		}
		if out, err = s.walk(os.NewFile(uintptr(fd), cp), cp, cr, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readlinkAt(dirfd int, name string) (string, error) {
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlinkat(dirfd, name, buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// open opens f's content, checked to be the file collect saw.
func (s *source) open(f *srcFile) (*os.File, error) {
	h, err := pathrs.OpenatInRoot(s.root, f.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Path, err)
	}
	defer h.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(h.Fd()), &st); err != nil || st.Ino != f.Ino || st.Dev != f.Dev || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, fmt.Errorf("%s changed during the build", f.Path)
	}
	return pathrs.Reopen(h, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY)
}

// hash is the content key of the files: destination paths, types, modes,
// owners, link targets and bytes; not times.
func (s *source) hash(files []srcFile) (string, error) {
	h := sha256.New()
	for i := range files {
		f := &files[i]
		fmt.Fprintf(h, "%q %o %d:%d %d %q\n", f.Rel, f.Mode, f.UID, f.GID, f.Size, f.Link)
		if !f.isReg() {
			continue
		}
		r, err := s.open(f)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, io.LimitReader(r, f.Size))
		r.Close()
		if err != nil {
			return "", fmt.Errorf("read %s: %w", f.Path, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
