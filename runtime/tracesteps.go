package runtime

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// The names of the init's traced steps (tent run --trace), built only
// when tracing.

// rootfsStepName names the rootfs mount: the overlay with its lower layers
// counted, or the bind of a plain rootfs dir.
func rootfsStepName(cfg *initcodec.Config) string {
	for _, m := range cfg.RootfsMounts {
		if m.Type == "overlay" {
			for _, o := range m.Options {
				if v, ok := strings.CutPrefix(o, "lowerdir="); ok {
					return fmt.Sprintf("mount overlay rootfs (%d lowerdirs)", strings.Count(v, ":")+1)
				}
			}
			return "mount overlay rootfs"
		}
	}
	if len(cfg.RootfsMounts) > 0 {
		return fmt.Sprintf("mount rootfs (%d mounts)", len(cfg.RootfsMounts))
	}
	return "bind rootfs onto itself"
}

// mountStepName is "mount TYPE on DEST" or "bind mount on DEST" (the
// source is often a path with the container's id: steps keep one name
// from run to run).
func mountStepName(s mountStep) string {
	if s.Kind == mountBind {
		return "bind mount on " + s.Dest
	}
	return "mount " + s.Type + " on " + s.Dest
}

// capCount is the size of the bounding set asked for.
func capCount(c *specs.LinuxCapabilities) int {
	if c == nil {
		return 0
	}
	return len(c.Bounding)
}
