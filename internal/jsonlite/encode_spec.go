package jsonlite

import (
	"encoding/json"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// EncodeSpec encodes an OCI runtime spec as json.Marshal(s) does, byte for
// byte. The fields a runtime spec usually has are written here; a spec
// with anything else (another platform, user namespace mappings, a
// scheduler, block IO limits...) goes to encoding/json whole.
func EncodeSpec(s *specs.Spec) ([]byte, error) {
	if s == nil || !specFast(s) {
		return json.Marshal(s)
	}
	return appendSpec(make([]byte, 0, 16<<10), s), nil
}

// specFast says whether every field s sets is one appendSpec writes.
func specFast(s *specs.Spec) bool {
	if s.Solaris != nil || s.Windows != nil || s.VM != nil || s.ZOS != nil || s.FreeBSD != nil {
		return false
	}
	if p := s.Process; p != nil && (p.Scheduler != nil || p.IOPriority != nil || p.ExecCPUAffinity != nil) {
		return false
	}
	for _, m := range s.Mounts {
		if len(m.UIDMappings) > 0 || len(m.GIDMappings) > 0 {
			return false
		}
	}
	return s.Linux == nil || linuxFast(s.Linux)
}

func appendSpec(b []byte, s *specs.Spec) []byte {
	b = AppendString(AppendKey(append(b, '{'), "ociVersion"), s.Version)
	if s.Process != nil {
		b = appendProcess(AppendKey(b, "process"), s.Process)
	}
	if r := s.Root; r != nil {
		b = AppendString(AppendKey(append(AppendKey(b, "root"), '{'), "path"), r.Path)
		b = append(OptBool(b, "readonly", r.Readonly), '}')
	}
	b = OptString(b, "hostname", s.Hostname)
	b = OptString(b, "domainname", s.Domainname)
	if len(s.Mounts) > 0 {
		b = AppendList(AppendKey(b, "mounts"), s.Mounts, appendMount)
	}
	if s.Hooks != nil {
		b = appendHooks(AppendKey(b, "hooks"), s.Hooks)
	}
	if len(s.Annotations) > 0 {
		b = AppendStringMap(AppendKey(b, "annotations"), s.Annotations)
	}
	if s.Linux != nil {
		b = appendLinux(AppendKey(b, "linux"), s.Linux)
	}
	return append(b, '}')
}

func appendProcess(b []byte, p *specs.Process) []byte {
	b = OptBool(append(b, '{'), "terminal", p.Terminal)
	if c := p.ConsoleSize; c != nil {
		b = AppendUint(AppendKey(append(AppendKey(b, "consoleSize"), '{'), "height"), uint64(c.Height))
		b = append(AppendUint(AppendKey(b, "width"), uint64(c.Width)), '}')
	}
	u := p.User
	b = AppendUint(AppendKey(append(AppendKey(b, "user"), '{'), "uid"), uint64(u.UID))
	b = AppendUint(AppendKey(b, "gid"), uint64(u.GID))
	b = OptUint(b, "umask", u.Umask)
	if len(u.AdditionalGids) > 0 {
		b = AppendList(AppendKey(b, "additionalGids"), u.AdditionalGids, func(b []byte, g uint32) []byte { return AppendUint(b, uint64(g)) })
	}
	b = append(OptString(b, "username", u.Username), '}')
	b = OptStrings(b, "args", p.Args)
	b = OptString(b, "commandLine", p.CommandLine)
	b = OptStrings(b, "env", p.Env)
	b = AppendString(AppendKey(b, "cwd"), p.Cwd)
	if c := p.Capabilities; c != nil {
		b = OptStrings(append(AppendKey(b, "capabilities"), '{'), "bounding", c.Bounding)
		b = OptStrings(b, "effective", c.Effective)
		b = OptStrings(b, "inheritable", c.Inheritable)
		b = OptStrings(b, "permitted", c.Permitted)
		b = append(OptStrings(b, "ambient", c.Ambient), '}')
	}
	if len(p.Rlimits) > 0 {
		b = AppendList(AppendKey(b, "rlimits"), p.Rlimits, func(b []byte, r specs.POSIXRlimit) []byte {
			b = AppendString(AppendKey(append(b, '{'), "type"), r.Type)
			b = AppendUint(AppendKey(b, "hard"), r.Hard)
			return append(AppendUint(AppendKey(b, "soft"), r.Soft), '}')
		})
	}
	b = OptBool(b, "noNewPrivileges", p.NoNewPrivileges)
	b = OptString(b, "apparmorProfile", p.ApparmorProfile)
	b = OptInt(b, "oomScoreAdj", p.OOMScoreAdj)
	return append(OptString(b, "selinuxLabel", p.SelinuxLabel), '}')
}

func appendMount(b []byte, m specs.Mount) []byte {
	b = AppendString(AppendKey(append(b, '{'), "destination"), m.Destination)
	b = OptString(b, "type", m.Type)
	b = OptString(b, "source", m.Source)
	return append(OptStrings(b, "options", m.Options), '}')
}

func appendHooks(b []byte, h *specs.Hooks) []byte {
	//lint:ignore SA1019 deprecated, but a spec may still set it
	prestart := h.Prestart
	b = append(b, '{')
	for _, l := range []struct {
		k     string
		hooks []specs.Hook
	}{{"prestart", prestart}, {"createRuntime", h.CreateRuntime}, {"createContainer", h.CreateContainer},
		{"startContainer", h.StartContainer}, {"poststart", h.Poststart}, {"poststop", h.Poststop}} {
		if len(l.hooks) > 0 {
			b = AppendList(AppendKey(b, l.k), l.hooks, appendHook)
		}
	}
	return append(b, '}')
}

func appendHook(b []byte, h specs.Hook) []byte {
	b = AppendString(AppendKey(append(b, '{'), "path"), h.Path)
	b = OptStrings(b, "args", h.Args)
	b = OptStrings(b, "env", h.Env)
	return append(OptInt(b, "timeout", h.Timeout), '}')
}

// AppendList appends l as a JSON array, each element by each.
func AppendList[T any](b []byte, l []T, each func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, v := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, v)
	}
	return append(b, ']')
}

