package archive

import (
	"archive/tar"
	"bytes"
	"testing"
)

// FuzzReader: any bytes give an error or a reader whose files read back
// within the input, never a panic.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "manifest.json", Typeflag: tar.TypeReg, Size: 2, Mode: 0o644})
	tw.Write([]byte("[]"))
	tw.WriteHeader(&tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: "manifest.json"})
	tw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for name := range r.files {
			if s := r.files[name]; s.off < 0 || s.size < 0 {
				t.Fatalf("%s: bad section %+v", name, s)
			}
			r.ReadFile(name)
		}
	})
}
