package testimage

import (
	"archive/tar"
	"fmt"
	"os"
	"strings"
)

// entry is one tar entry of a test layer.
type entry struct {
	name     string
	typ      byte
	mode     int64
	uid, gid int
	body     []byte
	link     string
}

func dir(name string, mode int64) entry { return entry{name: name + "/", typ: tar.TypeDir, mode: mode} }
func file(name, body string) entry {
	return entry{name: name, typ: tar.TypeReg, mode: 0o644, body: []byte(body)}
}

const passwd = `root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
tentuser:x:1000:1000:tentuser:/home/tentuser:/bin/sh
`

const group = `root:x:0:
nobody:x:65534:
tentuser:x:1000:
`

// baseLayer: /bin/busybox and its applets, /etc, /tmp, /root and the usual
// mount points.
func baseLayer(busybox string, applets []string, arch string) ([]entry, error) {
	bb, err := os.ReadFile(busybox)
	if err != nil {
		return nil, fmt.Errorf("testimage: read busybox: %w", err)
	}
	es := []entry{dir("bin", 0o755), dir("dev", 0o755), dir("etc", 0o755), dir("home", 0o755),
		{name: "home/tentuser/", typ: tar.TypeDir, mode: 0o755, uid: 1000, gid: 1000},
		dir("proc", 0o555), dir("root", 0o700), dir("sys", 0o555), dir("tmp", 0o1777),
		dir("usr", 0o755), dir("usr/bin", 0o755), dir("var", 0o755),
		{name: "bin/busybox", typ: tar.TypeReg, mode: 0o755, body: bb},
		file("etc/passwd", passwd), file("etc/group", group),
		file("etc/arch", arch+"\n"),
	}
	for _, a := range applets {
		es = append(es, entry{name: "bin/" + a, typ: tar.TypeSymlink, mode: 0o777, link: "busybox"})
	}
	return es, nil
}

// hardlinkLayer: a file with two hardlinks, /tent/gone/ with files, /tent/old.
func hardlinkLayer() []entry {
	return []entry{
		dir("tent", 0o755),
		file("tent/data", "linked\n"),
		{name: "tent/link1", typ: tar.TypeLink, link: "tent/data"},
		{name: "tent/link2", typ: tar.TypeLink, link: "tent/data"},
		dir("tent/gone", 0o755),
		file("tent/gone/a", "a\n"),
		file("tent/gone/b", "b\n"),
		file("tent/old", "old\n"),
	}
}

// whiteoutLayer: removes /tent/old, makes /tent/gone/ opaque with one new file.
func whiteoutLayer() []entry {
	return []entry{
		dir("tent", 0o755),
		file("tent/.wh.old", ""),
		dir("tent/gone", 0o755),
		file("tent/gone/.wh..wh..opq", ""),
		file("tent/gone/new", "new\n"),
	}
}

// writeTar writes entries as a tar stream with fixed mtimes.
func writeTar(tw *tar.Writer, es []entry) error {
	for _, e := range es {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: e.mode, Uid: e.uid, Gid: e.gid,
			Linkname: e.link, ModTime: Epoch, Format: tar.FormatPAX}
		if e.typ == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("tar header %s: %w", e.name, err)
		}
		if _, err := tw.Write(e.body); err != nil && e.typ == tar.TypeReg {
			return fmt.Errorf("tar body %s: %w", e.name, err)
		}
	}
	return tw.Close()
}
