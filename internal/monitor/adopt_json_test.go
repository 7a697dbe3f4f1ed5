package monitor

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// The control socket's messages are written byte for byte as json.Marshal
// writes them and read as json.Unmarshal reads them.
func TestAdoptMsgJSON(t *testing.T) {
	init := &InitCommand{Path: "/usr/bin/tent-init", Args: []string{"tent", "__tent_init", "<p>"},
		Env: []string{"A=\"1\"\n"}, CloneFlags: 0x7c020000, Terminal: true}
	for name, m := range map[string]adoptMsg{
		"zero": {}, "init": {Init: init, Stdin: true}, "bare init": {Init: &InitCommand{}},
		"args": {Args: []string{"--adopt", "--tent", "/bin/tent", "id"}}, "empty args": {Args: []string{}},
		"started": {Pid: 4242, TTY: true}, "failed": {Err: "no such image: é&<x>", Code: 125},
	} {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendAdoptMsg(nil, &m); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
		got, err := decodeAdoptMsg(want)
		var back adoptMsg
		_ = json.Unmarshal(want, &back)
		if err != nil || !reflect.DeepEqual(got, back) {
			t.Errorf("%s: decoded %+v, %v; want %+v", name, got, err, back)
		}
	}
	for _, doc := range []string{`{"Pid":1}`, `{"pid":1,"extra":2}`, `{"pid":1.5}`, `{"init":null}`,
		`{"init":{"path":"/x","cloneFlags":-1}}`, `{"err":"\u00e9"}`, `{"pid":`, ``, `[]`} {
		got, err := decodeAdoptMsg([]byte(doc))
		var want adoptMsg
		werr := json.Unmarshal([]byte(doc), &want)
		if fmt.Sprint(err) != fmt.Sprint(werr) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: got %+v, %v; want %+v, %v", doc, got, err, want, werr)
		}
	}
}
