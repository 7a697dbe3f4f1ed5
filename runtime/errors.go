package runtime

import (
	"errors"
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Errors callers match (the runc shim matches the first two by their text).
var (
	ErrNotExist   = errors.New("container does not exist")
	ErrNotRunning = errors.New("container not running")
	ErrExist      = errors.New("container already exists")
	ErrRunning    = errors.New("container is running")
	// ErrStopped and ErrNotCreated are Start's refusals, in runc's words.
	ErrStopped    = errors.New("cannot start a container that has stopped")
	ErrNotCreated = errors.New("cannot start an already running container")
)

// StatePaused is the status of a container whose cgroup is frozen (runc's
// word; the OCI runtime-spec names only created, running and stopped).
const StatePaused specs.ContainerState = "paused"

// SyscallError is a failed system call of the runtime.
type SyscallError struct {
	Op   string // syscall or step: "setns", "sethostname", "mknod"
	Path string // the file it was about, if any
	Err  error  // usually a unix.Errno
}

func (e *SyscallError) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%s: %v", e.Op, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Op, e.Path, e.Err)
}

func (e *SyscallError) Unwrap() error { return e.Err }
