package logs

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Defaults as `--log-opt max-size=10m --log-opt max-file=3`.
const (
	DefaultMaxSize  = 10 << 20
	DefaultMaxFiles = 3
	// maxLine is where a line without newline is cut (Docker: 16 KiB).
	maxLine = 16 << 10
)

type options struct {
	maxSize  int64
	maxFiles int
	now      func() time.Time
}

// Option configures a Writer.
type Option func(*options)

// WithMaxSize caps one file at n bytes (0 or less: no cap).
func WithMaxSize(n int64) Option { return func(o *options) { o.maxSize = n } }

// WithMaxFiles keeps n files in all, the live one included (at least 1).
func WithMaxFiles(n int) Option { return func(o *options) { o.maxFiles = max(n, 1) } }

// WithClock sets the timestamp source (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// Writer appends json-file entries to a log file, rotating it by size.
// It is safe for concurrent use (stdout and stderr pumps share one).
type Writer struct {
	path string
	o    options
	mu   sync.Mutex
	f    *os.File
	size int64
	buf  []byte
}

// NewWriter opens (appending) the log at path.
func NewWriter(path string, opts ...Option) (*Writer, error) {
	o := options{maxSize: DefaultMaxSize, maxFiles: DefaultMaxFiles, now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	w := &Writer{path: path, o: o}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) open() error {
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	w.f, w.size = f, st.Size()
	return nil
}

// Write appends one entry; line should end with "\n" unless it was cut.
func (w *Writer) Write(stream string, line []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = appendEntry(w.buf[:0], line, stream, w.o.now())
	if w.o.maxSize > 0 && w.size > 0 && w.size+int64(len(w.buf)) > w.o.maxSize {
		if err := w.rotate(); err != nil {
			return err
		}
	}
	n, err := w.f.Write(w.buf)
	w.size += int64(n)
	if cap(w.buf) > 64<<10 {
		w.buf = nil // do not keep a huge buffer in a lean monitor
	}
	if err != nil {
		return fmt.Errorf("write log: %w", err)
	}
	return nil
}

// rotate shifts path.N-1 → path.N … path → path.1 and opens a fresh path.
func (w *Writer) rotate() error {
	w.f.Close()
	if w.o.maxFiles <= 1 {
		if err := os.Truncate(w.path, 0); err != nil {
			return fmt.Errorf("rotate log: %w", err)
		}
		return w.open()
	}
	for i := w.o.maxFiles - 1; i > 1; i-- {
		os.Rename(w.path+"."+strconv.Itoa(i-1), w.path+"."+strconv.Itoa(i))
	}
	if err := os.Rename(w.path, w.path+".1"); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	return w.open()
}

// Close closes the file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.f.Close()
}

// Pump copies r to w as entries of stream, one per line (lines longer than
// 16 KiB are cut), until r ends; a last line without newline is kept too.
// It reads straight into one 4 KiB buffer, grown only while a long line is
// pending (a monitor keeps one pump per stream for the container's life).
func Pump(w *Writer, stream string, r io.Reader) error {
	buf := make([]byte, 0, 4096)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = flushLines(w, stream, buf[:len(buf)+n])
		if err != nil {
			if len(buf) > 0 {
				w.Write(stream, buf)
			}
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("read %s: %w", stream, err)
		}
		if cap(buf) > 64<<10 && len(buf) < 4096 {
			buf = append(make([]byte, 0, 4096), buf...)
		}
	}
}

// flushLines writes each complete (or over-long) line of buf and returns the rest.
func flushLines(w *Writer, stream string, buf []byte) []byte {
	start := 0
	for i := 0; i < len(buf); i++ {
		if buf[i] == '\n' || i-start+1 >= maxLine {
			w.Write(stream, buf[start:i+1])
			start = i + 1
		}
	}
	return append(buf[:0], buf[start:]...)
}

// appendEntry appends {"log":…,"stream":…,"time":…}\n to b.
func appendEntry(b, line []byte, stream string, t time.Time) []byte {
	b = append(b, `{"log":`...)
	b = appendJSONString(b, line)
	b = append(b, `,"stream":"`...)
	b = append(b, stream...)
	b = append(b, `","time":"`...)
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, "\"}\n"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
