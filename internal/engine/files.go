package engine

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// defaultNameservers replace a host resolv.conf that has only loopback
// resolvers (systemd-resolved, dnsmasq), which a container cannot reach.
var defaultNameservers = []string{"8.8.8.8", "8.8.4.4"}

// ResolvConf returns the host's resolv.conf with loopback nameservers
// dropped, and Docker's defaults added when none is left.
func ResolvConf(host []byte) []byte {
	var out bytes.Buffer
	servers := 0
	sc := bufio.NewScanner(bytes.NewReader(host))
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "nameserver" {
			if a, err := netip.ParseAddr(f[1]); err == nil && a.IsLoopback() {
				continue
			}
			servers++
		}
		out.WriteString(line + "\n")
	}
	if servers == 0 {
		for _, s := range defaultNameservers {
			out.WriteString("nameserver " + s + "\n")
		}
	}
	return out.Bytes()
}

// Hosts is the container's /etc/hosts: loopback names, and its own name on its IP.
func Hosts(hostname, ip string) []byte {
	var b strings.Builder
	b.WriteString("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
	b.WriteString("fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n")
	if ip != "" {
		fmt.Fprintf(&b, "%s\t%s\n", ip, hostname)
	}
	return []byte(b.String())
}

// writeEtcFiles writes hostname, hosts and resolv.conf into the container dir.
func writeEtcFiles(dir, hostname, ip, hostResolv string) (Files, error) {
	f := Files{
		Hostname: filepath.Join(dir, "hostname"),
		Hosts:    filepath.Join(dir, "hosts"),
		Resolv:   filepath.Join(dir, "resolv.conf"),
	}
	resolv, err := os.ReadFile(hostResolv)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return f, fmt.Errorf("read host resolv.conf: %w", err)
	}
	for _, w := range []struct {
		path string
		data []byte
	}{{f.Hostname, []byte(hostname + "\n")}, {f.Hosts, Hosts(hostname, ip)}, {f.Resolv, ResolvConf(resolv)}} {
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
