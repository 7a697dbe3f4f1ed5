package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// SeccompProfiles resolves seccomp profiles for a container's final
// capability set (package runtime/seccomp does: Docker's profile depends
// on the host kernel, so the spec package takes it from the caller).
type SeccompProfiles interface {
	// Default is Docker's default profile for caps.
	Default(caps []string) (*specs.LinuxSeccomp, error)
	// Parse reads a Docker-format JSON profile for caps.
	Parse(data []byte, caps []string) (*specs.LinuxSeccomp, error)
}

// WithSeccompProfiles gives the default profile and the JSON loader. Without
// it a spec gets no seccomp section unless a profile is asked for, which
// is then an error.
func WithSeccompProfiles(p SeccompProfiles) Option { return func(o *options) { o.seccomp = p } }

// WithCapAdd adds capabilities (--cap-add): "NET_ADMIN", "cap_net_admin", "ALL".
func WithCapAdd(caps ...string) Option {
	return func(o *options) { o.capAdd = append(o.capAdd, caps...) }
}

// WithCapDrop drops capabilities (--cap-drop), applied before WithCapAdd's.
func WithCapDrop(caps ...string) Option {
	return func(o *options) { o.capDrop = append(o.capDrop, caps...) }
}

// WithPrivileged gives the container every capability, no seccomp filter,
// access to every device (the cgroup rule "a *:* rwm"), no masked or
// read-only paths and a writable /sys (--privileged).
func WithPrivileged(p bool) Option { return func(o *options) { o.privileged = p } }

// WithHostCapabilities is what "all capabilities" means (--privileged,
// --cap-add ALL): the host's bounding set. Default: every capability
// this build knows (the runtime skips those the kernel lacks).
func WithHostCapabilities(caps []string) Option { return func(o *options) { o.hostCaps = caps } }

// WithHostDevices gives the host's device nodes, which a privileged
// container gets instead of the default ones (as Docker).
func WithHostDevices(devs []specs.LinuxDevice) Option {
	return func(o *options) { o.hostDevices = devs }
}

// WithSecurityOpts adds --security-opt values, resolved by
// ResolveSecurityOpts (a seccomp profile given by its JSON, not a path).
func WithSecurityOpts(opts ...string) Option {
	return func(o *options) { o.securityOpts = append(o.securityOpts, opts...) }
}

// security is what the security options ask for.
type security struct {
	noNewPrivs bool
	seccomp    string // "" (default), "unconfined", or a JSON profile
	noMasks    bool   // systempaths=unconfined
}

// parseSecurityOpt splits "key=value" (or Docker's older "key:value").
func parseSecurityOpt(opt string) (key, value string, hasValue bool) {
	if i := strings.IndexAny(opt, "=:"); i >= 0 {
		return opt[:i], opt[i+1:], true
	}
	return opt, "", false
}

// ResolveSecurityOpts checks --security-opt values and replaces
// seccomp=PATH by seccomp=<the file's JSON, compacted>, as the docker CLI
// does, so the container keeps its profile even if the file changes.
func ResolveSecurityOpts(opts []string, readFile func(string) ([]byte, error)) ([]string, error) {
	out := make([]string, 0, len(opts))
	for _, opt := range opts {
		key, val, _ := parseSecurityOpt(opt)
		if key == "seccomp" && val != "" && val != "unconfined" && val != "builtin" && !strings.HasPrefix(val, "{") {
			b, err := readFile(val)
			if err != nil {
				return nil, fmt.Errorf("--security-opt seccomp: %w", err)
			}
			var c bytes.Buffer
			if err := json.Compact(&c, b); err != nil {
				return nil, fmt.Errorf("--security-opt seccomp: %s: %w", val, err)
			}
			opt = "seccomp=" + c.String()
		}
		if _, err := securityOf([]string{opt}); err != nil {
			return nil, err
		}
		out = append(out, opt)
	}
	return out, nil
}

