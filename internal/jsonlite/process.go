package jsonlite

import (
	"encoding/json"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// DecodeProcess decodes a spec's process and hostname as json.Unmarshal
// into a struct of those two fields does (same result, same errors), for
// tent exec, which needs no more: the rest (linux, whose seccomp profile is
// most of a spec) is read over, not built.
func DecodeProcess(b []byte) (hostname string, p *specs.Process, err error) {
	d := &decoder{b: b}
	d.object(func(k string) bool {
		switch {
		case k == "process":
			p = d.process()
		case k == "hostname":
			hostname = d.str()
		case strings.EqualFold(k, "process"), strings.EqualFold(k, "hostname"):
			return false // encoding/json matches keys without case
		default:
			d.skip()
		}
		return true
	})
	if d.end() {
		return hostname, p, nil
	}
	var s struct {
		Hostname string         `json:"hostname"`
		Process  *specs.Process `json:"process"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", nil, err
	}
	return s.Hostname, s.Process, nil
}

// skip reads over a value, refusing what the decoder refuses elsewhere (a
// number that is not an integer, an escape it does not take, a key twice).
func (d *decoder) skip() {
	switch d.peek() {
	case '{':
		d.object(func(string) bool { d.skip(); return true })
	case '[':
		d.array(d.skip)
	case '"':
		d.str()
	case 't', 'f':
		d.bool()
	case 'n':
		if !d.literal("null") {
			d.fail()
		}
	default:
		d.integer()
	}
}
