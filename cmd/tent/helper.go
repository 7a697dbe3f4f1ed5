package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/trustedbin"
)

// imageHelperName is tent's registry client (cmd/tent-image), installed
// beside tent: pulls run it, so tent itself links no net/http nor TLS.
const imageHelperName = "tent-image"

// benchHelperName is tent bench's binary (cmd/tent-bench): VMs, charts.
const benchHelperName = "tent-bench"

// imageHelper is the path of tent-image beside this executable.
func imageHelper() (string, error) { return helper(imageHelperName) }

// helper is the path of the helper binary name beside this executable. A
// root process runs it, so trustedbin must pass it.
func helper(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find %s: %w", name, err)
	}
	p := filepath.Join(filepath.Dir(self), name)
	if err := trustedbin.Check(p); err != nil {
		var notFound *fs.PathError
		if errors.As(err, &notFound) {
			return "", fmt.Errorf("%s not found beside %s: install it with make install", name, self)
		}
		return "", fmt.Errorf("%w: reinstall it with make install", err)
	}
	return p, nil
}

// helperArgs are tent's global flags, then the subcommand and its args.
func helperArgs(sub string, args []string) []string {
	a := append([]string{"--root", g.root, "--state", g.state}, g.logs.Args()...)
	return append(append(a, sub), args...)
}

// helperCommand is a subcommand that tent-image runs (pull, push, login,
// logout): it execs tent-image sub with the same arguments, so that tent does
// not link the registry client.
func helperCommand(sub, use, short string) *cobra.Command {
	return &cobra.Command{
		Use:                use,
		Short:              short,
		DisableFlagParsing: true, // tent-image parses them, --help too
		RunE: func(_ *cobra.Command, args []string) error {
			return execImageHelper(sub, args)
		},
	}
}

// execImageHelper replaces tent with tent-image: same pid (a signal to tent
// reaches the pull), stdio, environment and exit code.
func execImageHelper(sub string, args []string) error { return execHelper(imageHelperName, sub, args) }

// execHelper replaces tent with the helper binary name.
func execHelper(name, sub string, args []string) error {
	p, err := helper(name)
	if err != nil {
		return err
	}
	// argv[0] "tent": the helper's usage and help name the command the user typed.
	argv := append([]string{"tent"}, helperArgs(sub, args)...)
	if err := syscall.Exec(p, argv, os.Environ()); err != nil {
		return fmt.Errorf("exec %s: %w", p, err)
	}
	return nil // not reached
}

// pullWithHelper is the engine's puller for tent run and create: tent-image
// pull with its output on w, killed with tent. Its error line becomes the
// error returned.
func pullWithHelper(ctx context.Context, ref string, w io.Writer) error {
	p, err := imageHelper()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, p, helperArgs("pull", []string{ref})...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	goruntime.LockOSThread() // Pdeathsig fires when the forking thread exits
	defer goruntime.UnlockOSThread()
	return helperErr(cmd.Run(), stderr.String(), w)
}

// helperErr passes the helper's stderr on to w, except its last line when
// it failed: that "tent: <error>" line is the error.
func helperErr(runErr error, stderr string, w io.Writer) error {
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if runErr == nil || last == "" {
		io.WriteString(w, stderr)
		if runErr != nil {
			return fmt.Errorf("%s: %w", imageHelperName, runErr)
		}
		return nil
	}
	for _, l := range lines[:len(lines)-1] {
		fmt.Fprintln(w, l)
	}
	return errors.New(strings.TrimPrefix(last, "tent: "))
}
