package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path"
	"strings"

	"golang.org/x/sys/unix"
)

// contextGroups collects a COPY's or ADD's sources from the build context
// (an ADD of a URL downloads it; of a local tar, extracts it).
func (b *builder) contextGroups(ctx context.Context, a copyArgs) ([]group, error) {
	var out []group
	for _, src := range a.srcs {
		if a.add && isURL(src) {
			g, err := b.download(ctx, src, a.sum)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
			continue
		}
		gs, err := b.ctxSrc.groups(src)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			g.archive = a.add && len(g.files) == 1 && isArchive(&g.files[0])
			out = append(out, g)
		}
	}
	return out, nil
}

// groups expands one source (glob) into one group per match.
func (s *source) groups(src string) ([]group, error) {
	paths, err := s.expand(src)
	if err != nil {
		return nil, err
	}
	var out []group
	for _, p := range paths {
		files, err := s.collect(p, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, group{files: files})
	}
	return out, nil
}

// collectAll is groups for every source.
func (s *source) collectAll(srcs []string) ([]group, error) {
	var out []group
	for _, src := range srcs {
		gs, err := s.groups(src)
		if err != nil {
			return nil, err
		}
		out = append(out, gs...)
	}
	return out, nil
}

// download fetches an ADD URL into the build's tmp dir, checks its
// --checksum, and makes it a file of mode 0600, as Docker does.
func (b *builder) download(ctx context.Context, src, sum string) (group, error) {
	if b.d.Download == nil {
		return group{}, fmt.Errorf("ADD %s: downloads are not available", src)
	}
	u, err := url.Parse(src)
	if err != nil {
		return group{}, fmt.Errorf("ADD %s: %w", src, err)
	}
	name := path.Base(u.Path)
	if name == "/" || name == "." || name == "" {
		name = "index.html"
	}
	dir, err := os.MkdirTemp(b.tmp, "url-")
	if err != nil {
		return group{}, err
	}
	f, err := os.OpenFile(path.Join(dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return group{}, err
	}
	h := sha256.New()
	err = b.d.Download(ctx, src, writers{f, h})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return group{}, fmt.Errorf("download %s: %w", src, err)
	}
	got := "sha256:" + hex.EncodeToString(h.Sum(nil))
	if sum != "" && !strings.EqualFold(sum, got) {
		return group{}, fmt.Errorf("checksum of %s: got %s, want %s", src, got, sum)
	}
	root, err := os.OpenFile(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return group{}, err
	}
	s := &source{root: root, context: true}
	files, err := s.collect(name, nil)
	return group{files: files}, err
}

// writers writes to both (io.MultiWriter without the allocation).
type writers [2]interface{ Write([]byte) (int, error) }

func (w writers) Write(p []byte) (int, error) {
	if n, err := w[0].Write(p); err != nil {
		return n, err
	}
	return w[1].Write(p)
}
