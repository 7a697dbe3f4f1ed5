package version

import (
	goruntime "runtime"
	"runtime/debug"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Set at link time (-ldflags "-X github.com/tent-dev/tent/internal/version.GitCommit=…").
var (
	Version   = "0.1.0-dev"
	GitCommit = "" // short commit hash
	Built     = "" // the commit's time, RFC 3339 (reproducible, unlike the build's)
)

// Info is `tent version`'s Client section, with docker version's names.
type Info struct {
	Version     string `json:"Version"`
	GoVersion   string `json:"GoVersion"`
	GitCommit   string `json:"GitCommit"`
	Built       string `json:"BuildTime"`
	Os          string `json:"Os"`
	Arch        string `json:"Arch"`
	RuntimeSpec string `json:"RuntimeSpecVersion"`
}

// Get returns this binary's version information.
func Get() Info {
	in := Info{Version: Version, GoVersion: goruntime.Version(), GitCommit: GitCommit, Built: Built,
		Os: goruntime.GOOS, Arch: goruntime.GOARCH, RuntimeSpec: specs.Version}
	if bi, ok := debug.ReadBuildInfo(); ok {
		fromBuildInfo(&in, bi.Settings)
	}
	if in.GitCommit == "" {
		in.GitCommit = "unknown"
	}
	if in.Built == "" {
		in.Built = "unknown"
	}
	return in
}

// fromBuildInfo fills what -ldflags did not from Go's VCS stamp.
func fromBuildInfo(in *Info, settings []debug.BuildSetting) {
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			if in.GitCommit == "" && len(s.Value) >= 7 {
				in.GitCommit = s.Value[:7]
			}
		case "vcs.time":
			if in.Built == "" {
				in.Built = s.Value
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && in.GitCommit != "" && in.GitCommit != "unknown" {
		in.GitCommit += "-dirty"
	}
}
