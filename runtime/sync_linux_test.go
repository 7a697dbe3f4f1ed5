package runtime

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestSyncCodec: a message that is only its type is written as
// encoding/json writes it and read back the same; any other goes through
// encoding/json both ways.
func TestSyncCodec(t *testing.T) {
	for _, m := range []syncMsg{
		{Type: syncReady}, {Type: syncGo}, {Type: syncConsole}, {Type: syncHooks},
		{Type: syncError, Error: "boom", Code: 127},
		{Type: syncReady, Steps: []traceStep{{Name: "pivot_root", At: 1, Nanos: 2}}},
		{Type: syncHooks, Hooks: &containerHooks{}},
		{Type: `we"ird`},
	} {
		b, err := encodeSync(m)
		if err != nil {
			t.Fatalf("%+v: %v", m, err)
		}
		want, _ := json.Marshal(m)
		if string(b) != string(want) {
			t.Errorf("%+v: wrote %s, encoding/json writes %s", m, b, want)
		}
		got, err := decodeSync(b)
		if err != nil || !reflect.DeepEqual(got, m) {
			t.Errorf("%s: read %+v (%v), want %+v", b, got, err, m)
		}
	}
	for in, want := range map[string]syncMsg{
		`{"type":"ready","code":3}`:  {Type: syncReady, Code: 3},
		`{"code":3,"type":"ready"}`:  {Type: syncReady, Code: 3},
		`{"type":"go"} `:             {Type: syncGo},
		`{"type":"r\u0065ady"}`:      {Type: syncReady},
		`{"type":"ready","x":"\"}"}`: {Type: syncReady},
	} {
		if got, err := decodeSync([]byte(in)); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read %+v (%v), want %+v", in, got, err, want)
		}
	}
	if _, err := decodeSync([]byte(`{"type":"ready"`)); err == nil {
		t.Error("a truncated message was read")
	}
}
