package initcodec

import (
	"errors"
	"fmt"
	"slices"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/rootfs"
)

// The init config goes to the init (fd 3) in a small binary encoding, not
// JSON: a new process's first json.Unmarshal builds a decoder for each
// struct type by reflection and faults in encoding/json's code, on the
// critical path of every container start and exec; a flat binary decode
// skips both. Parent and init are one build (the runtime's initProtocol in
// argv), so the format has no compatibility to keep: change both ends
// together.
//
// The message is initCodecMagic, then the fields of Config in a fixed
// order (spec.go and mounts.go for the spec and process parts); primitives are
// in wire.go. Empty strings, slices and maps all decode as their
// zero value (nil for slices and maps), as with JSON's omitempty.
//
// Every exported field of Config and of the types it carries is sent;
// fields_test.go checks that by reflection, and lists in notSentToInit the
// fields deliberately left out (the parts of the spec that TrimSpec drops
// are not walked).

// initCodecMagic is the first byte: the format's version, and not '{', so
// that a JSON config from another build is rejected by name.
const initCodecMagic byte = 0xc1

// Spec.Process is usually the same *Process as Config.Process; it is
// sent once and the decoder restores the sharing.
const specProcessIsProcess = 2

// Marshal encodes c for the init.
func (c *Config) Marshal() []byte {
	e := &encoder{b: make([]byte, 0, 2048)}
	e.b = append(e.b, initCodecMagic)
	e.str(string(c.Kind))
	if e.present(c.Process != nil) {
		e.process(c.Process)
	}
	e.spec(c.Spec, c.Process)
	e.str(c.Rootfs)
	e.rootfsMounts(c.RootfsMounts)
	e.joins(c.Joins)
	e.bool(c.NewNet)
	e.bool(c.CgroupV2)
	e.str(c.CgroupPath)
	putStrings(e, c.CgroupThreadFiles)
	e.str(c.FifoPath)
	e.bool(c.UnshareCgroupNS)
	e.varint(c.CloneAt)
	e.bool(c.Trace)
	e.str(string(c.Seccomp))
	e.bool(c.HookSync)
	e.bool(c.StartNow)
	return e.b
}

// Unmarshal decodes what Marshal made. Errors name the
// field being read; garbage gives an error, never a panic.
func Unmarshal(b []byte) (*Config, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("init config: decode magic: %w", errTruncated)
	}
	if b[0] != initCodecMagic {
		return nil, fmt.Errorf("init config: decode magic: got %#x, want %#x (tent and its init from different builds?)",
			b[0], initCodecMagic)
	}
	d := newDecoder(b)
	d.off = 1
	c := &Config{Kind: Kind(d.str("kind"))}
	if d.present("process") {
		c.Process = d.process("process")
	}
	c.Spec = d.spec(c.Process)
	c.Rootfs = d.str("rootfs")
	c.RootfsMounts = d.rootfsMounts()
	c.Joins = d.joins()
	c.NewNet = d.bool("newNet")
	c.CgroupV2 = d.bool("cgroupV2")
	c.CgroupPath = d.str("cgroupPath")
	c.CgroupThreadFiles = getStrings[string](d, "cgroupThreadFiles")
	c.FifoPath = d.str("fifoPath")
	c.UnshareCgroupNS = d.bool("unshareCgroupNS")
	c.CloneAt = d.varint("cloneAt")
	c.Trace = d.bool("trace")
	if s := d.str("seccomp"); s != "" {
		c.Seccomp = []byte(s)
	}
	c.HookSync = d.bool("hookSync")
	c.StartNow = d.bool("startNow")
	if d.err == nil && d.left() != 0 {
		d.fail("end", fmt.Errorf("%d trailing bytes", d.left()))
	}
	if d.err != nil {
		return nil, d.err
	}
	return c, nil
}

func (e *encoder) rootfsMounts(ms []rootfs.Mount) {
	putList(e, ms, func(m *rootfs.Mount) {
		e.str(m.Type)
		e.str(m.Source)
		e.str(m.Target)
		putStrings(e, m.Options)
		e.str(m.Chdir)
	})
}

func (d *decoder) rootfsMounts() []rootfs.Mount {
	return getList(d, "rootfsMounts", func(m *rootfs.Mount) {
		m.Type = d.str("type")
		m.Source = d.str("source")
		m.Target = d.str("target")
		m.Options = getStrings[string](d, "options")
		m.Chdir = d.str("chdir")
	})
}

func (e *encoder) joins(js []NamespaceJoin) {
	putList(e, js, func(j *NamespaceJoin) {
		e.str(string(j.Type))
		e.str(j.Path)
	})
}

func (d *decoder) joins() []NamespaceJoin {
	return getList(d, "joins", func(j *NamespaceJoin) {
		j.Type = specs.LinuxNamespaceType(d.str("type"))
		j.Path = d.str("path")
	})
}

// putMap writes m's pairs sorted by key (the encoding is deterministic).
func putMap(e *encoder, m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.length(len(keys))
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
}

// getMap reads what putMap wrote; keys out of order or repeated are an
// error, so that one map has one encoding.
func getMap(d *decoder, field string) map[string]string {
	n := d.length(field)
	if n == 0 {
		return nil
	}
	m := make(map[string]string, n)
	d.enter(field)
	prev := ""
	for i := 0; i < n && d.err == nil; i++ {
		d.at(i)
		k := d.str("key")
		if i > 0 && k <= prev {
			d.fail("key", errors.New("keys not sorted or repeated"))
		}
		m[k] = d.str("value")
		prev = k
	}
	d.leave()
	return m
}
