package engine

import (
	"errors"
	"fmt"
	"os"
)

// cidFile is --cidfile: made (exclusively, as Docker refuses an existing
// one) before anything else, the id written once the record exists,
// removed when the container could not be made. A nil *cidFile is no file.
type cidFile struct {
	path string
	f    *os.File
}

func createCIDFile(path string) (*cidFile, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("container ID file found, make sure the other container isn't running or delete %s", path)
	}
	if err != nil {
		return nil, fmt.Errorf("--cidfile: %w", err)
	}
	return &cidFile{path: path, f: f}, nil
}

// write writes the id and closes the file.
func (c *cidFile) write(id string) error {
	if c == nil || c.f == nil {
		return nil
	}
	_, err := c.f.WriteString(id)
	err = errors.Join(err, c.f.Close())
	c.f = nil
	if err != nil {
		return fmt.Errorf("--cidfile %s: %w", c.path, err)
	}
	return nil
}

// discard removes the file: the container was not made.
func (c *cidFile) discard() {
	if c == nil {
		return
	}
	if c.f != nil {
		_ = c.f.Close()
		c.f = nil
	}
	_ = os.Remove(c.path)
}
