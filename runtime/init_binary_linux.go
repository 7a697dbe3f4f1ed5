package runtime

import (
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"

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
const initProtocol = "tent-init-protocol-3"

// initSource is the binary an init or exec stage-2 runs, through its
// read-only view (initExe), with its identity when it was chosen.
type initSource struct {
	path string
	id   fileID
	err  error // /proc/self/exe could not be stat'ed
}

// initBinary is chosen once per process: tent-init beside this executable
// when trustedbin passes it (anything else could be swapped under a root
// process), else /proc/self/exe. The stat that judged it is kept, so each
// use costs no second stat(2) of it.
var initBinary = sync.OnceValue(func() initSource {
	if self, err := os.Readlink("/proc/self/exe"); err == nil {
		if p := filepath.Join(filepath.Dir(self), InitBinaryName); p != self {
			if st, err := trustedbin.Stat(p); err == nil {
				return initSource{path: p, id: idOf(&st)}
			}
		}
	}
	src, err := statSource("/proc/self/exe")
	if err != nil {
		return initSource{path: src.path, err: err}
	}
	return src
})

// statSource stats the chosen binary again (trustedbin's check for
// tent-init, which could have been replaced by anything).
func statSource(path string) (initSource, error) {
	var st unix.Stat_t
	var err error
	if path == "/proc/self/exe" {
		if err = unix.Stat(path, &st); err != nil {
			err = &os.PathError{Op: "stat", Path: path, Err: err}
		}
	} else {
		st, err = trustedbin.Stat(path)
	}
	if err != nil {
		return initSource{path: path}, err
	}
	return initSource{path: path, id: idOf(&st)}, nil
}
