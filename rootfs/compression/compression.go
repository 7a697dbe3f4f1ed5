package compression

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Kind is the compression of a layer stream, detected by magic bytes.
type Kind int

// The compressions Decompress recognizes.
const (
	Uncompressed Kind = iota
	Gzip
	Zstd
	Bzip2
	Xz
)

// String returns the usual name of the compression.
func (c Kind) String() string {
	switch c {
	case Uncompressed:
		return "uncompressed"
	case Gzip:
		return "gzip"
	case Zstd:
		return "zstd"
	case Bzip2:
		return "bzip2"
	case Xz:
		return "xz"
	}
	return fmt.Sprintf("compression(%d)", int(c))
}

// ErrUnsupported is returned (wrapped) by Decompress for a
// stream whose compression is recognized but not supported (xz).
var ErrUnsupported = errors.New("unsupported compression")

var magics = []struct {
	c     Kind
	magic []byte
}{
	{Gzip, []byte{0x1f, 0x8b, 0x08}},
	{Zstd, []byte{0x28, 0xb5, 0x2f, 0xfd}},
	{Bzip2, []byte{'B', 'Z', 'h'}},
	{Xz, []byte{0xfd, '7', 'z', 'X', 'Z', 0x00}},
}

// Detect tells the compression of a stream from its first bytes.
// Anything unrecognized, including a short or empty header, is Uncompressed.
func Detect(head []byte) Kind {
	for _, m := range magics {
		if bytes.HasPrefix(head, m.magic) {
			return m.c
		}
	}
	return Uncompressed
}

// MaxZstdWindow is the largest zstd window (history the decoder keeps in
// memory) accepted: 128 MiB, the zstd CLI's own default limit
// (ZSTD_WINDOWLOG_LIMIT_DEFAULT, 2^27), so that the layers of one pull
// (at most 8 at once) hold at most 1 GiB of windows. A frame asking for
// more is refused with ErrWindowTooBig.
const MaxZstdWindow = 128 << 20

// ErrWindowTooBig is returned (wrapped) for a zstd frame whose window is
// over MaxZstdWindow.
var ErrWindowTooBig = errors.New("zstd window over the 128 MiB limit")

// zstdReader reads a zstd stream, naming a window over the limit.
type zstdReader struct{ d *zstd.Decoder }

func (z zstdReader) Read(p []byte) (int, error) {
	n, err := z.d.Read(p)
	return n, zstdErr(err)
}

func (z zstdReader) Close() error { z.d.Close(); return nil }

func zstdErr(err error) error {
	if errors.Is(err, zstd.ErrWindowSizeExceeded) || errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		return fmt.Errorf("%w: %w", ErrWindowTooBig, err)
	}
	return err
}

// peekSize is the read buffer in front of the source; it only has to hold
// the longest magic, but a larger one saves read calls on slow sources.
const peekSize = 64 << 10

// Decompress returns a reader of the decompressed content of r, which may be
// gzip, zstd or bzip2 compressed or uncompressed (a plain tar). Gzip is
// decompressed in a goroutine a few MiB ahead of the reader, so that
// decompression overlaps with whatever consumes the stream (unpacking).
// Close releases the decoder; it does not close r.
func Decompress(r io.Reader) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(r, peekSize)
	head, err := br.Peek(6)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decompress: read header: %w", err)
	}
	switch c := Detect(head); c {
	case Gzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("decompress: gzip: %w", err)
		}
		return newReadahead(zr), nil
	case Zstd:
		// The zstd decoder already decodes ahead in its own goroutines.
		zr, err := zstd.NewReader(br, zstd.WithDecoderMaxWindow(MaxZstdWindow),
			zstd.WithDecoderMaxMemory(MaxZstdWindow))
		if err != nil {
			return nil, fmt.Errorf("decompress: zstd: %w", zstdErr(err))
		}
		return zstdReader{zr}, nil
	case Bzip2:
		return newReadahead(bzip2.NewReader(br)), nil
	case Uncompressed:
		return io.NopCloser(br), nil
	default:
		return nil, fmt.Errorf("decompress: %s: %w", c, ErrUnsupported)
	}
}

// GzipWriter is the gzip writer of layers tent writes (commit, build):
// klauspost's, at the default level.
func GzipWriter(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }
