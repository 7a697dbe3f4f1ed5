package runtime

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/tent-dev/tent/internal/trustedbin"
)

// InitBinaryName is the lean init binary (cmd/tent-init) that the runtime
// re-execs, when it sits beside the running binary, as a container's init and
// as exec's stage-2. It links only the runtime, so it is a fraction of
// tent's size and starts sooner; without it the runtime re-execs itself.
const InitBinaryName = "tent-init"

// initProtocol is argv[2] of a re-exec'd init: the parent and the init must
// come from one build, since the config they exchange is internal. Change it
// whenever initcodec.Config or the sync messages change.
const initProtocol = "tent-init-protocol-2"

// initBinary is the binary an init or exec stage-2 runs, through its
// read-only view (initExe): tent-init beside this executable when trustedbin
// passes it (anything else could be swapped under a root process), else
// /proc/self/exe.
var initBinary = sync.OnceValue(func() string {
	self, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return "/proc/self/exe"
	}
	p := filepath.Join(filepath.Dir(self), InitBinaryName)
	if p != self && trustedbin.Check(p) == nil {
		return p
	}
	return "/proc/self/exe"
})
