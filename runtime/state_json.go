package runtime

import (
	"encoding/json"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// state.json is written and read field by field (internal/jsonlite), not
// by encoding/json, whose first use of a type in a new process builds its
// encoder or decoder by reflection: every create, and every command that
// loads a container (exec, start, state, kill, delete), paid for it. Both
// give what encoding/json gives (state_test.go compares them).

// marshal is json.Marshal(s), byte for byte (state_test.go compares
// them), written field by field: json.Marshal's first use of a type in a
// new process builds its encoder by reflection, which every create paid
// for. Hooks, which runc-style callers rarely set, still go through
// encoding/json.
func (s *stateFile) marshal() ([]byte, error) {
	b := make([]byte, 0, 512+len(s.Seccomp)*4/3)
	b = append(b, '{')
	for _, f := range [...]struct{ k, v string }{{"ociVersion", s.OCIVersion}, {"id", s.ID}, {"bundle", s.Bundle}, {"rootfs", s.Rootfs}} {
		b = jsonlite.AppendString(jsonlite.AppendKey(b, f.k), f.v)
	}
	b = jsonlite.AppendInt(jsonlite.AppendKey(b, "pid"), int64(s.Pid))
	b = jsonlite.AppendUint(jsonlite.AppendKey(b, "startTime"), s.StartTime)
	b = jsonlite.AppendString(jsonlite.AppendKey(b, "cgroupPath"), s.CgroupPath)
	b, err := jsonlite.AppendTime(jsonlite.AppendKey(b, "created"), s.Created)
	if err != nil {
		return nil, err
	}
	if len(s.Annotations) > 0 {
		b = jsonlite.AppendStringMap(jsonlite.AppendKey(b, "annotations"), s.Annotations)
	}
	b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "namespaces"), s.Namespaces)
	if s.Hooks != nil {
		h, err := json.Marshal(s.Hooks)
		if err != nil {
			return nil, err
		}
		b = append(jsonlite.AppendKey(b, "hooks"), h...)
	}
	if len(s.Seccomp) > 0 {
		b = jsonlite.AppendBytes(jsonlite.AppendKey(b, "seccomp"), s.Seccomp)
	}
	return append(b, '}'), nil
}

// unmarshalState is json.Unmarshal into a stateFile; what the field by
// field read refuses (a file of another writer) goes to encoding/json.
func unmarshalState(b []byte) (*stateFile, error) {
	if s, ok := unmarshalStateFast(b); ok {
		return s, nil
	}
	var s stateFile
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func unmarshalStateFast(b []byte) (*stateFile, bool) {
	var s stateFile
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool { return s.decodeField(d, k) })
	return &s, d.OK()
}

func (s *stateFile) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "ociVersion":
		s.OCIVersion = d.String()
	case "id":
		s.ID = d.String()
	case "bundle":
		s.Bundle = d.String()
	case "rootfs":
		s.Rootfs = d.String()
	case "pid":
		s.Pid = int(d.Int(0))
	case "startTime":
		s.StartTime = d.Uint(64)
	case "cgroupPath":
		s.CgroupPath = d.String()
	case "created":
		s.Created = d.Time()
	case "annotations":
		s.Annotations = d.StringMap()
	case "namespaces":
		if !d.Null() {
			for _, n := range d.Strings() {
				s.Namespaces = append(s.Namespaces, specs.LinuxNamespaceType(n))
			}
			if s.Namespaces == nil {
				s.Namespaces = []specs.LinuxNamespaceType{}
			}
		}
	case "hooks":
		s.Hooks = d.Hooks()
	case "seccomp":
		s.Seccomp = d.Bytes()
	default:
		return false
	}
	return true
}
