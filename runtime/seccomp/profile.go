package seccomp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	mobyseccomp "github.com/moby/profiles/seccomp"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// DefaultProfile returns Docker's default profile (moby/profiles/seccomp)
// resolved for a container whose bounding set is caps ("CAP_SYS_ADMIN" or
// "sys_admin"), this binary's arch and the host kernel's version: the
// rules Docker includes or excludes by capability, arch and kernel are
// applied here.
func DefaultProfile(caps []string) (*specs.LinuxSeccomp, error) {
	p, err := mobyseccomp.GetDefaultProfile(capSpec(caps))
	if err != nil {
		return nil, fmt.Errorf("default seccomp profile: %w", err)
	}
	return p, nil
}

// LoadProfile reads a Docker-format JSON profile (--security-opt
// seccomp=PATH.json) and resolves it as DefaultProfile does.
func LoadProfile(path string, caps []string) (*specs.LinuxSeccomp, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seccomp profile: %w", err)
	}
	p, err := ParseProfile(b, caps)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// ParseProfile decodes a Docker-format JSON profile and resolves it for
// caps. Unlike Docker it refuses unknown fields and a profile without a
// defaultAction (Docker reads that as unconfined): a typo must not weaken
// the filter. Errors name the bad field, e.g. "syscalls[4].args[0].op".
func ParseProfile(data []byte, caps []string) (*specs.LinuxSeccomp, error) {
	var raw mobyseccomp.Seccomp
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("seccomp profile: %w", jsonError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("seccomp profile: trailing data after the JSON object")
	}
	if err := checkRaw(&raw); err != nil {
		return nil, fmt.Errorf("seccomp profile: %w", err)
	}
	p, err := mobyseccomp.LoadProfile(string(data), capSpec(caps))
	if err != nil {
		return nil, fmt.Errorf("seccomp profile: %w", err)
	}
	if p == nil {
		return nil, errors.New("seccomp profile: defaultAction: missing")
	}
	return p, nil
}

// checkRaw validates a decoded Docker profile, naming fields by their
// place in the file.
func checkRaw(raw *mobyseccomp.Seccomp) error {
	if err := checkSeccomp(&raw.LinuxSeccomp); err != nil {
		return err
	}
	if len(raw.Architectures) > 0 && len(raw.ArchMap) > 0 {
		return errors.New("archMap: both architectures and archMap are set")
	}
	for i, m := range raw.ArchMap {
		if !slices.Contains(knownArches, m.Arch) {
			return fmt.Errorf("archMap[%d].architecture: unknown arch %q", i, m.Arch)
		}
		for j, s := range m.SubArches {
			if !slices.Contains(knownArches, s) {
				return fmt.Errorf("archMap[%d].subArchitectures[%d]: unknown arch %q", i, j, s)
			}
		}
	}
	for i, s := range raw.Syscalls {
		field := fmt.Sprintf("syscalls[%d]", i)
		if s == nil {
			return fmt.Errorf("%s: null", field)
		}
		//lint:ignore SA1019 old Docker profiles still use "name"; mobyseccomp.LoadProfile turns it into names
		name := s.Name
		if name != "" && len(s.Names) > 0 {
			return fmt.Errorf("%s: both name and names are set", field)
		}
		if name == "" && len(s.Names) == 0 {
			return fmt.Errorf("%s.names: missing", field)
		}
		for j, n := range s.Names {
			if n == "" {
				return fmt.Errorf("%s.names[%d]: empty", field, j)
			}
		}
		if err := checkRule(i, s.LinuxSyscall); err != nil {
			return err
		}
	}
	return nil
}

// jsonError names the field of a decoding error where encoding/json knows it.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		// Drop the Go names of embedded structs (LinuxSyscall...).
		var path []string
		for _, p := range strings.Split(te.Field, ".") {
			if p != "" && (p[0] < 'A' || p[0] > 'Z') {
				path = append(path, p)
			}
		}
		return &decodeError{fmt.Sprintf("%s: JSON %s where %s is wanted", strings.Join(path, "."), te.Value, te.Type), err}
	case errors.As(err, &se):
		return fmt.Errorf("byte %d: %w", se.Offset, err)
	}
	return err
}

// decodeError rewords an encoding/json error and keeps it for errors.As.
type decodeError struct {
	msg string
	err error
}

func (e *decodeError) Error() string { return e.msg }
func (e *decodeError) Unwrap() error { return e.err }

// capSpec is the spec moby's resolver reads caps from (the bounding set).
func capSpec(caps []string) *specs.Spec {
	return &specs.Spec{Process: &specs.Process{Capabilities: &specs.LinuxCapabilities{Bounding: normCaps(caps)}}}
}

// normCaps upper-cases names and adds the CAP_ prefix where missing.
func normCaps(caps []string) []string {
	out := make([]string, 0, len(caps))
	for _, c := range caps {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if !strings.HasPrefix(c, "CAP_") {
			c = "CAP_" + c
		}
		out = append(out, c)
	}
	return out
}
