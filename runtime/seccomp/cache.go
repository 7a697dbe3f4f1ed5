package seccomp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/atomicfile"
)

// compilerVersion changes whenever the compiler's output for a given
// profile may change; it is part of every cache key.
const compilerVersion = "tent-seccomp-1"

// Cache keeps compiled programs in files under a directory the caller
// owns (e.g. the state dir), so a run does not pay for compiling the same
// profile again. The key is a SHA-256 over the compiler version, the
// moby/profiles version, GOARCH, the host kernel's major.minor (Docker's
// rules depend on it), the normalized capability set and the profile's
// bytes ("default" for Docker's). A file ends with the SHA-256 of what
// precedes it; a corrupt or truncated file is recompiled and replaced.
// Writes are best effort (internal/atomicfile): a failed write leaves the
// cache cold and never fails the call.
type Cache struct {
	dir string
}

// NewCache returns a cache in dir, which is created (0700) on first write.
func NewCache(dir string) *Cache { return &Cache{dir: dir} }

// Default returns Docker's default profile compiled for caps.
func (c *Cache) Default(caps []string) (Program, error) {
	return c.get("default", nil, caps, func() (*specs.LinuxSeccomp, error) { return DefaultProfile(caps) })
}

// Profile returns the Docker-format JSON profile data compiled for caps.
func (c *Cache) Profile(data []byte, caps []string) (Program, error) {
	return c.get("json", data, caps, func() (*specs.LinuxSeccomp, error) { return ParseProfile(data, caps) })
}

// Spec returns a runtime-spec seccomp section compiled, keyed by its JSON
// encoding: what a runtime given a whole spec (a bundle's config.json, or
// the spec tent run builds with the default profile in it) uses.
func (c *Cache) Spec(p *specs.LinuxSeccomp) (Program, error) {
	if p == nil {
		return Program{}, errors.New("compile seccomp profile: no profile")
	}
	data, err := json.Marshal(p)
	if err != nil {
		return Program{}, fmt.Errorf("compile seccomp profile: %w", err)
	}
	return c.get("spec", data, nil, func() (*specs.LinuxSeccomp, error) { return p, nil })
}

func (c *Cache) get(kind string, data []byte, caps []string, build func() (*specs.LinuxSeccomp, error)) (Program, error) {
	path := filepath.Join(c.dir, cacheKey(kind, data, caps)+".bpf")
	if p, ok := readCached(path); ok {
		return p, nil
	}
	prof, err := build()
	if err != nil {
		return Program{}, err
	}
	p, err := Compile(prof)
	if err != nil {
		return Program{}, err
	}
	_ = writeCached(c.dir, path, p) // best effort, see Cache
	return p, nil
}

func cacheKey(kind string, data []byte, caps []string) string {
	cs := normCaps(caps)
	sort.Strings(cs)
	cs = slices.Compact(cs)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", compilerVersion, mobyVersion(), runtime.GOARCH,
		kernelVersion(), kind, strings.Join(cs, ","))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// mobyVersion is the linked moby/profiles module's version and checksum.
var mobyVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/moby/profiles/seccomp" {
				return d.Version + " " + d.Sum
			}
		}
	}
	return "unknown"
})

// kernelVersion is the host kernel's "major.minor", what moby compares.
var kernelVersion = sync.OnceValue(func() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "unknown"
	}
	r := unix.ByteSliceToString(u.Release[:])
	if i := strings.IndexFunc(r, func(c rune) bool { return c != '.' && (c < '0' || c > '9') }); i >= 0 {
		r = r[:i]
	}
	if parts := strings.SplitN(r, ".", 3); len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return r
})

func readCached(path string) (Program, bool) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < sha256.Size {
		return Program{}, false
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return Program{}, false
	}
	var p Program
	if err := p.UnmarshalBinary(body); err != nil {
		return Program{}, false
	}
	return p, true
}

func writeCached(dir, path string, p Program) error {
	body, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(body, sum[:]...), 0o600)
}
