package jsonlite

import (
	"encoding/json"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// DecodeSpec decodes an OCI runtime spec (config.json) as
// json.Unmarshal(b, &spec) does: same result, same errors.
func DecodeSpec(b []byte) (*specs.Spec, error) {
	if s, ok := decodeSpecFast(b); ok {
		return s, nil
	}
	s := new(specs.Spec)
	if err := json.Unmarshal(b, s); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeSpecFast decodes b without reflection; ok is false when b has
// something it leaves to encoding/json.
func decodeSpecFast(b []byte) (*specs.Spec, bool) {
	d := &decoder{b: b}
	s := new(specs.Spec)
	d.object(func(k string) bool {
		switch k {
		case "ociVersion":
			s.Version = d.str()
		case "process":
			s.Process = d.process()
		case "root":
			s.Root = new(specs.Root)
			d.object(func(k string) bool { return d.root(s.Root, k) })
		case "hostname":
			s.Hostname = d.str()
		case "domainname":
			s.Domainname = d.str()
		case "mounts":
			s.Mounts = []specs.Mount{}
			d.array(func() { s.Mounts = append(s.Mounts, d.mount()) })
		case "hooks":
			s.Hooks = d.hooks()
		case "annotations":
			s.Annotations = d.strMap()
		case "linux":
			s.Linux = d.linux()
		default:
			return false
		}
		return true
	})
	return s, d.end()
}

func (d *decoder) root(r *specs.Root, k string) bool {
	switch k {
	case "path":
		r.Path = d.str()
	case "readonly":
		r.Readonly = d.bool()
	default:
		return false
	}
	return true
}

func (d *decoder) process() *specs.Process {
	p := new(specs.Process)
	d.object(func(k string) bool {
		switch k {
		case "terminal":
			p.Terminal = d.bool()
		case "consoleSize":
			p.ConsoleSize = d.box()
		case "user":
			d.object(func(k string) bool { return d.user(&p.User, k) })
		case "args":
			p.Args = strs[string](d)
		case "env":
			p.Env = strs[string](d)
		case "cwd":
			p.Cwd = d.str()
		case "capabilities":
			p.Capabilities = d.capabilities()
		case "rlimits":
			p.Rlimits = []specs.POSIXRlimit{}
			d.array(func() { p.Rlimits = append(p.Rlimits, d.rlimit()) })
		case "noNewPrivileges":
			p.NoNewPrivileges = d.bool()
		case "apparmorProfile":
			p.ApparmorProfile = d.str()
		case "oomScoreAdj":
			p.OOMScoreAdj = ptr(int(d.int(0)))
		case "selinuxLabel":
			p.SelinuxLabel = d.str()
		default:
			return false
		}
		return true
	})
	return p
}

func (d *decoder) box() *specs.Box {
	b := new(specs.Box)
	d.object(func(k string) bool {
		switch k {
		case "height":
			b.Height = uint(d.uint(0))
		case "width":
			b.Width = uint(d.uint(0))
		default:
			return false
		}
		return true
	})
	return b
}

func (d *decoder) user(u *specs.User, k string) bool {
	switch k {
	case "uid":
		u.UID = uint32(d.uint(32))
	case "gid":
		u.GID = uint32(d.uint(32))
	case "umask":
		u.Umask = ptr(uint32(d.uint(32)))
	case "additionalGids":
		u.AdditionalGids = []uint32{}
		d.array(func() { u.AdditionalGids = append(u.AdditionalGids, uint32(d.uint(32))) })
	case "username":
		u.Username = d.str()
	default:
		return false
	}
	return true
}

func (d *decoder) capabilities() *specs.LinuxCapabilities {
	c := new(specs.LinuxCapabilities)
	d.object(func(k string) bool {
		set := capSet(c, k)
		if set != nil {
			*set = strs[string](d)
		}
		return set != nil
	})
	return c
}

func capSet(c *specs.LinuxCapabilities, k string) *[]string {
	switch k {
	case "bounding":
		return &c.Bounding
	case "effective":
		return &c.Effective
	case "inheritable":
		return &c.Inheritable
	case "permitted":
		return &c.Permitted
	case "ambient":
		return &c.Ambient
	}
	return nil
}

func (d *decoder) rlimit() specs.POSIXRlimit {
	var r specs.POSIXRlimit
	d.object(func(k string) bool {
		switch k {
		case "type":
			r.Type = d.str()
		case "hard":
			r.Hard = d.uint(64)
		case "soft":
			r.Soft = d.uint(64)
		default:
			return false
		}
		return true
	})
	return r
}

func (d *decoder) mount() specs.Mount {
	var m specs.Mount
	d.object(func(k string) bool {
		switch k {
		case "destination":
			m.Destination = d.str()
		case "type":
			m.Type = d.str()
		case "source":
			m.Source = d.str()
		case "options":
			m.Options = strs[string](d)
		default:
			return false
		}
		return true
	})
	return m
}

func (d *decoder) hooks() *specs.Hooks {
	h := new(specs.Hooks)
	d.object(func(k string) bool {
		list := hookList(h, k)
		if list != nil {
			*list = []specs.Hook{}
			d.array(func() { *list = append(*list, d.hook()) })
		}
		return list != nil
	})
	return h
}

func hookList(h *specs.Hooks, k string) *[]specs.Hook {
	switch k {
	case "prestart":
		//lint:ignore SA1019 deprecated, but runtimes must still run it
		return &h.Prestart
	case "createRuntime":
		return &h.CreateRuntime
	case "createContainer":
		return &h.CreateContainer
	case "startContainer":
		return &h.StartContainer
	case "poststart":
		return &h.Poststart
	case "poststop":
		return &h.Poststop
	}
	return nil
}

func (d *decoder) hook() specs.Hook {
	var h specs.Hook
	d.object(func(k string) bool {
		switch k {
		case "path":
			h.Path = d.str()
		case "args":
			h.Args = strs[string](d)
		case "env":
			h.Env = strs[string](d)
		case "timeout":
			h.Timeout = ptr(int(d.int(0)))
		default:
			return false
		}
		return true
	})
	return h
}
