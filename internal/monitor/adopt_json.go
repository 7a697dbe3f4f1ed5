package monitor

import (
	"encoding/json"
	"strings"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// The control socket's messages are written and read field by field
// (internal/jsonlite), as json.Marshal writes them and json.Unmarshal reads
// them: encoding/json builds a type's encoder and decoder by reflection on
// first use and keeps them, heap the monitor would hold for life.
// adopt_test.go compares the two.

// appendAdoptMsg appends m as json.Marshal writes it.
func appendAdoptMsg(b []byte, m *adoptMsg) []byte {
	b = append(b, '{')
	if len(m.Args) > 0 {
		b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "args"), m.Args)
	}
	if c := m.Init; c != nil {
		b = append(jsonlite.AppendKey(b, "init"), '{')
		b = jsonlite.AppendString(jsonlite.AppendKey(b, "path"), c.Path)
		b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "args"), c.Args)
		b = jsonlite.AppendStrings(jsonlite.AppendKey(b, "env"), c.Env)
		b = jsonlite.AppendUint(jsonlite.AppendKey(b, "cloneFlags"), uint64(c.CloneFlags))
		b = appendBool(jsonlite.AppendKey(b, "terminal"), c.Terminal)
		b = append(b, '}')
	}
	if m.Stdin {
		b = appendBool(jsonlite.AppendKey(b, "stdin"), true)
	}
	if m.Pid != 0 {
		b = jsonlite.AppendInt(jsonlite.AppendKey(b, "pid"), int64(m.Pid))
	}
	if m.TTY {
		b = appendBool(jsonlite.AppendKey(b, "tty"), true)
	}
	if m.Code != 0 {
		b = jsonlite.AppendInt(jsonlite.AppendKey(b, "code"), int64(m.Code))
	}
	if m.Err != "" {
		b = jsonlite.AppendString(jsonlite.AppendKey(b, "err"), m.Err)
	}
	return append(b, '}')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// decodeAdoptMsg is json.Unmarshal(b, &m): what jsonlite refuses (a key
// it does not know or in another case, a float, an escape it does not
// take) goes to encoding/json, for the same result and error.
func decodeAdoptMsg(b []byte) (adoptMsg, error) {
	var m adoptMsg
	d := jsonlite.NewDecoder(b)
	d.Object(func(k string) bool {
		switch k {
		case "args":
			m.Args = d.NullStrings()
		case "init":
			if !d.Null() {
				m.Init = &InitCommand{}
				d.Object(func(k string) bool { return m.Init.decodeField(d, k) })
			}
		case "stdin":
			m.Stdin = d.Bool()
		case "pid":
			m.Pid = int(d.Int(0))
		case "tty":
			m.TTY = d.Bool()
		case "code":
			m.Code = int(d.Int(0))
		case "err":
			m.Err = d.String()
		default:
			return false
		}
		return true
	})
	if d.OK() {
		return m, nil
	}
	m = adoptMsg{}
	err := json.Unmarshal(b, &m)
	return m, err
}

func (c *InitCommand) decodeField(d *jsonlite.Decoder, k string) bool {
	switch k {
	case "path":
		c.Path = d.String()
	case "args":
		c.Args = d.NullStrings()
	case "env":
		c.Env = d.NullStrings()
	case "cloneFlags":
		c.CloneFlags = uintptr(d.Uint(64))
	case "terminal":
		c.Terminal = d.Bool()
	default:
		return false
	}
	return true
}

// isOurKey says whether k is one of keys in another case, which
// encoding/json would take: jsonlite leaves such a document to it.
func isOurKey(k string, keys ...string) bool {
	for _, ours := range keys {
		if strings.EqualFold(k, ours) {
			return true
		}
	}
	return false
}
