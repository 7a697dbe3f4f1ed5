package layerdiff

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// entriesFrom decodes fuzz input: each line is KIND PATH, KIND one of
// f d l w o (opaque dir) h (a file sharing inode 1).
func entriesFrom(s string) []Entry {
	var es []Entry
	for _, line := range strings.Split(s, "\n") {
		if len(line) < 3 {
			continue
		}
		e := Entry{Path: line[2:], Size: int64(len(line))}
		switch line[0] {
		case 'd':
			e.Kind = Dir
		case 'o':
			e.Kind, e.Opaque = Dir, true
		case 'l':
			e.Kind, e.Linkname, e.Size = Symlink, "../x", 0
		case 'w':
			e.Kind, e.Size = Whiteout, 0
		case 'h':
			e.Ino, e.Nlink = 1, 2
		}
		if e.Kind != File {
			e.Size = 0
		}
		es = append(es, e)
	}
	return es
}

func FuzzPlan(f *testing.F) {
	f.Add("d a\nf a/b\nw a/c\no d\nh x\nh y\nl z")
	f.Add("f a-b\nd a\nf a/.wh.x")
	f.Add("f ../x\nf /a\nf a//b")
	f.Fuzz(func(t *testing.T, s string) {
		items, err := Plan(entriesFrom(s))
		if err != nil {
			return
		}
		open := func(e *Entry) (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(strings.Repeat("x", int(e.Size)))), nil
		}
		var a, b bytes.Buffer
		ra, err := Write(context.Background(), &a, items, open, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Write(context.Background(), &b, items, open, nil); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("not deterministic: %v", err)
		}
		if ra.Size != int64(a.Len()) {
			t.Fatalf("size %d, wrote %d", ra.Size, a.Len())
		}
		checkLayer(t, a.Bytes())
	})
}

// checkLayer reads a planned layer back: safe names, each hardlink after
// its target.
func checkLayer(t *testing.T, b []byte) {
	tr := tar.NewReader(bytes.NewReader(b))
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(h.Name, "/")
		if checkPath(strings.ReplaceAll(name, WhiteoutPrefix, "")) != nil {
			t.Fatalf("unsafe name %q", h.Name)
		}
		if h.Typeflag == tar.TypeLink && !seen[h.Linkname] {
			t.Fatalf("hardlink %s before its target %s", h.Name, h.Linkname)
		}
		seen[name] = true
	}
}