// The Opt* helpers append a key and value as json.Marshal writes an
// omitempty field: nothing when the value is empty (a nil pointer).

func OptString[S ~string](b []byte, k string, v S) []byte {
	if v == "" {
		return b
	}
	return AppendString(AppendKey(b, k), string(v))
}

func OptStrings[S ~string](b []byte, k string, v []S) []byte {
	if len(v) == 0 {
		return b
	}
	return AppendStrings(AppendKey(b, k), v)
}

func OptBool(b []byte, k string, v bool) []byte {
	if !v {
		return b
	}
	return append(AppendKey(b, k), "true"...)
}

func OptBoolPtr(b []byte, k string, v *bool) []byte {
	if v == nil {
		return b
	}
	return strconvBool(AppendKey(b, k), *v)
}

func strconvBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

func OptInt[T ~int | ~int32 | ~int64](b []byte, k string, v *T) []byte {
	if v == nil {
		return b
	}
	return AppendInt(AppendKey(b, k), int64(*v))
}

func OptUint[T ~uint | ~uint16 | ~uint32 | ~uint64](b []byte, k string, v *T) []byte {
	if v == nil {
		return b
	}
	return AppendUint(AppendKey(b, k), uint64(*v))
}

// OptIntValue and OptUintValue write an omitempty number: nothing for 0.
func OptIntValue[T ~int | ~int32 | ~int64](b []byte, k string, v T) []byte {
	if v == 0 {
		return b
	}
	return AppendInt(AppendKey(b, k), int64(v))
}

func OptUintValue[T ~uint | ~uint16 | ~uint32 | ~uint64](b []byte, k string, v T) []byte {
	if v == 0 {
		return b
	}
	return AppendUint(AppendKey(b, k), uint64(v))
}
