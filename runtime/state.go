package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/atomicfile"
)

const (
	stateFileName = "state.json"
	fifoName      = "exec.fifo"
)

// stateFile is <root>/<id>/state.json: what another tent process needs to
// find, start, signal, exec into and delete the container.
type stateFile struct {
	OCIVersion  string            `json:"ociVersion"`
	ID          string            `json:"id"`
	Bundle      string            `json:"bundle"`
	Rootfs      string            `json:"rootfs"`
	Pid         int               `json:"pid"`
	StartTime   uint64            `json:"startTime"` // /proc/<pid>/stat field 22: detects pid reuse
	CgroupPath  string            `json:"cgroupPath"`
	Created     time.Time         `json:"created"`
	Annotations map[string]string `json:"annotations,omitempty"`
	// Namespaces are the ones exec joins (spec types: "pid", "network", ...).
	Namespaces []specs.LinuxNamespaceType `json:"namespaces"`
	// Hooks are the spec's, run by Start (poststart) and Delete (poststop)
	// in whichever process calls them.
	Hooks *specs.Hooks `json:"hooks,omitempty"`
	// Seccomp is the container's compiled filter (initcodec.Config.Seccomp),
	// which exec'd processes get too.
	Seccomp []byte `json:"seccomp,omitempty"`
}

func writeState(dir string, s *stateFile) error {
	b, err := s.marshal()
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, stateFileName), b, 0o600); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

func readState(dir string) (*stateFile, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotExist
	}
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	s, err := unmarshalState(b)
	if err != nil {
		return nil, fmt.Errorf("decode state %s: %w", dir, err)
	}
	return s, nil
}

// ociState is the OCI state of s given its status.
func (s *stateFile) ociState(status specs.ContainerState) *specs.State {
	pid := s.Pid
	if status == specs.StateStopped {
		pid = 0
	}
	return &specs.State{
		Version:     s.OCIVersion,
		ID:          s.ID,
		Status:      status,
		Pid:         pid,
		Bundle:      s.Bundle,
		Annotations: s.Annotations,
	}
}

// Details is a container's OCI state with what runc's `state` also shows:
// the rootfs path and when it was created.
type Details struct {
	State   *specs.State
	Rootfs  string
	Created time.Time
}

// Describe returns c's Details; c comes from Runtime.Create or Load.
func Describe(c Container) (*Details, error) {
	ctr, ok := c.(*container)
	if !ok {
		return nil, fmt.Errorf("describe: %T is not a container of this runtime", c)
	}
	st, err := ctr.State()
	if err != nil {
		return nil, err
	}
	return &Details{State: st, Rootfs: ctr.st.Rootfs, Created: ctr.st.Created}, nil
}
