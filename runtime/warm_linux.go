package runtime

import (
	"encoding/json"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/rootfs"
)

// warmDecoder runs while a spawned init waits for its config. A Go
// process's first json.Unmarshal into a type builds a decoder for every
// struct type it meets and faults in the code doing it: ~0.5 ms for an
// init config, against ~0.05 ms the second time. Decoding a sample of the
// same shape moves that work into time the init spends waiting anyway; the
// real config then decodes warm. The sample is made by code, so that it
// follows the types as they change.
func warmDecoder() {
	b, err := json.Marshal(sampleConfig())
	if err != nil {
		return
	}
	var cfg initConfig
	_ = json.Unmarshal(b, &cfg)
}

// sampleConfig has every struct of an initConfig present once.
func sampleConfig() *initConfig {
	one := uint32(1)
	mode := os.FileMode(0o666)
	p := &specs.Process{
		Args: []string{"x"}, Env: []string{"x=y"}, Cwd: "/", Terminal: true,
		ConsoleSize:     &specs.Box{Height: 1, Width: 1},
		User:            specs.User{UID: 1, GID: 1, AdditionalGids: []uint32{1}, Umask: &one},
		Capabilities:    &specs.LinuxCapabilities{Bounding: []string{"x"}, Effective: []string{"x"}, Permitted: []string{"x"}, Inheritable: []string{"x"}, Ambient: []string{"x"}},
		Rlimits:         []specs.POSIXRlimit{{Type: "x", Hard: 1, Soft: 1}},
		NoNewPrivileges: true, OOMScoreAdj: new(int),
	}
	spec := &specs.Spec{
		Version: "x", Process: p, Root: &specs.Root{Path: "x"}, Hostname: "x",
		Mounts: []specs.Mount{{Destination: "/x", Type: "x", Source: "x", Options: []string{"x"}}},
		Linux: &specs.Linux{
			Devices:     []specs.LinuxDevice{{Path: "/x", Type: "c", Major: 1, Minor: 1, FileMode: &mode, UID: &one, GID: &one}},
			MaskedPaths: []string{"/x"}, ReadonlyPaths: []string{"/x"}, Sysctl: map[string]string{"x": "y"},
		},
	}
	return &initConfig{Kind: kindInit, Spec: spec, Process: p, Rootfs: "/x",
		RootfsMounts: []rootfs.Mount{{Type: "x", Source: "x", Target: "/x", Options: []string{"x"}}},
		Joins:        []namespaceJoin{{Type: "network", Path: "/x"}}}
}
