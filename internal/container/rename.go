package container

import (
	"fmt"
	"strings"

	"github.com/tent-dev/tent/internal/flock"
)

// Rename gives container id the name newName: the new name is reserved
// first (so two renames to one name cannot both win), then the record
// changes, then the old name is released.
func (s *Store) Rename(id, newName string) (oldName string, err error) {
	newName = strings.TrimPrefix(newName, "/")
	if newName == "" {
		return "", fmt.Errorf("rename: the new name may not be empty")
	}
	if !ValidName(newName) {
		return "", fmt.Errorf("invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", newName)
	}
	unlock, err := flock.Path(s.l.ContainersLock(), 0o600, flock.Exclusive)
	if err != nil {
		return "", fmt.Errorf("rename container: %w", err)
	}
	defer unlock()
	r, err := s.read(id)
	if err != nil {
		return "", err
	}
	if r.Name == newName {
		return "", fmt.Errorf("renaming a container with the same name as its current name")
	}
	if err := s.takeName(newName, id); err != nil {
		return "", err
	}
	if err := s.Update(id, func(r *Record) error {
		oldName = r.Name
		r.Name = newName
		return nil
	}); err != nil {
		s.releaseName(newName, id)
		return "", err
	}
	s.releaseName(oldName, id)
	return oldName, nil
}
