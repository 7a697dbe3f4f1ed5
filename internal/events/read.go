package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// PollInterval is how often Follow looks for new events.
const PollInterval = 100 * time.Millisecond

// Reader reads the journal in order, from its oldest event on; it remembers
// where it is, so that Poll again returns only what was appended since.
type Reader struct {
	j   *Journal
	seq uint64 // segment being read; 0 before the first
	off int64  // bytes of it read through their newline
}

// Reader starts at the oldest event kept.
func (j *Journal) Reader() *Reader { return &Reader{j: j} }

// Poll calls fn with each event appended since the last Poll (every event,
// the first time), oldest first, until fn returns false. A line that does
// not parse (cut by a crash) is skipped; a last line without its newline
// yet is left for the next Poll.
func (r *Reader) Poll(fn func(Event) bool) (more bool, err error) {
	seqs, err := r.j.segments()
	if err != nil {
		return false, err
	}
	for i, seq := range seqs {
		if seq < r.seq {
			continue
		}
		if seq > r.seq { // the next segment (or ours was rotated away)
			r.seq, r.off = seq, 0
		}
		newest := i == len(seqs)-1
		if more, err := r.segment(fn, newest); err != nil || !more {
			return more, err
		}
	}
	return true, nil
}

// segment reads the current segment from r.off to its end.
func (r *Reader) segment(fn func(Event) bool, newest bool) (bool, error) {
	f, err := os.Open(r.j.segmentPath(r.seq))
	if errors.Is(err, os.ErrNotExist) {
		return true, nil // rotated away meanwhile: the next one follows
	}
	if err != nil {
		return false, fmt.Errorf("open events segment: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.NewSectionReader(f, r.off, 1<<40))
	if err != nil {
		return false, fmt.Errorf("read events segment: %w", err)
	}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			if !newest { // never finished: a newer segment exists
				r.off += int64(len(b))
			}
			break
		}
		line := b[:nl]
		b = b[nl+1:]
		r.off += int64(nl + 1)
		var ev Event
		if len(line) == 0 || json.Unmarshal(line, &ev) != nil {
			continue
		}
		if !fn(ev) {
			return false, nil
		}
	}
	return true, nil
}

// Follow calls fn with every event kept, then with each new one as it is
// appended, until fn returns false or ctx ends.
func (j *Journal) Follow(ctx context.Context, fn func(Event) bool) error {
	r := j.Reader()
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		more, err := r.Poll(fn)
		if err != nil || !more {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
