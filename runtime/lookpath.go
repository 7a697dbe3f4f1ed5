package runtime

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/exitcode"
	"golang.org/x/sys/unix"
)

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// lookPath resolves the command in the container (after pivot_root, or on
// a thread whose root is the container's) with the PATH of the process's
// env, as exec.LookPath would but without touching this process's
// environment, and maps failures to Docker's codes: 127 not found, 126
// cannot be executed.
func lookPath(p *specs.Process) (string, error) {
	path := defaultPath
	for _, e := range p.Env {
		if v, ok := strings.CutPrefix(e, "PATH="); ok {
			path = v
		}
	}
	exe, err := findInPath(p.Args[0], path)
	if err == nil {
		return exe, nil
	}
	code := exitcode.CannotExec
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		code = exitcode.NotFound
	}
	return "", exitcode.New(code, &exec.Error{Name: p.Args[0], Err: err})
}

// findInPath is exec.LookPath's search: a name with a slash as is, else
// the first executable file of that name in path's dirs; a relative
// result is refused (exec.ErrDot).
func findInPath(name, path string) (string, error) {
	if strings.Contains(name, "/") {
		return name, executable(name)
	}
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		f := filepath.Join(dir, name)
		if executable(f) != nil {
			continue
		}
		if !filepath.IsAbs(f) {
			return "", exec.ErrDot
		}
		return f, nil
	}
	return "", exec.ErrNotFound
}

// executable: a file (not a dir) that the caller may execute.
func executable(f string) error {
	st, err := os.Stat(f)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return unix.EISDIR
	}
	if st.Mode()&0o111 == 0 {
		return fs.ErrPermission
	}
	return unix.Faccessat(unix.AT_FDCWD, f, unix.X_OK, unix.AT_EACCESS)
}
