package build

import (
	"encoding/json"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// applyMeta applies an instruction that only changes the config. It
// reports false for those that make a layer (RUN, COPY, ADD, WORKDIR's dir).
func applyMeta(s *state, cmd instructions.Command, o *Options) (bool, error) {
	c := &s.cfg.Config
	switch x := cmd.(type) {
	case *instructions.EnvCommand:
		for _, kv := range x.Env {
			c.Env = setEnv(c.Env, kv.Key, kv.Value)
		}
	case *instructions.LabelCommand:
		for _, kv := range x.Labels {
			setLabel(c, kv.Key, kv.Value)
		}
	case *instructions.MaintainerCommand:
		s.cfg.Author = x.Maintainer
	case *instructions.ExposeCommand:
		return true, expose(c, x.Ports)
	case *instructions.UserCommand:
		c.User = x.User
	case *instructions.VolumeCommand:
		for _, v := range x.Volumes {
			if v == "" {
				return true, fmt.Errorf("VOLUME with an empty path")
			}
			if c.Volumes == nil {
				c.Volumes = map[string]struct{}{}
			}
			c.Volumes[v] = struct{}{}
		}
	case *instructions.CmdCommand:
		c.Cmd = s.command(x.ShellDependantCmdLine)
		s.cmdSet = true
	case *instructions.EntrypointCommand:
		c.Entrypoint = s.command(x.ShellDependantCmdLine)
		if len(x.CmdLine) == 0 && !x.PrependShell {
			c.Entrypoint = nil
		}
		if !s.cmdSet {
			c.Cmd = nil // Docker: ENTRYPOINT resets an inherited CMD
		}
	case *instructions.HealthCheckCommand:
		h := x.Health
		c.Healthcheck = &v1.HealthConfig{Test: h.Test, Interval: h.Interval, Timeout: h.Timeout, StartPeriod: h.StartPeriod, Retries: h.Retries}
	case *instructions.ShellCommand:
		c.Shell = append([]string(nil), x.Shell...)
	case *instructions.StopSignalCommand:
		c.StopSignal = x.Signal
	case *instructions.OnbuildCommand:
		c.OnBuild = append(c.OnBuild, x.Expression)
	case *instructions.ArgCommand:
		s.declareArgs(x, o)
	default:
		return false, nil
	}
	return true, nil
}

// command is CMD's or ENTRYPOINT's argv: exec form as is, shell form
// through the stage's shell.
func (s *state) command(cl instructions.ShellDependantCmdLine) []string {
	if cl.PrependShell {
		return append(append([]string(nil), s.shellCmd()...), strings.Join(cl.CmdLine, " "))
	}
	return append([]string(nil), cl.CmdLine...)
}

func setLabel(c *v1.Config, k, v string) {
	if c.Labels == nil {
		c.Labels = map[string]string{}
	}
	c.Labels[k] = v
}

// expose adds ports as Docker writes them: "80/tcp"; "8000-8002" is a range.
func expose(c *v1.Config, ports []string) error {
	for _, p := range ports {
		port, proto, _ := strings.Cut(p, "/")
		if proto == "" {
			proto = "tcp"
		}
		proto = strings.ToLower(proto)
		if proto != "tcp" && proto != "udp" && proto != "sctp" {
			return fmt.Errorf("EXPOSE %s: unknown protocol %q", p, proto)
		}
		lo, hi, err := portRange(port)
		if err != nil {
			return fmt.Errorf("EXPOSE %s: %w", p, err)
		}
		if c.ExposedPorts == nil {
			c.ExposedPorts = map[string]struct{}{}
		}
		for n := lo; n <= hi; n++ {
			c.ExposedPorts[fmt.Sprintf("%d/%s", n, proto)] = struct{}{}
		}
	}
	return nil
}

func portRange(s string) (int, int, error) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err := portNum(a)
	if err != nil || !isRange {
		return lo, lo, err
	}
	hi, err := portNum(b)
	if err == nil && hi < lo {
		err = fmt.Errorf("range %s ends before it starts", s)
	}
	return lo, hi, err
}

func portNum(s string) (int, error) {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < 1 || n > 65535 {
		return 0, fmt.Errorf("invalid port %q", s)
	}
	return n, nil
}

// declareArgs brings ARGs into the stage's scope: a --build-arg value
// wins, then the ARG's default, then the global ARG of the same name.
func (s *state) declareArgs(x *instructions.ArgCommand, o *Options) {
	for _, a := range x.Args {
		v, ok := o.BuildArgs[a.Key]
		switch {
		case ok:
			o.used[a.Key] = true
		case a.Value != nil:
			v, ok = *a.Value, true
		default:
			v, ok = o.globals[a.Key]
		}
		if ok { // an ARG without any value is in scope but unset, as Docker's
			s.args[a.Key] = v
		}
	}
}

// createdBy is the history text of an instruction, as buildkit writes it.
func createdBy(cmd instructions.Command) string {
	if s, ok := cmd.(fmt.Stringer); ok {
		return s.String()
	}
	return strings.ToUpper(cmd.Name())
}

// jsonString is for cache keys: a deterministic encoding of v.
func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
