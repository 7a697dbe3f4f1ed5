package logs

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"
)

// Entry is one json-file line.
type Entry struct {
	Log    string    `json:"log"`
	Stream string    `json:"stream"`
	Time   time.Time `json:"time"`
}

// ReadOptions are `tent logs` flags.
type ReadOptions struct {
	Tail       int       // last N entries; < 0: all
	Since      time.Time // zero: all
	Timestamps bool      // prefix each line with its RFC3339Nano time
	Follow     bool
	// Done reports that the container stopped: -f ends once the file is drained.
	Done func() bool
	// Poll is -f's polling period (default 100ms).
	Poll time.Duration
}

// Read writes the log's entries at path (rotated files first) to stdout and
// stderr by stream, as `tent logs` does.
func Read(ctx context.Context, path string, o ReadOptions, stdout, stderr io.Writer) error {
	out := func(e *Entry) error {
		if !o.Since.IsZero() && e.Time.Before(o.Since) {
			return nil
		}
		w := stdout
		if e.Stream == "stderr" {
			w = stderr
		}
		if o.Timestamps {
			if _, err := io.WriteString(w, e.Time.Format(time.RFC3339Nano)+" "); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, e.Log)
		return err
	}
	var tail []*Entry
	collect := func(e *Entry) error {
		if o.Tail < 0 {
			return out(e)
		}
		tail = append(tail, e)
		if len(tail) > o.Tail {
			tail = tail[1:]
		}
		return nil
	}
	files := rotated(path)
	for _, p := range files[:len(files)-1] {
		if err := readFile(p, collect); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	// The live file stays open: -f goes on from where history ends.
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read log: %w", err)
	}
	defer func() { f.Close() }()
	partial, err := drain(f, nil, collect)
	if err != nil {
		return err
	}
	for _, e := range tail {
		if err := out(e); err != nil {
			return err
		}
	}
	if !o.Follow {
		return nil
	}
	return follow(ctx, path, &f, partial, o, out)
}

// rotated lists path.N … path.1, path (oldest first), those that exist.
func rotated(path string) []string {
	var old []string
	for i := 1; ; i++ {
		p := path + "." + strconv.Itoa(i)
		if _, err := os.Stat(p); err != nil {
			break
		}
		old = append([]string{p}, old...)
	}
	return append(old, path)
}

func readFile(p string, fn func(*Entry) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return decodeAll(bufio.NewReaderSize(f, 64<<10), fn)
}

func decodeAll(r *bufio.Reader, fn func(*Entry) error) error {
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			e := new(Entry)
			if jerr := json.Unmarshal(line, e); jerr == nil {
				if ferr := fn(e); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read log: %w", err)
		}
	}
}

// drain reads f to its end, emitting complete lines; it returns the rest.
func drain(f *os.File, partial []byte, out func(*Entry) error) ([]byte, error) {
	buf := make([]byte, 32<<10)
	for {
		n, err := f.Read(buf)
		partial = append(partial, buf[:n]...)
		partial = emitLines(partial, out)
		if err == io.EOF || n == 0 {
			return partial, nil
		}
		if err != nil {
			return partial, fmt.Errorf("read log: %w", err)
		}
	}
}

// follow reads entries appended to the open live file *fp, across
// rotations, until ctx ends or o.Done reports the container stopped.
func follow(ctx context.Context, path string, fp **os.File, partial []byte, o ReadOptions, out func(*Entry) error) error {
	poll := o.Poll
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	for {
		done := o.Done != nil && o.Done()
		var err error
		if partial, err = drain(*fp, partial, out); err != nil {
			return err
		}
		if nf := reopenIfRotated(path, *fp); nf != nil {
			// The old file may have grown between drain and rotation.
			drain(*fp, partial, out)
			(*fp).Close()
			*fp, partial = nf, partial[:0]
			continue
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(poll):
		}
	}
}

func emitLines(b []byte, out func(*Entry) error) []byte {
	start := 0
	for i, c := range b {
		if c != '\n' {
			continue
		}
		e := new(Entry)
		if json.Unmarshal(b[start:i+1], e) == nil {
			out(e)
		}
		start = i + 1
	}
	return append(b[:0], b[start:]...)
}

// reopenIfRotated opens path again when it is no longer the file f.
func reopenIfRotated(path string, f *os.File) *os.File {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	cur, err := f.Stat()
	if err != nil || sameFile(st, cur) {
		return nil
	}
	nf, err := os.Open(path)
	if err != nil {
		return nil
	}
	return nf
}

func sameFile(a, b os.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && sa.Ino == sb.Ino && sa.Dev == sb.Dev
}
