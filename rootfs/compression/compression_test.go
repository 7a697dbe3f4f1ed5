package compression

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/tent-dev/tent/internal/bufpool"
)

// oneFileTar is a tar stream holding one file.
func oneFileTar(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstdBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecompress(t *testing.T) {
	big := make([]byte, 5*bufpool.Size+123) // crosses readahead chunks
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range big {
		big[i] = byte(rng.IntN(16))
	}
	tarball := oneFileTar(t, "a", "b")
	corrupt := gzipBytes(t, big)
	corrupt[len(corrupt)-6] ^= 0xff // CRC
	tests := []struct {
		name    string
		in      []byte
		want    []byte
		wantErr error
		anyErr  bool
	}{
		{name: "empty", in: nil, want: nil},
		{name: "one byte", in: []byte{0x1f}, want: []byte{0x1f}},
		{name: "plain tar", in: tarball, want: tarball},
		{name: "gzip", in: gzipBytes(t, tarball), want: tarball},
		{name: "gzip big", in: gzipBytes(t, big), want: big},
		{name: "zstd big", in: zstdBytes(t, big), want: big},
		{name: "bzip2", in: readFixture(t, "hello.bz2"), want: []byte("hello bzip2\n")},
		{name: "xz", in: readFixture(t, "hello.xz"), wantErr: ErrUnsupported},
		{name: "gzip corrupt", in: corrupt, anyErr: true},
		{name: "gzip truncated", in: gzipBytes(t, big)[:1000], anyErr: true},
		{name: "zstd truncated", in: zstdBytes(t, big)[:1000], anyErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decompress(bytes.NewReader(tt.in))
			if err == nil {
				var got []byte
				got, err = io.ReadAll(r)
				r.Close()
				if err == nil && !bytes.Equal(got, tt.want) {
					t.Fatalf("got %d bytes, want %d", len(got), len(tt.want))
				}
			}
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			case tt.anyErr && err == nil:
				t.Fatal("no error")
			case tt.wantErr == nil && !tt.anyErr && err != nil:
				t.Fatal(err)
			}
		})
	}
}

// zstdFrame is a zstd frame whose header asks for a window of 2^windowLog
// bytes, holding body in one raw block.
func zstdFrame(windowLog int, body []byte) []byte {
	f := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, byte(windowLog-10) << 3}
	h := 1 | len(body)<<3 // last block, raw, its size
	f = append(f, byte(h), byte(h>>8), byte(h>>16))
	return append(f, body...)
}

// TestZstdWindowLimit: a frame asking for a window over MaxZstdWindow is
// refused before its window is allocated; one at the limit decodes.
func TestZstdWindowLimit(t *testing.T) {
	tests := []struct {
		windowLog int
		ok        bool
	}{
		{20, true},
		{27, true}, // MaxZstdWindow
		{28, false},
		{31, false},
		{41, false},
	}
	body := []byte("window")
	for _, tt := range tests {
		r, err := Decompress(bytes.NewReader(zstdFrame(tt.windowLog, body)))
		var got []byte
		if err == nil {
			got, err = io.ReadAll(r)
			r.Close()
		}
		if tt.ok && (err != nil || !bytes.Equal(got, body)) {
			t.Errorf("window 2^%d: %q, %v", tt.windowLog, got, err)
		}
		if !tt.ok && !errors.Is(err, ErrWindowTooBig) {
			t.Errorf("window 2^%d: err = %v, want ErrWindowTooBig", tt.windowLog, err)
		}
	}
}

func TestDetectCompression(t *testing.T) {
	tests := []struct {
		head []byte
		want Kind
	}{
		{[]byte{0x1f, 0x8b, 0x08, 0}, Gzip},
		{[]byte{0x28, 0xb5, 0x2f, 0xfd}, Zstd},
		{[]byte("BZh9"), Bzip2},
		{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, Xz},
		{[]byte("usr/"), Uncompressed},
		{nil, Uncompressed},
	}
	for _, tt := range tests {
		if got := Detect(tt.head); got != tt.want {
			t.Errorf("%x: %v, want %v", tt.head, got, tt.want)
		}
	}
}

// TestDecompressCloseEarly checks that closing mid-stream stops the
// readahead goroutine.
func TestDecompressCloseEarly(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 10 {
		r, err := Decompress(bytes.NewReader(gzipBytes(t, make([]byte, 20*bufpool.Size))))
		if err != nil {
			t.Fatal(err)
		}
		io.ReadFull(r, make([]byte, 100))
		r.Close()
		if _, err := r.Read(make([]byte, 1)); err == nil {
			t.Error("read after close succeeded")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left, %d before", n, before)
	}
}
