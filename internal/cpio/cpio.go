package cpio

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Archive is a cpio "newc" archive as the kernel unpacks it into its
// rootfs: dirs, regular files (read from disk when written) and symlinks.
type Archive struct {
	entries map[string]entry
}

type entry struct {
	mode uint32 // type and permission bits
	src  string // file on the host to copy (regular files)
	data []byte // or literal content
	link string // symlink target
}

const (
	modeDir  = 0o040000
	modeFile = 0o100000
	modeLink = 0o120000
)

// New returns an empty archive.
func New() *Archive { return &Archive{entries: map[string]entry{}} }

// Dir adds dir and its parents.
func (a *Archive) Dir(dir string) {
	dir = strings.Trim(dir, "/")
	for p := dir; p != "" && p != "."; p = parent(p) {
		if _, ok := a.entries[p]; !ok {
			a.entries[p] = entry{mode: modeDir | 0o755}
		}
	}
}

// File adds name with the contents of the host file src.
func (a *Archive) File(name, src string, perm uint32) {
	name = strings.Trim(name, "/")
	a.Dir(parent(name))
	a.entries[name] = entry{mode: modeFile | perm, src: src}
}

// Data adds name with literal contents.
func (a *Archive) Data(name string, data []byte, perm uint32) {
	name = strings.Trim(name, "/")
	a.Dir(parent(name))
	a.entries[name] = entry{mode: modeFile | perm, data: data}
}

// Symlink adds name -> target.
func (a *Archive) Symlink(name, target string) {
	name = strings.Trim(name, "/")
	a.Dir(parent(name))
	a.entries[name] = entry{mode: modeLink | 0o777, link: target}
}

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// WriteFile writes the archive to path.
func (a *Archive) WriteFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("initramfs: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = a.write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("initramfs %s: %w", path, err)
	}
	return nil
}

// write emits entries sorted by name (parents before children), then the trailer.
func (a *Archive) write(w io.Writer) error {
	names := make([]string, 0, len(a.entries))
	for n := range a.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		if err := a.writeEntry(w, uint32(i+1), n, a.entries[n]); err != nil {
			return err
		}
	}
	return writeHeader(w, 0, "TRAILER!!!", 0, 0, nil)
}

func (a *Archive) writeEntry(w io.Writer, ino uint32, name string, e entry) error {
	switch {
	case e.mode&modeLink == modeLink:
		return writeHeader(w, ino, name, e.mode, 1, []byte(e.link))
	case e.mode&modeDir == modeDir:
		return writeHeader(w, ino, name, e.mode, 2, nil)
	case e.src == "":
		return writeHeader(w, ino, name, e.mode, 1, e.data)
	}
	data, err := os.ReadFile(e.src)
	if err != nil {
		return err
	}
	return writeHeader(w, ino, name, e.mode, 1, data)
}

// writeHeader writes one newc record: a 110-byte hex header, the
// NUL-terminated name and the data, each padded to 4 bytes.
func writeHeader(w io.Writer, ino uint32, name string, mode, nlink uint32, data []byte) error {
	hdr := fmt.Sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	if _, err := io.WriteString(w, hdr+name+"\x00"+pad(len(hdr)+len(name)+1)); err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	_, err := io.WriteString(w, pad(len(data)))
	return err
}

func pad(n int) string { return strings.Repeat("\x00", (4-n%4)%4) }
