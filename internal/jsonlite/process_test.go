package jsonlite

import (
	"encoding/json"
	"reflect"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// checkProcessSameAsJSON fails unless DecodeProcess gives what
// json.Unmarshal into a struct of the hostname and process gives.
func checkProcessSameAsJSON(t *testing.T, name string, b []byte) {
	t.Helper()
	var want struct {
		Hostname string         `json:"hostname"`
		Process  *specs.Process `json:"process"`
	}
	wantErr := json.Unmarshal(b, &want)
	host, p, err := DecodeProcess(b)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, encoding/json's %v", name, err, wantErr)
	case err != nil && err.Error() != wantErr.Error():
		t.Errorf("%s: error %q, encoding/json's %q", name, err, wantErr)
	case err == nil && (host != want.Hostname || !reflect.DeepEqual(p, want.Process)):
		t.Errorf("%s: decoded %q %+v, encoding/json %q %+v", name, host, p, want.Hostname, want.Process)
	}
}

// fastProcess reports whether DecodeProcess reads b itself.
func fastProcess(b []byte) bool {
	d := &decoder{b: b}
	d.object(func(k string) bool {
		switch k {
		case "process":
			d.process()
		default:
			d.skip()
		}
		return true
	})
	return d.end()
}

func TestDecodeProcessRealSpecs(t *testing.T) {
	for name, b := range realSpecs(t) {
		if !fastProcess(b) {
			t.Errorf("%s: left to encoding/json", name)
		}
		checkProcessSameAsJSON(t, name, b)
	}
}

// What the skip leaves to encoding/json, or encoding/json refuses: its
// result and its error.
func TestDecodeProcessEdgeCases(t *testing.T) {
	cases := []string{
		``, `null`, `[]`, `{}`, `{} x`, `{"process":null}`, `{"hostname":null}`, `{"Process":{"args":["a"]}}`,
		`{"HOSTNAME":"h"}`, `{"process":{"args":["a"]},"process":{"cwd":"/"}}`, `{"linux":{"a":1,"a":2}}`,
		`{"linux":{"x":[1,-2,true,false,null,"s",{"y":[]}]},"hostname":"h","process":{"cwd":"/"}}`,
		`{"linux":1.5}`, `{"linux":1e3}`, `{"linux":01}`, `{"linux":nul}`, `{"linux":tru}`, `{"linux":"\x"}`,
		`{"linux":[1,]}`, `{"linux":{"a":}}`, `{"linux":{}`, `{"mounts":[{"destination":"/d"}],"process":{"args":["x"]}}`,
		`{"linux":18446744073709551616123}`, "{\"linux\":\"\xff\"}",
	}
	for _, c := range cases {
		checkProcessSameAsJSON(t, c, []byte(c))
	}
}