// securityOf parses resolved --security-opt values. Options tent cannot
// honour are refused, never ignored: a container must not run with less
// security than asked for.
func securityOf(opts []string) (security, error) {
	var s security
	for _, opt := range opts {
		key, val, hasValue := parseSecurityOpt(opt)
		switch {
		case key == "no-new-privileges":
			switch {
			case !hasValue || val == "true":
				s.noNewPrivs = true
			case val == "false":
				s.noNewPrivs = false
			default:
				return s, fmt.Errorf("invalid --security-opt %q: no-new-privileges takes true or false", opt)
			}
		case key == "seccomp" && (val == "unconfined" || val == "builtin" || strings.HasPrefix(val, "{")):
			s.seccomp = val
			if val == "builtin" {
				s.seccomp = ""
			}
		case key == "seccomp":
			return s, fmt.Errorf("invalid --security-opt %q: want seccomp=unconfined, builtin or a profile's JSON file", opt)
		case key == "systempaths" && val == "unconfined":
			s.noMasks = true
		case key == "apparmor" && val == "unconfined", key == "label" && val == "disable":
			// asks for no confinement tent would apply anyway
		case key == "apparmor" || key == "label":
			return s, fmt.Errorf("invalid --security-opt %q: tent has no AppArmor or SELinux support", opt)
		default:
			return s, fmt.Errorf("invalid --security-opt %q", opt)
		}
	}
	return s, nil
}

// allCapabilities are every capability this build knows, "CAP_" names.
func allCapabilities() []string {
	var out []string
	for _, c := range capability.ListKnown() {
		out = append(out, "CAP_"+strings.ToUpper(c.String()))
	}
	return out
}

// normCaps spells capability names as "CAP_NET_ADMIN" ("ALL" stays) and
// refuses unknown ones, as Docker does.
func normCaps(flag string, names []string) ([]string, error) {
	known := allCapabilities()
	out := make([]string, 0, len(names))
	for _, n := range names {
		c := strings.ToUpper(strings.TrimSpace(n))
		if c == "ALL" {
			out = append(out, c)
			continue
		}
		if !strings.HasPrefix(c, "CAP_") {
			c = "CAP_" + c
		}
		if !slices.Contains(known, c) {
			return nil, fmt.Errorf("%s: unknown capability: %q", flag, n)
		}
		out = append(out, c)
	}
	return out, nil
}

// capabilities are the container's set, with Docker's rules: privileged
// gets all; with --cap-add ALL, all but the dropped ones; with --cap-drop
// ALL, only the added ones; else the defaults minus the dropped plus the
// added.
func capabilities(o *options) ([]string, error) {
	all := o.hostCaps
	if all == nil {
		all = allCapabilities()
	}
	if o.privileged {
		return slices.Clone(all), nil
	}
	drop, err := normCaps("--cap-drop", o.capDrop)
	if err != nil {
		return nil, err
	}
	add, err := normCaps("--cap-add", o.capAdd)
	if err != nil {
		return nil, err
	}
	var caps []string
	keep := func(c string) {
		if !slices.Contains(caps, c) {
			caps = append(caps, c)
		}
	}
	switch {
	case slices.Contains(add, "ALL"):
		for _, c := range all {
			if !slices.Contains(drop, c) {
				keep(c)
			}
		}
	case slices.Contains(drop, "ALL"):
		for _, c := range add {
			keep(c)
		}
	default:
		for _, c := range DefaultCapabilities() {
			if !slices.Contains(drop, c) {
				keep(c)
			}
		}
		for _, c := range add {
			keep(c)
		}
	}
	return caps, nil
}

// seccompOf is the Linux.Seccomp section for the final caps (nil: none).
func seccompOf(o *options, sec security, caps []string) (*specs.LinuxSeccomp, error) {
	if o.privileged || sec.seccomp == "unconfined" {
		return nil, nil
	}
	if sec.seccomp != "" {
		if o.seccomp == nil {
			return nil, fmt.Errorf("--security-opt seccomp: no profile loader")
		}
		return o.seccomp.Parse([]byte(sec.seccomp), caps)
	}
	if o.seccomp == nil {
		return nil, nil
	}
	return o.seccomp.Default(caps)
}
