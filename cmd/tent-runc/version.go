package main

import (
	"fmt"
	"runtime/debug"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// version is tent-runc's; the commit comes from the build's VCS stamp.
const version = "0.1.0"

// versionText is `tent-runc --version` in runc's format, which containerd
// and podman parse: "<name> version X", "commit: Y", "spec: Z".
func versionText() string {
	commit := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
		}
	}
	return fmt.Sprintf("tent-runc version %s\ncommit: %s\nspec: %s\n", version, commit, specs.Version)
}
