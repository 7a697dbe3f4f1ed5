package seccomp

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
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
// profile again. The key is the compiler version, the moby/profiles
// version, GOARCH, the host kernel's major.minor (Docker's rules depend on
// it), the normalized capability set and the profile's bytes ("default"
// for Docker's). A file is named by a hash of the key and holds the key
// itself, which a hit must match byte for byte: two keys whose names
// collide never share a program, with no cryptographic hash (crypto/sha256
// and the FIPS packages it pulls in cost every tent-runc command's start
// their package inits). A file ends with a checksum of what precedes it; a
// corrupt or truncated file is recompiled and replaced. Writes are best
// effort (internal/atomicfile): a failed write leaves the cache cold and
// never fails the call.
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
	key := cacheKey(kind, data, caps)
	path := filepath.Join(c.dir, cacheName(key)+".bpf")
	if p, ok := readCached(path, key); ok {
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
	_ = writeCached(c.dir, path, key, p) // best effort, see Cache
	return p, nil
}

func cacheKey(kind string, data []byte, caps []string) []byte {
	cs := normCaps(caps)
	sort.Strings(cs)
	cs = slices.Compact(cs)
	key := fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", compilerVersion, mobyVersion(), runtime.GOARCH,
		kernelVersion(), kind, strings.Join(cs, ","))
	return append(key, data...)
}

// cacheName is the file name of key: its 128-bit FNV-1a hash in hex. A
// collision costs a recompile, never a wrong program (readCached compares
// the key).
func cacheName(key []byte) string {
	h := fnv.New128a()
	h.Write(key)
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

// A cache file is: uvarint len(key), key, the program, then checksumSize
// bytes of FNV-64a over all of that (corruption, not an attacker: the dir
// is the caller's, 0700).
const checksumSize = 8

func checksum(b []byte) []byte {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum(nil)
}

func readCached(path string, key []byte) (Program, bool) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < checksumSize {
		return Program{}, false
	}
	body, sum := b[:len(b)-checksumSize], b[len(b)-checksumSize:]
	if !bytes.Equal(checksum(body), sum) {
		return Program{}, false
	}
	n, k := binary.Uvarint(body)
	if k <= 0 || n > uint64(len(body)-k) || !bytes.Equal(body[k:k+int(n)], key) {
		return Program{}, false
	}
	var p Program
	if err := p.UnmarshalBinary(body[k+int(n):]); err != nil {
		return Program{}, false
	}
	return p, true
}

func writeCached(dir, path string, key []byte, p Program) error {
	prog, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	body := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(key)+len(prog)+checksumSize), uint64(len(key)))
	body = append(append(body, key...), prog...)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(body, checksum(body)...), 0o600)
}
