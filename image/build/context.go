package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/sys/unix"
)

// openContext opens the build context dir with its .dockerignore.
func openContext(dir string) (*source, error) {
	root, err := os.OpenFile(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	s := &source{root: root, context: true}
	pm, err := readIgnore(root)
	if err != nil {
		root.Close()
		return nil, err
	}
	s.ignore = pm
	return s, nil
}

// readIgnore reads .dockerignore (Docker's rules: patternmatcher, with
// "!" exceptions).
func readIgnore(root *os.File) (*patternmatcher.PatternMatcher, error) {
	h, err := pathrs.OpenatInRoot(root, ".dockerignore")
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOENT) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf(".dockerignore: %w", err)
	}
	defer h.Close()
	f, err := pathrs.Reopen(h, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf(".dockerignore: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(&limited{f, 1 << 20}); err != nil {
		return nil, fmt.Errorf(".dockerignore: %w", err)
	}
	patterns, err := ignorefile.ReadAll(&buf)
	if err != nil {
		return nil, fmt.Errorf(".dockerignore: %w", err)
	}
	if len(patterns) == 0 {
		return nil, nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, fmt.Errorf(".dockerignore: %w", err)
	}
	return pm, nil
}

type limited struct {
	f *os.File
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("over 1 MiB")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= int64(n)
	return n, err
}
