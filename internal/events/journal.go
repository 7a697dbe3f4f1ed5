package events

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Default bounds: 4 segments of 512 KiB (some thousands of events each).
const (
	DefaultSegmentSize = 512 << 10
	DefaultKeep        = 4
	segmentExt         = ".jsonl"
	lockName           = "lock"
)

// Journal is the event journal in one directory.
type Journal struct {
	Dir string
	// SegmentSize is the size past which the next append starts a new
	// segment; Keep is how many segments are kept (at least 2).
	SegmentSize int64
	Keep        int
}

// Open is the journal in dir with the default bounds; dir is made on the
// first append.
func Open(dir string) *Journal {
	return &Journal{Dir: dir, SegmentSize: DefaultSegmentSize, Keep: DefaultKeep}
}

// Append writes ev to the journal in dir (the state root's events dir),
// with the default bounds: the one call other commands need. An empty dir
// is no journal: nothing is written.
func Append(dir string, ev Event) error {
	if dir == "" {
		return nil
	}
	return Open(dir).Append(ev)
}

// Append adds ev as one line, in one write(2).
func (j *Journal) Append(ev Event) error {
	line := append(ev.appendJSON(make([]byte, 0, 512)), '\n')
	lock, err := j.lock(unix.LOCK_SH)
	if err != nil {
		return err
	}
	size, seq, err := j.write(line)
	unix.Close(lock)
	if err != nil {
		return err
	}
	if size >= j.SegmentSize {
		return j.rotate(seq)
	}
	return nil
}

// lock opens <dir>/lock and flocks it (how: LOCK_SH or LOCK_EX); close the
// fd to unlock.
func (j *Journal) lock(how int) (int, error) {
	if err := os.MkdirAll(j.Dir, 0o700); err != nil {
		return -1, fmt.Errorf("events dir: %w", err)
	}
	fd, err := unix.Open(filepath.Join(j.Dir, lockName), unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return -1, fmt.Errorf("events lock: %w", err)
	}
	for {
		err = unix.Flock(fd, how)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("events lock: %w", err)
	}
	return fd, nil
}

// write appends line to the newest segment and returns its size after.
func (j *Journal) write(line []byte) (int64, uint64, error) {
	seqs, err := j.segments()
	if err != nil {
		return 0, 0, err
	}
	seq := uint64(1)
	if len(seqs) > 0 {
		seq = seqs[len(seqs)-1]
	}
	fd, err := unix.Open(j.segmentPath(seq), unix.O_RDWR|unix.O_APPEND|unix.O_CREAT|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return 0, 0, fmt.Errorf("open events segment: %w", err)
	}
	defer unix.Close(fd)
	if tornTail(fd) {
		line = append([]byte{'\n'}, line...) // end the cut line: ours starts fresh
	}
	n, err := unix.Write(fd, line)
	if err == nil && n != len(line) {
		err = errors.New("short write")
	}
	if err != nil {
		return 0, 0, fmt.Errorf("append event: %w", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, 0, fmt.Errorf("stat events segment: %w", err)
	}
	return st.Size, seq, nil
}

// tornTail reports whether the segment's last byte is not a newline: a
// writer died in the middle of its line.
func tornTail(fd int) bool {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Size == 0 {
		return false
	}
	b := make([]byte, 1)
	n, err := unix.Pread(fd, b, st.Size-1)
	return err == nil && n == 1 && b[0] != '\n'
}

// rotate starts segment seq+1 when seq is still the newest, and removes
// the oldest segments beyond Keep.
func (j *Journal) rotate(seq uint64) error {
	lock, err := j.lock(unix.LOCK_EX)
	if err != nil {
		return err
	}
	defer unix.Close(lock)
	seqs, err := j.segments()
	if err != nil {
		return err
	}
	if len(seqs) == 0 || seqs[len(seqs)-1] != seq {
		return nil // another writer rotated already
	}
	fd, err := unix.Open(j.segmentPath(seq+1), unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return fmt.Errorf("new events segment: %w", err)
	}
	unix.Close(fd)
	seqs = append(seqs, seq+1)
	for _, old := range seqs[:max(0, len(seqs)-max(j.Keep, 2))] {
		if err := os.Remove(j.segmentPath(old)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove old events segment: %w", err)
		}
	}
	return nil
}

// segments are the sequence numbers of the segments there, oldest first.
func (j *Journal) segments() ([]uint64, error) {
	ents, err := os.ReadDir(j.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	var seqs []uint64
	for _, e := range ents {
		base, ok := strings.CutSuffix(e.Name(), segmentExt)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if n, err := strconv.ParseUint(base, 10, 64); err == nil {
			seqs = append(seqs, n)
		}
	}
	slices.Sort(seqs)
	return seqs, nil
}

func (j *Journal) segmentPath(seq uint64) string {
	return filepath.Join(j.Dir, fmt.Sprintf("%016d%s", seq, segmentExt))
}
