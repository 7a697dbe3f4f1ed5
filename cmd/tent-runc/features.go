package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/opencontainers/runtime-spec/specs-go/features"

	"github.com/tent-dev/tent/runtime"
	"github.com/tent-dev/tent/runtime/seccomp"
)

func featuresCmd() *command {
	return &command{
		name: "features", usage: "", maxArgs: 0,
		short: "print what tent-runc supports (runtime-spec features JSON)",
		run: func(*globals, []string) error {
			b, err := json.MarshalIndent(allFeatures(), "", "    ")
			if err != nil {
				return fmt.Errorf("encode features: %w", err)
			}
			_, err = fmt.Fprintln(os.Stdout, string(b))
			return err
		},
	}
}

// allFeatures is the runtime's features with the seccomp compiler's, and
// tent-runc's version as an annotation (as runc gives its own).
func allFeatures() *features.Features {
	f := runtime.Features()
	f.Linux.Seccomp = seccomp.Features()
	f.Annotations = map[string]string{"org.tent-dev.tent-runc.version": version}
	return f
}
