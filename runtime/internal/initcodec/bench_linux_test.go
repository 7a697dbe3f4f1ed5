package initcodec

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs"
)

// realisticConfig is about what tent run sends for a busybox container.
func realisticConfig() *Config {
	spec := testSpec("/bin/true")
	spec.Process.Env = append(spec.Process.Env, "HOSTNAME=0123456789ab", "HOME=/root")
	spec.Process.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Hard: 1048576, Soft: 1048576}}
	mode := os.FileMode(0o666)
	zero := uint32(0)
	for _, n := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		spec.Linux.Devices = append(spec.Linux.Devices,
			specs.LinuxDevice{Path: "/dev/" + n, Type: "c", Major: 1, Minor: 3, FileMode: &mode, UID: &zero, GID: &zero})
	}
	dir := "/var/lib/tent/containers/0123456789ab"
	return &Config{Kind: KindInit, Spec: TrimSpec(spec), Process: spec.Process, Rootfs: dir + "/rootfs",
		RootfsMounts: []rootfs.Mount{{Type: "overlay", Source: "overlay", Target: dir + "/rootfs",
			Options: []string{"lowerdir=l/a1:l/b2:l/c3,upperdir=" + dir + "/upper,workdir=" + dir + "/work"},
			Chdir:   "/var/lib/tent/layers"}},
		CgroupV2: true, CgroupPath: "/tent/0123456789ab", FifoPath: "/run/tent/0123456789ab/exec.fifo", CloneAt: 1 << 40}
}

// BenchmarkInitConfigDecode: warm decoding, binary against JSON.
func BenchmarkInitConfigDecode(b *testing.B) {
	cfg := realisticConfig()
	bin := cfg.Marshal()
	js, _ := json.Marshal(cfg)
	b.Run("binary", func(b *testing.B) {
		b.SetBytes(int64(len(bin)))
		for i := 0; i < b.N; i++ {
			if _, err := Unmarshal(bin); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.SetBytes(int64(len(js)))
		for i := 0; i < b.N; i++ {
			var c Config
			if err := json.Unmarshal(js, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInitConfigColdDecode: the first decode in a new process (the
// test binary re-run as TestInitCodecColdChild), as in a container's init.
// first-decode-ns is the median over b.N processes.
func BenchmarkInitConfigColdDecode(b *testing.B) {
	cfg := realisticConfig()
	js, _ := json.Marshal(cfg)
	for _, codec := range []struct {
		name string
		msg  []byte
	}{{"binary", cfg.Marshal()}, {"json", js}} {
		b.Run(codec.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "cfg")
			if err := os.WriteFile(path, codec.msg, 0o600); err != nil {
				b.Fatal(err)
			}
			var ns []time.Duration
			for i := 0; i < b.N; i++ {
				ns = append(ns, coldDecodeOnce(b, codec.name+":"+path))
			}
			slices.Sort(ns)
			b.ReportMetric(float64(ns[len(ns)/2]), "first-decode-ns")
		})
	}
}

var coldNS = regexp.MustCompile(`(?m)^cold-decode-ns=(\d+)$`)

func coldDecodeOnce(b *testing.B, arg string) time.Duration {
	cmd := exec.Command(os.Args[0], "-test.run=^TestInitCodecColdChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TENT_COLD_DECODE="+arg)
	out, err := cmd.CombinedOutput()
	m := coldNS.FindSubmatch(out)
	if err != nil || m == nil {
		b.Fatalf("cold decode child: %v: %s", err, out)
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return time.Duration(n)
}

// TestInitCodecColdChild does nothing unless run by
// BenchmarkInitConfigColdDecode; it then times one decode.
func TestInitCodecColdChild(t *testing.T) {
	arg := os.Getenv("TENT_COLD_DECODE")
	if arg == "" {
		return
	}
	codec, path, _ := strings.Cut(arg, ":")
	msg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if codec == "json" {
		var c Config
		err = json.Unmarshal(msg, &c)
	} else {
		_, err = Unmarshal(msg)
	}
	d := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("cold-decode-ns=%d\n", d.Nanoseconds())
}

// testSpec is what `runc spec` writes, with Docker's capabilities.
func testSpec(args ...string) *specs.Spec { return testutil.RuncSpec(args...) }
