package container

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/flock"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/procfs"
)

// ErrNotFound is returned (wrapped) when no container matches an id, id prefix or name.
var ErrNotFound = errors.New("no such container")

// ErrNameInUse is returned (wrapped) by Create when the name is taken.
var ErrNameInUse = errors.New("name already in use")

// ErrAmbiguous is returned (wrapped) by Get when an id prefix matches several containers.
var ErrAmbiguous = errors.New("multiple containers match")

// Store keeps container records under the layout's containers dir, e.g.
// /var/lib/tent/containers.
type Store struct {
	l layout.Layout
	// now is the clock (tests).
	now func() time.Time
}

// Open opens (creating if needed) the container store of l.
func Open(l layout.Layout) (*Store, error) {
	if err := os.MkdirAll(l.NamesDir(), 0o700); err != nil {
		return nil, fmt.Errorf("open container store %s: %w", l.ContainersDir(), err)
	}
	return &Store{l: l, now: time.Now}, nil
}

// Layout is the store's layout: where each container's files are.
func (s *Store) Layout() layout.Layout { return s.l }

// Create assigns r an id (when empty) and a name (when empty), reserves the
// name, makes the container's dir and writes its first record.
func (s *Store) Create(r *Record) error {
	if r.ID == "" {
		id, err := NewID()
		if err != nil {
			return err
		}
		r.ID = id
	}
	if !isFullID(r.ID) {
		return fmt.Errorf("create container: invalid id %q", r.ID)
	}
	if r.Created.IsZero() {
		r.Created = s.now().UTC()
	}
	if r.State.Status == "" {
		r.State.Status = StatusCreated
	}
	unlock, err := flock.Path(s.l.ContainersLock(), 0o600, flock.Exclusive)
	if err != nil {
		return fmt.Errorf("create container: %w", err)
	}
	defer unlock()
	if err := s.reserveName(r); err != nil {
		return err
	}
	if err := os.Mkdir(s.l.ContainerDir(r.ID), 0o710); err != nil {
		s.releaseName(r.Name, r.ID)
		return fmt.Errorf("create container dir: %w", err)
	}
	if err := s.write(r); err != nil {
		s.releaseName(r.Name, r.ID)
		os.RemoveAll(s.l.ContainerDir(r.ID))
		return err
	}
	return nil
}

// Get finds a container by full id, name or unique id prefix (in that order).
func (s *Store) Get(ref string) (*Record, error) {
	id, err := s.Resolve(ref)
	if err != nil {
		return nil, err
	}
	r, err := s.read(id)
	if err != nil {
		return nil, err
	}
	return s.Reconcile(r), nil
}

// Resolve turns a full id, name or unique id prefix into a full id.
func (s *Store) Resolve(ref string) (string, error) {
	ref = strings.TrimPrefix(ref, "/")
	if ref == "" || strings.ContainsAny(ref, "/\x00") || ref == "." || ref == ".." {
		return "", fmt.Errorf("%s: %w", ref, ErrNotFound)
	}
	if isFullID(ref) && s.exists(ref) {
		return ref, nil
	}
	if owner, err := procfs.ReadFile(s.l.NameFile(ref), nil); err == nil && s.exists(string(owner)) {
		return string(owner), nil
	}
	if !isHex(ref) {
		return "", fmt.Errorf("%s: %w", ref, ErrNotFound)
	}
	ids, err := s.ids()
	if err != nil {
		return "", err
	}
	return matchPrefix(ids, ref)
}

// matchPrefix picks the one id starting with prefix.
func matchPrefix(ids []string, prefix string) (string, error) {
	var found string
	n := 0
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			found = id
			n++
		}
	}
	switch n {
	case 0:
		return "", fmt.Errorf("%s: %w", prefix, ErrNotFound)
	case 1:
		return found, nil
	}
	return "", fmt.Errorf("%s: %w (%d)", prefix, ErrAmbiguous, n)
}

// listWorkers read records side by side in List.
const listWorkers = 4

