package runtime

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/exitcode"
)

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// lookPath resolves the command in the container (after pivot_root) with
// the PATH of the process's env, and maps failures to Docker's codes:
// 127 not found, 126 cannot be executed.
func lookPath(p *specs.Process) (string, error) {
	path := defaultPath
	for _, e := range p.Env {
		if v, ok := strings.CutPrefix(e, "PATH="); ok {
			path = v
		}
	}
	if err := os.Setenv("PATH", path); err != nil {
		return "", err
	}
	exe, err := exec.LookPath(p.Args[0])
	if err == nil {
		return exe, nil
	}
	code := exitcode.CannotExec
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		code = exitcode.NotFound
	}
	return "", exitcode.New(code, err)
}
