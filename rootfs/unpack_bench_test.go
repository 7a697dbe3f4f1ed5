package rootfs

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"github.com/tent-dev/tent/rootfs/compression"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

var benchTar = sync.OnceValue(func() []byte {
	return genLayer(3000, 5, 16<<20)
})

// genLayer generates a layer tar: small files of 0–16 KiB spread over
// directories, a symlink and hardlink every 50 files, and nLarge files of
// largeSize. The content is pseudo-random, half compressible.
func genLayer(nSmall, nLarge int, largeSize int64) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	blob := make([]byte, largeSize)
	for i := range blob {
		if i%2 == 0 {
			blob[i] = byte(rng.IntN(256))
		} else {
			blob[i] = 'a'
		}
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	mt := time.Unix(1_600_000_000, 0)
	write := func(h *tar.Header, body []byte) {
		h.ModTime = mt
		if err := tw.WriteHeader(h); err != nil {
			panic(err)
		}
		tw.Write(body)
	}
	for d := 0; d < nSmall/30+1; d++ {
		write(&tar.Header{Typeflag: tar.TypeDir, Name: fmt.Sprintf("usr/lib/d%03d/", d), Mode: 0o755}, nil)
	}
	for i := range nSmall {
		name := fmt.Sprintf("usr/lib/d%03d/f%05d.so", i/30, i)
		body := blob[:rng.IntN(16<<10)]
		write(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(body))}, body)
		if i%50 == 0 {
			write(&tar.Header{Typeflag: tar.TypeSymlink, Name: name + ".lnk", Linkname: filepath.Base(name)}, nil)
			write(&tar.Header{Typeflag: tar.TypeLink, Name: name + ".hard", Linkname: name}, nil)
		}
	}
	for i := range nLarge {
		write(&tar.Header{Typeflag: tar.TypeReg, Name: fmt.Sprintf("opt/big%d.bin", i), Mode: 0o755, Size: largeSize}, blob)
	}
	tw.Close()
	return buf.Bytes()
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// BenchmarkUnpack unpacks a ~110 MB layer of 3000 small and 5 large files
// into a fresh directory per run (ext4 is slow to reuse inodes it freed a
// moment ago), removed after the timing. Set TENT_BENCH_TAR=path to also
// write the tar (and path.gz) for comparing with tar -xf.
func BenchmarkUnpack(b *testing.B) {
	layer := benchTar()
	if p := os.Getenv("TENT_BENCH_TAR"); p != "" {
		os.WriteFile(p, layer, 0o644)
		os.WriteFile(p+".gz", gzipped(layer), 0o644)
	}
	benchUnpack(b, layer, false)
}

// BenchmarkUnpackGzip is BenchmarkUnpack through Decompress of a gzip layer.
func BenchmarkUnpackGzip(b *testing.B) {
	benchUnpack(b, gzipped(benchTar()), true)
}

func benchUnpack(b *testing.B, data []byte, compressed bool) {
	top := b.TempDir()
	b.SetBytes(int64(len(benchTar())))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(top, fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		r, err := compression.Decompress(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Unpack(context.Background(), r, dir); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
