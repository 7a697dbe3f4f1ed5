package compression

import (
	"errors"
	"io"
	"sync"

	"github.com/tent-dev/tent/internal/bufpool"
)

// readaheadChunks is how many chunks of bufpool.Size may be decoded ahead.
const readaheadChunks = 4

// readahead reads src in a goroutine into pooled chunks, so that producing
// the bytes (decompressing) and consuming them (writing files) use two CPUs.
type readahead struct {
	full chan chunk
	free chan *[]byte
	done chan struct{}
	once sync.Once
	cur  chunk
	off  int
	err  error
}

type chunk struct {
	buf *[]byte
	n   int
	err error
}

func newReadahead(src io.Reader) *readahead {
	ra := &readahead{
		full: make(chan chunk, readaheadChunks),
		free: make(chan *[]byte, readaheadChunks),
		done: make(chan struct{}),
	}
	for range readaheadChunks {
		ra.free <- bufpool.Get()
	}
	go ra.fill(src)
	return ra
}

// fill runs in its own goroutine until src ends or the reader is closed.
func (ra *readahead) fill(src io.Reader) {
	for {
		var buf *[]byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			return
		}
		n, err := fillBuf(src, *buf)
		select {
		case ra.full <- chunk{buf: buf, n: n, err: err}:
		case <-ra.done:
			bufpool.Put(buf)
			return
		}
		if err != nil {
			return
		}
	}
}

// fillBuf reads until buf is full or src fails. Unlike io.ReadFull it
// keeps src's own error: a truncated gzip stream's io.ErrUnexpectedEOF
// must not pass for a clean end.
func fillBuf(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

var errReadClosed = errors.New("decompress: read after close")

// Read implements io.Reader.
func (ra *readahead) Read(p []byte) (int, error) {
	select {
	case <-ra.done:
		return 0, errReadClosed
	default:
	}
	for ra.off == ra.cur.n {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.cur.buf != nil {
			ra.free <- ra.cur.buf
			ra.cur.buf = nil
		}
		select {
		case c := <-ra.full:
			ra.cur, ra.off, ra.err = c, 0, c.err
		case <-ra.done:
			return 0, errReadClosed
		}
	}
	n := copy(p, (*ra.cur.buf)[ra.off:ra.cur.n])
	ra.off += n
	return n, nil
}

// Close stops the goroutine once its current read returns. It does not wait
// for it: a read blocked on the network ends when the caller closes the source.
func (ra *readahead) Close() error {
	ra.once.Do(func() { close(ra.done) })
	return nil
}