// List returns every container's record, newest first.
func (s *Store) List() ([]*Record, error) {
	ids, err := s.ids()
	if err != nil {
		return nil, err
	}
	// Each record is a file read and a /proc read: a few workers overlap
	// them (ps with many containers).
	recs := make([]*Record, len(ids))
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range min(listWorkers, len(ids)) {
		wg.Go(func() {
			buf := make([]byte, 0, 4096) // a record is about 1 KiB: one per worker, reused
			for i := int(next.Add(1) - 1); i < len(ids); i = int(next.Add(1) - 1) {
				if r, err := s.readInto(ids[i], &buf); err == nil { // else being created or removed
					recs[i] = s.Reconcile(r)
				}
			}
		})
	}
	wg.Wait()
	out := make([]*Record, 0, len(ids))
	for _, r := range recs {
		if r != nil {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

// UpdateOption changes how Update writes.
type UpdateOption func(*updateOptions)

type updateOptions struct{ volatile bool }

// Volatile is for the record of a container removed when it exits (--rm):
// the new record replaces the old without ext4 writing it out at once (see
// atomicfile.Volatile); after a power loss the record may be empty.
func Volatile() UpdateOption { return func(o *updateOptions) { o.volatile = true } }

// Update reads the record, lets fn change it and writes it back, all under
// the container's record lock. When fn fails nothing is written.
func (s *Store) Update(id string, fn func(*Record) error, opts ...UpdateOption) error {
	var o updateOptions
	for _, f := range opts {
		f(&o)
	}
	unlock, err := flock.Dir(s.l.ContainerDir(id), flock.Exclusive)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: %w", id, ErrNotFound)
		}
		return fmt.Errorf("update container %s: %w", id, err)
	}
	defer unlock()
	r, err := s.read(id)
	if err != nil {
		return err
	}
	if err := fn(r); err != nil {
		return err
	}
	if o.volatile {
		return s.write(r, atomicfile.Volatile())
	}
	return s.write(r)
}

// Lock takes the container's operation lock, which serializes commands on
// one container (stop, rm, start...). It does not block Update.
func (s *Store) Lock(id string) (unlock func(), err error) {
	unlock, err = flock.Path(s.l.OpLock(id), 0o600, flock.Exclusive)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
		}
		return nil, fmt.Errorf("lock container %s: %w", id, err)
	}
	return unlock, nil
}

func (s *Store) exists(id string) bool {
	_, err := os.Stat(s.l.RecordFile(id))
	return err == nil
}

// ids lists the dirs that look like container ids.
func (s *Store) ids() ([]string, error) {
	ents, err := os.ReadDir(s.l.ContainersDir())
	if err != nil {
		return nil, fmt.Errorf("list containers: %w", err)
	}
	ids := make([]string, 0, len(ents))
	for _, e := range ents {
		if e.IsDir() && isFullID(e.Name()) {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

func (s *Store) read(id string) (*Record, error) { return s.readInto(id, nil) }

// readInto reads the record of id through *buf (grown as needed; json
// keeps none of it).
func (s *Store) readInto(id string, buf *[]byte) (*Record, error) {
	var b []byte
	if buf != nil {
		b = *buf
	}
	b, err := procfs.ReadFile(s.l.RecordFile(id), b)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
		}
		return nil, fmt.Errorf("read container %s: %w", id, err)
	}
	if buf != nil {
		*buf = b
	}
	r, err := unmarshalRecord(b)
	if err != nil {
		return nil, fmt.Errorf("read container %s: %w", id, err)
	}
	return r, nil
}

// write replaces record.json atomically (temp file + rename).
func (s *Store) write(r *Record, opts ...atomicfile.Option) error {
	b, err := marshalRecord(r)
	if err != nil {
		return fmt.Errorf("write container %s: %w", r.ID, err)
	}
	if err := atomicfile.WriteFile(s.l.RecordFile(r.ID), b, 0o600, opts...); err != nil {
		return fmt.Errorf("write container %s: %w", r.ID, err)
	}
	return nil
}
