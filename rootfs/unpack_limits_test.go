package rootfs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tent-dev/tent/internal/testimage"
)

const tib = int64(1) << 40

// TestUnpackLimits: each bomb is refused with ErrTooBig before it writes
// much, and a layer just within each limit unpacks.
func TestUnpackLimits(t *testing.T) {
	files := func(n, size int) []byte {
		var es []tentry
		for i := range n {
			es = append(es, tfile("f"+string(rune('a'+i)), strings.Repeat("x", size)))
		}
		return mkTar(t, es...)
	}
	dirs := func(n int) []byte {
		var es []tentry
		for i := range n {
			es = append(es, tdir("d"+string(rune('a'+i))+"/", 0o755))
		}
		return mkTar(t, es...)
	}
	data := []byte("data")
	tests := []struct {
		name    string
		tar     []byte
		opts    []UnpackOption
		wantErr string // in the error, which wraps ErrTooBig; "" for success
	}{
		{"sparse gnu 1 TiB", testimage.SparseTar(testimage.SparseGNU, "big", tib, 0, data), nil, "sparse file of 1099511627776 bytes"},
		{"sparse pax 1.0 1 TiB", testimage.SparseTar(testimage.SparsePAX1_0, "big", tib, tib/2, data), nil, "sparse file of 1099511627776 bytes"},
		{"sparse pax 0.1 1 TiB", testimage.SparseTar(testimage.SparsePAX0_1, "big", tib, tib-4, data), nil, "sparse file of 1099511627776 bytes"},
		{"size over", files(2, 3000), []UnpackOption{WithMaxSize(5000)}, "file of 3000 bytes takes the layer over its limit of 5000 bytes"},
		{"size at limit", files(3, 1000), []UnpackOption{WithMaxSize(10 << 10)}, ""},
		{"entries over", files(5, 1), []UnpackOption{WithMaxEntries(4)}, "more than 4 entries"},
		{"entries at limit", files(5, 1), []UnpackOption{WithMaxEntries(5)}, ""},
		{"stream over", dirs(20), []UnpackOption{WithMaxSize(8 << 10)}, "tar stream longer than the limit of 8192 bytes"},
		{"trailing zeros over", append(files(1, 1), make([]byte, maxTrailing+1024)...), nil, "bytes of data after the end of the tar"},
		{"trailing padding", append(files(1, 1), make([]byte, 10240)...), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSandbox(t)
			_, err := Unpack(context.Background(), bytes.NewReader(tt.tar), s.layer, append(tt.opts, WithoutChown())...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want ErrTooBig with %q", err, tt.wantErr)
			}
			if strings.Contains(tt.name, "sparse") {
				if _, err := os.Lstat(filepath.Join(s.layer, "big")); !os.IsNotExist(err) {
					t.Errorf("the refused sparse file was created: %v", err)
				}
			}
		})
	}
}

// TestUnpackSparseHoles: a sparse file within the limit is unpacked with
// its content, its full size and holes that take no disk space.
func TestUnpackSparseHoles(t *testing.T) {
	const size = 64 << 20
	data := bytes.Repeat([]byte("sparse!"), 1000)
	for _, format := range []testimage.SparseFormat{testimage.SparseGNU, testimage.SparsePAX1_0, testimage.SparsePAX0_1} {
		t.Run(string(format), func(t *testing.T) {
			s := newSandbox(t)
			off := int64(size / 2)
			st, err := Unpack(context.Background(), bytes.NewReader(testimage.SparseTar(format, "big", size, off, data)),
				s.layer, WithoutChown())
			if err != nil {
				t.Fatal(err)
			}
			if st.Size != size || st.Files != 1 {
				t.Errorf("stats %+v", st)
			}
			p := filepath.Join(s.layer, "big")
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got := make([]byte, len(data)+2)
			if _, err := f.ReadAt(got, off-1); err != nil {
				t.Fatal(err)
			}
			if got[0] != 0 || got[len(got)-1] != 0 || !bytes.Equal(got[1:len(got)-1], data) {
				t.Errorf("content around the data is wrong")
			}
			fi, _ := f.Stat()
			if blocks := fi.Sys().(*syscall.Stat_t).Blocks * 512; fi.Size() != size || blocks > 1<<20 {
				t.Errorf("size %d, %d bytes on disk: holes were written", fi.Size(), blocks)
			}
		})
	}
}

// TestDiscard: the hash-only pass over a layer is bounded as Unpack is.
func TestDiscard(t *testing.T) {
	tests := []struct {
		n, max int
		ok     bool
	}{
		{100, 100, true},
		{101, 100, false},
		{10 << 20, 1 << 20, false},
		{1 << 20, 0, true}, // the default
	}
	for _, tt := range tests {
		err := Discard(bytes.NewReader(make([]byte, tt.n)), WithMaxSize(int64(tt.max)))
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrTooBig)) {
			t.Errorf("%d bytes, limit %d: err = %v", tt.n, tt.max, err)
		}
	}
}
