package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestStateJSON: the keys and their order are runc's; annotations only
// when there are some.
func TestStateJSON(t *testing.T) {
	st := containerState{OCIVersion: "1.3.0", ID: "c1", Pid: 42, Status: "running", Bundle: "/b", Rootfs: "/b/rootfs",
		Created: time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC), Owner: "root"}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ociVersion":"1.3.0","id":"c1","pid":42,"status":"running","bundle":"/b","rootfs":"/b/rootfs","created":"2026-12-06T23:00:00Z","owner":"root"}`
	if string(b) != want {
		t.Errorf("state\n%s want\n%s", b, want)
	}
	st.Annotations = map[string]string{"a": "b"}
	if b, _ := json.Marshal(st); !strings.Contains(string(b), `"annotations":{"a":"b"}`) {
		t.Errorf("annotations missing: %s", b)
	}
}
