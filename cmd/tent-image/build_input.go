package main

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/rootfs/compression"
)

// buildInput is the build context dir and the Dockerfile.
type buildInput struct {
	dir        string
	name       string // the Dockerfile's name in messages
	dockerfile []byte
	cleanup    func()
}

// maxStdinContext bounds a context given on stdin.
const maxStdinContext = 8 << 30

// openBuildInput reads the context: a dir, or "-": a tar (compressed or
// not) or a lone Dockerfile on stdin, as docker build.
func openBuildInput(arg, file string) (*buildInput, error) {
	in := &buildInput{cleanup: func() {}, name: "Dockerfile"}
	if arg != "-" {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("unable to prepare context: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("unable to prepare context: %s is not a directory", arg)
		}
		in.dir = arg
		return in, in.readDockerfile(file, filepath.Join(arg, "Dockerfile"))
	}
	if file == "-" {
		return nil, fmt.Errorf("the context and the Dockerfile cannot both be read from stdin")
	}
	tmp, err := os.MkdirTemp("", "tent-build-context-")
	if err != nil {
		return nil, err
	}
	in.cleanup = func() { os.RemoveAll(tmp) }
	in.dir = tmp
	if err := in.readStdin(tmp); err != nil {
		in.cleanup()
		return nil, err
	}
	if in.dockerfile != nil {
		return in, nil
	}
	def := filepath.Join(tmp, "Dockerfile")
	if file != "" && !filepath.IsAbs(file) {
		file = filepath.Join(tmp, filepath.Clean("/"+file))
	}
	if err := in.readDockerfile(file, def); err != nil {
		in.cleanup()
		return nil, err
	}
	return in, nil
}

// readStdin unpacks a tar from stdin into dir, or keeps stdin as the
// Dockerfile when it is not a tar.
func (in *buildInput) readStdin(dir string) error {
	data, err := io.ReadAll(io.LimitReader(os.Stdin, maxStdinContext))
	if err != nil {
		return fmt.Errorf("read context from stdin: %w", err)
	}
	dr, err := compression.Decompress(bytes.NewReader(data))
	if err == nil {
		_, terr := tar.NewReader(dr).Next()
		dr.Close()
		if terr == nil {
			dr, _ = compression.Decompress(bytes.NewReader(data))
			defer dr.Close()
			if _, err := rootfs.Unpack(context.Background(), dr, dir); err != nil {
				return fmt.Errorf("unpack context from stdin: %w", err)
			}
			return nil
		}
	}
	in.dockerfile = data
	return nil
}

func (in *buildInput) readDockerfile(file, def string) error {
	if file == "" {
		file = def
	}
	var err error
	if file == "-" {
		in.dockerfile, err = io.ReadAll(io.LimitReader(os.Stdin, 4<<20))
	} else {
		in.name = filepath.Base(file)
		in.dockerfile, err = os.ReadFile(file)
	}
	if err != nil {
		return fmt.Errorf("read Dockerfile: %w", err)
	}
	return nil
}
