package volume

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/flock"
	"github.com/tent-dev/tent/internal/layout"
)

// ErrNotFound is returned (wrapped) when no volume has the name.
var ErrNotFound = errors.New("no such volume")

// ErrInUse is returned (wrapped) by Remove when containers use the volume.
var ErrInUse = errors.New("volume is in use")

// Temporary dirs in the volumes dir: made (tmp) or being removed (rm).
const tmpPrefix, rmPrefix = ".tmp-", ".rm-"

// Store keeps the volumes under the layout's volumes dir.
type Store struct {
	l   layout.Layout
	now func() time.Time
}

// Open opens (creating if needed) the volume store of l, removing what a
// crashed create or remove left.
func Open(l layout.Layout) (*Store, error) {
	if err := os.MkdirAll(l.VolumesDir(), 0o700); err != nil {
		return nil, fmt.Errorf("open volume store %s: %w", l.VolumesDir(), err)
	}
	s := &Store{l: l, now: time.Now}
	if len(s.leftovers()) > 0 {
		// Under the lock: a create or remove going on in another tent holds
		// it, and its temporary dir is no leftover.
		_ = s.WithLock(func(Locked) error {
			for _, p := range s.leftovers() {
				_ = os.RemoveAll(p)
			}
			return nil
		})
	}
	return s, nil
}

// leftovers are the temporary dirs in the volumes dir.
func (s *Store) leftovers() []string {
	var out []string
	ents, _ := os.ReadDir(s.l.VolumesDir())
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) || strings.HasPrefix(e.Name(), rmPrefix) {
			out = append(out, filepath.Join(s.l.VolumesDir(), e.Name()))
		}
	}
	return out
}

// Create makes the volume name ("" for an anonymous one) with labels. An
// existing volume is returned as it is, with created false (as Docker).
func (s *Store) Create(name string, labels map[string]string) (v *Volume, created bool, err error) {
	err = s.WithLock(func(l Locked) error {
		v, created, err = l.Create(name, labels)
		return err
	})
	return v, created, err
}

// Locked is the store with its lock held (WithLock): a check of who uses a
// volume and the create or remove that depends on it are one step for
// every other tent process.
type Locked struct{ s *Store }

// WithLock runs fn with the store's lock held. A run creates its volumes
// and its container record (which marks them in use) in one WithLock; a
// volume rm lists the users and removes in one: one of the two comes first.
func (s *Store) WithLock(fn func(Locked) error) error {
	unlock, err := s.Lock()
	if err != nil {
		return fmt.Errorf("lock the volumes: %w", err)
	}
	defer unlock()
	return fn(Locked{s})
}

// Create is Store.Create with the lock held.
func (l Locked) Create(name string, labels map[string]string) (v *Volume, created bool, err error) {
	if name == "" {
		if name, err = NewName(); err != nil {
			return nil, false, err
		}
		labels = withLabel(labels, AnonymousLabel, "")
	}
	if err := ValidName(name); err != nil {
		return nil, false, fmt.Errorf("create %s: %w", name, err)
	}
	if v, err := l.s.Get(name); err == nil {
		return v, false, nil
	}
	v = &Volume{Name: name, Driver: "local", Scope: "local", Labels: labels, Options: map[string]string{},
		CreatedAt: l.s.now().UTC().Truncate(time.Second), Mountpoint: l.s.l.VolumeData(name)}
	if v.Labels == nil {
		v.Labels = map[string]string{}
	}
	if err := l.s.make(v); err != nil {
		return nil, false, fmt.Errorf("create volume %s: %w", name, err)
	}
	return v, true, nil
}

// make writes the volume in a temporary dir and renames it into place.
func (s *Store) make(v *Volume) error {
	tmp, err := os.MkdirTemp(s.l.VolumesDir(), tmpPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // gone after the rename
	if err := os.Chmod(tmp, 0o701); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(tmp, "_data"), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(tmp, "volume.json"), b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, s.l.VolumeDir(v.Name))
}

func withLabel(labels map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for lk, lv := range labels {
		out[lk] = lv
	}
	out[k] = v
	return out
}

// Get reads one volume's record.
func (s *Store) Get(name string) (*Volume, error) {
	if ValidName(name) != nil {
		return nil, fmt.Errorf("get %s: %w", name, ErrNotFound)
	}
	b, err := os.ReadFile(s.l.VolumeRecord(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("get %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read volume %s: %w", name, err)
	}
	v := new(Volume)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("read volume %s: %w", name, err)
	}
	v.Mountpoint = s.l.VolumeData(name)
	return v, nil
}

// List is every volume, by name.
func (s *Store) List() ([]*Volume, error) {
	ents, err := os.ReadDir(s.l.VolumesDir())
	if err != nil {
		return nil, fmt.Errorf("list volumes: %w", err)
	}
	var out []*Volume
	for _, e := range ents {
		if !e.IsDir() || ValidName(e.Name()) != nil {
			continue
		}
		v, err := s.Get(e.Name())
		if errors.Is(err, ErrNotFound) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Remove deletes a volume and its content; users are the ids of the
// containers that use it (then it is refused, as Docker).
func (s *Store) Remove(name string, users []string) error {
	return s.WithLock(func(l Locked) error { return l.Remove(name, users) })
}

// Remove is Store.Remove with the lock held.
func (l Locked) Remove(name string, users []string) error {
	s := l.s
	if _, err := s.Get(name); err != nil {
		return fmt.Errorf("remove %s: %w", name, ErrNotFound)
	}
	if len(users) > 0 {
		return fmt.Errorf("remove %s: %w - [%s]", name, ErrInUse, strings.Join(users, ", "))
	}
	gone, err := os.MkdirTemp(s.l.VolumesDir(), rmPrefix)
	if err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	if err := os.Rename(s.l.VolumeDir(name), filepath.Join(gone, name)); err != nil {
		os.Remove(gone)
		return fmt.Errorf("remove %s: %w", name, err)
	}
	if err := os.RemoveAll(gone); err != nil {
		return fmt.Errorf("remove %s: %w", name, err)
	}
	return nil
}

// RemoveAnonymous removes the anonymous volumes among names that inUse
// says no other container uses (rm -v, --rm); named ones stay. Read the
// containers inside the same WithLock.
func (l Locked) RemoveAnonymous(names []string, inUse func(name string) bool) error {
	var errs []error
	for _, n := range names {
		v, err := l.s.Get(n)
		if err != nil || !v.Anonymous() || inUse(n) {
			continue
		}
		if err := l.Remove(n, nil); err != nil && !errors.Is(err, ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Lock holds the store's lock (a copy-up into a fresh volume).
func (s *Store) Lock() (unlock func(), err error) {
	return flock.Path(s.l.VolumesLock(), 0o600, flock.Exclusive)
}

// Size is the bytes of the volume's content (see DirSize).
func (s *Store) Size(name string) int64 { return DirSize(s.l.VolumeData(name)) }

// DirSize is the bytes of what is under dir (files and symlinks; 0 when
// dir is missing), as `system df` counts volumes, containers' upper dirs
// and the build cache.
func DirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Empty says whether the volume's content dir has no entries.
func (s *Store) Empty(name string) (bool, error) {
	f, err := os.Open(s.l.VolumeData(name))
	if err != nil {
		return false, fmt.Errorf("volume %s: %w", name, err)
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) > 0 {
		return false, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("volume %s: %w", name, err)
	}
	return true, nil
}
