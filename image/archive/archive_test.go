package archive

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/random"
)

func TestReaderFollowsLinks(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	add := func(h *tar.Header, body string) {
		h.Size = int64(len(body))
		tw.WriteHeader(h)
		tw.Write([]byte(body))
	}
	add(&tar.Header{Name: "./blobs/sha256/abc", Typeflag: tar.TypeReg, Mode: 0o644}, "layer")
	add(&tar.Header{Name: "id1/layer.tar", Typeflag: tar.TypeSymlink, Linkname: "../blobs/sha256/abc"}, "")
	add(&tar.Header{Name: "hard", Typeflag: tar.TypeLink, Linkname: "blobs/sha256/abc"}, "")
	add(&tar.Header{Name: "loop", Typeflag: tar.TypeSymlink, Linkname: "loop"}, "")
	tw.Close()
	r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"blobs/sha256/abc", "layer", true},
		{"id1/layer.tar", "layer", true},
		{"/hard", "layer", true},
		{"loop", "", false},
		{"missing", "", false},
	}
	for _, tt := range tests {
		b, err := r.ReadFile(tt.name)
		if (err == nil) != tt.ok || string(b) != tt.want {
			t.Errorf("ReadFile(%q) = %q, %v", tt.name, b, err)
		}
	}
}

func TestWriteOCIIsReadable(t *testing.T) {
	img, err := random.Image(1000, 2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteOCI(&buf, []Entry{{Name: "example.com/x:1", Tag: "1", Image: img}}); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Manifests []struct {
			Digest      string
			Annotations map[string]string
		}
	}
	b, _ := r.ReadFile("index.json")
	if err := json.Unmarshal(b, &idx); err != nil || len(idx.Manifests) != 1 {
		t.Fatalf("index.json: %v %s", err, b)
	}
	if got := idx.Manifests[0].Annotations[AnnotationImageName]; got != "example.com/x:1" {
		t.Errorf("name annotation %q", got)
	}
	d, _ := img.Digest()
	if idx.Manifests[0].Digest != d.String() || !r.Has("blobs/sha256/"+d.Hex) || !r.Has("oci-layout") {
		t.Errorf("manifest %s not in the layout", d)
	}
	ls, _ := img.Layers()
	for _, l := range ls {
		h, _ := l.Digest()
		if !r.Has("blobs/sha256/" + h.Hex) {
			t.Errorf("layer %s missing", h)
		}
	}
}
