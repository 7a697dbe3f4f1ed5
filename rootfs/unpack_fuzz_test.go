package rootfs

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// FuzzUnpack unpacks arbitrary bytes as a tar and asserts that nothing
// outside the layer directory was created, changed or removed. Absolute
// names in the seeds aim at "{top}", replaced by each run's sandbox dir.
func FuzzUnpack(f *testing.F) {
	for _, tc := range escapeCases() {
		f.Add(mkTar(f, tc.entries(&sandbox{top: "{top}"})...))
	}
	f.Add(mkTar(f, tfile("etc/.wh.motd", ""), tfile("usr/.wh..wh..opq", ""), tdir("usr/", 0o755),
		tsymlink("usr/lib", "../lib"), tfile("usr/lib/x", "x"), tlink("y", "usr/lib/x")))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !smallTar(data) {
			t.Skip("entry too large")
		}
		s := newSandbox(t)
		data = bytes.ReplaceAll(data, []byte("{top}"), []byte(s.top))
		fixChecksums(data)
		_, err := Unpack(context.Background(), bytes.NewReader(data), s.layer, WithBestEffortXattrs())
		s.checkOutside(t)
		checkFuzzErr(t, err)
	})
}

// fixChecksums rewrites the checksum of each tar header block in place, so
// that mutated headers reach Unpack instead of failing in archive/tar.
func fixChecksums(data []byte) {
	for off := 0; off+512 <= len(data); {
		h := data[off : off+512]
		if bytes.Equal(h, make([]byte, 512)) {
			return
		}
		copy(h[148:156], "        ")
		sum := 0
		for _, c := range h {
			sum += int(c)
		}
		copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
		size, err := strconv.ParseInt(strings.Trim(string(h[124:136]), " \x00"), 8, 64)
		if err != nil || size < 0 {
			return
		}
		off += 512 + int((size+511)/512*512)
	}
}

// fuzzNames are the names and link targets FuzzUnpackEntries combines:
// plain, nested, absolute, escaping and pointing at the sandbox.
var fuzzNames = []string{
	"a", "a/b", "a/b/c", "b", "b/c", "c", "/a", "./a/", "..", "../x", "a/../..",
	"/", ".", "{top}", "{top}/sentinel", "{top}/outside/etc", "../sentinel",
	"../outside/etc/passwd", "a/.wh.b", "a/.wh..wh..opq", ".wh.a", "b/../../..",
	"/..", "../..", "a/b/../../..", "outside/etc/passwd", "sentinel", "c/d/e/f",
	"c/x", "c/y", "b/x", "usr/lib", "lib", "lib/x",
}

// FuzzUnpackEntries builds valid tars from the fuzz bytes, three per entry
// (type, name, link target), to explore orders of symlinks, hardlinks,
// directories and files that random tar bytes rarely reach.
func FuzzUnpackEntries(f *testing.F) {
	f.Add([]byte{2, 0, 13, 0, 1, 0})         // a -> {top}; a/b file
	f.Add([]byte{2, 0, 9, 3, 5, 14})         // a -> ../x; hardlink c -> {top}/sentinel
	f.Add([]byte{2, 3, 0, 2, 0, 3, 0, 1, 0}) // symlink loop, then a/b
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newSandbox(t)
		var entries []tentry
		for i := 0; i+2 < len(data) && len(entries) < 64; i += 3 {
			entries = append(entries, fuzzEntry(data[i:i+3], s.top))
		}
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, e := range entries {
			if tw.WriteHeader(&e.hdr) != nil {
				t.Skip("unencodable header")
			}
			tw.Write([]byte(e.body))
		}
		tw.Close()
		_, err := Unpack(context.Background(), &buf, s.layer, WithBestEffortXattrs())
		s.checkOutside(t)
		checkFuzzErr(t, err)
	})
}

func fuzzEntry(b []byte, top string) tentry {
	name := strings.ReplaceAll(fuzzNames[int(b[1])%len(fuzzNames)], "{top}", top)
	target := strings.ReplaceAll(fuzzNames[int(b[2])%len(fuzzNames)], "{top}", top)
	switch b[0] % 6 {
	case 0:
		return tfile(name, "pwned")
	case 1:
		return tdir(name, int64(b[2])<<3|0o700)
	case 2:
		return tsymlink(name, target)
	case 3:
		return tlink(name, target)
	case 4:
		return tentry{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: name, Mode: 0o600}}
	default:
		e := tfile(name, "")
		e.hdr.PAXRecords = map[string]string{"SCHILY.xattr.user.pwned": "y"}
		return e
	}
}

// checkFuzzErr fails on errors that only a bug can cause: a stale cached fd.
func checkFuzzErr(t *testing.T, err error) {
	if errors.Is(err, unix.EBADF) {
		t.Fatalf("unpack used a closed fd: %v", err)
	}
}

// smallTar reports whether every entry of data declares at most 1 MiB, so
// that mutated sizes (sparse files) cannot fill the disk.
func smallTar(data []byte) bool {
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return true // Unpack fails on it just the same
		}
		if hdr.Size > 1<<20 {
			return false
		}
	}
}
