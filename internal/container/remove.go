package container

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/flock"
)

// Remove deletes the container's record, dir and name. It is idempotent.
func (s *Store) Remove(id string) error {
	if !isFullID(id) {
		return fmt.Errorf("remove container: invalid id %q", id)
	}
	// Under the record lock: an Update (a List reconciling the container)
	// either comes first or finds the record gone, never writes it back.
	unlock, err := flock.Dir(s.l.ContainerDir(id), flock.Exclusive)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remove container %s: %w", id, err)
	}
	defer unlock()
	r, _ := s.read(id)
	// Drop the record first: the container is gone for readers from here on.
	if err := os.Remove(s.l.RecordFile(id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove container %s: %w", id, err)
	}
	if r != nil {
		s.releaseName(r.Name, id)
	}
	return removeDir(s.l.ContainerDir(id))
}

// removeDir removes a container's dir. A command that locked the
// container (Lock) as it went may have made its op.lock anew inside: a
// second pass takes it.
func removeDir(dir string) error {
	err := os.RemoveAll(dir)
	for i := 0; i < 3 && errors.Is(err, unix.ENOTEMPTY); i++ {
		err = os.RemoveAll(dir)
	}
	if err != nil {
		return fmt.Errorf("remove container dir %s: %w", filepath.Base(dir), err)
	}
	return nil
}
