package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/network"
)

// The host's resolver files (Docker reads the upstream one when the first
// has only systemd-resolved's loopback stub).
const (
	hostResolvConf     = "/etc/resolv.conf"
	upstreamResolvConf = "/run/systemd/resolve/resolv.conf"
)

// writeEtcFiles writes hostname, hosts and resolv.conf into the container dir.
func writeEtcFiles(dir, name, hostname string, att *network.Attachment) (Files, error) {
	f := Files{
		Hostname: filepath.Join(dir, "hostname"),
		Hosts:    filepath.Join(dir, "hosts"),
		Resolv:   filepath.Join(dir, "resolv.conf"),
	}
	resolv, err := network.HostResolvConf(hostResolvConf, upstreamResolvConf)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return f, err
	}
	var ip string
	var peers map[string]string
	if att != nil {
		ip, peers = att.IP, att.Peers
	}
	for _, w := range []struct {
		path string
		data []byte
	}{{f.Hostname, []byte(hostname + "\n")}, {f.Hosts, network.Hosts(name, hostname, ip, peers)}, {f.Resolv, network.ResolvConf(resolv)}} {
		if err := os.WriteFile(w.path, w.data, 0o644); err != nil {
			return f, fmt.Errorf("write %s: %w", filepath.Base(w.path), err)
		}
	}
	return f, nil
}

// readFileFromLayers reads an absolute path from the merged view of
// layerDirs (lowest first) without mounting anything: the topmost layer
// having it wins; a whiteout hides it. Symlinks resolve inside each layer
// (RESOLVE_IN_ROOT), never on the host. Missing: nil, nil.
func readFileFromLayers(layerDirs []string, path string) ([]byte, error) {
	for i := len(layerDirs) - 1; i >= 0; i-- {
		data, found, err := readInRoot(layerDirs[i], path)
		if err != nil || found {
			return data, err
		}
		if whiteout(layerDirs[i], path) {
			return nil, nil
		}
	}
	return nil, nil
}

func readInRoot(root, path string) ([]byte, bool, error) {
	dfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false, fmt.Errorf("open layer %s: %w", root, err)
	}
	defer unix.Close(dfd)
	fd, err := unix.Openat2(dfd, strings.TrimPrefix(path, "/"), &unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
	})
	if err != nil {
		if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("open %s in layer: %w", path, err)
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, false, nil // a whiteout (char device) or not a file
	}
	data, err := readLimited(f, 4<<20)
	return data, true, err
}

// whiteout reports whether path is deleted in this layer (overlay format:
// a 0/0 char device).
func whiteout(root, path string) bool {
	var st unix.Stat_t
	if err := unix.Lstat(filepath.Join(root, path), &st); err != nil {
		return false
	}
	return st.Mode&unix.S_IFMT == unix.S_IFCHR && st.Rdev == 0
}

func readLimited(f *os.File, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return data, nil
}
