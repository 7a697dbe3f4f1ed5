package spec

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// InitTarget is where WithInit binds the init inside the container: /dev
// is a fresh tmpfs, so the target can always be made, even with --read-only.
const InitTarget = "/dev/init"

// process is the container's user process: argv, env, cwd, user, rlimits.
func process(img *v1.Config, o *options) (*specs.Process, error) {
	args, err := Command(*img, o.entrypoint, o.cmd)
	if err != nil && !o.noCmdOK {
		return nil, err
	}
	if o.initPath != "" {
		wrap := append(append([]string{InitTarget}, o.initArgs...), "--")
		args = append(wrap, args...)
	}
	user, home, err := ResolveUser(firstNonEmpty(o.user, img.User), o.users)
	if err != nil {
		return nil, err
	}
	if err := addGroups(&user, o); err != nil {
		return nil, err
	}
	env, err := environment(img.Env, o, home)
	if err != nil {
		return nil, err
	}
	rl, err := rlimits(o)
	if err != nil {
		return nil, err
	}
	oom, err := oomScoreAdj(o)
	if err != nil {
		return nil, err
	}
	return &specs.Process{
		Terminal: o.terminal,
		User:     user,
		Args:     args,
		Env:      env,
		Cwd:      firstNonEmpty(o.workdir, img.WorkingDir, "/"),
		// Capabilities and NoNewPrivileges: security.go.
		Rlimits:     rl,
		OOMScoreAdj: oom,
	}, nil
}

// Command applies Docker's rules to an image's Entrypoint and Cmd:
// --entrypoint (entrypoint non-nil) replaces the image's entrypoint and
// drops its Cmd, and "" clears it; args after the image (cmd) replace Cmd.
func Command(img v1.Config, entrypoint *[]string, cmd []string) ([]string, error) {
	ep, c := img.Entrypoint, img.Cmd
	if entrypoint != nil {
		ep, c = nil, nil
		if e := *entrypoint; len(e) > 0 && !(len(e) == 1 && e[0] == "") {
			ep = e
		}
	}
	if len(cmd) > 0 {
		c = cmd
	}
	args := append(append([]string{}, ep...), c...)
	if len(args) == 0 {
		return nil, ErrNoCommand
	}
	return args, nil
}

// nofile is Docker's RLIMIT_NOFILE (1048576), capped at hard when it is lower.
func nofile(hard uint64) specs.POSIXRlimit {
	n := uint64(1048576)
	if hard > 0 && hard < n {
		n = hard
	}
	return specs.POSIXRlimit{Type: "RLIMIT_NOFILE", Hard: n, Soft: n}
}

// DefaultCapabilities is Docker's default capability set (a new slice).
func DefaultCapabilities() []string {
	return []string{
		"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
		"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
		"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	}
}
