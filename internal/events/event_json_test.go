package events

import (
	"encoding/json"
	"testing"
)

// Events are written field by field, byte for byte as json.Marshal writes
// them.
func TestEventJSON(t *testing.T) {
	full := Container("die", "ab<c>", "web&1", "demo/busybox", "exitCode", "137", "signal", "\u2028\"x\"")
	for name, ev := range map[string]Event{
		"zero": {}, "container": full, "image": Image("pull", "alpine", "docker.io/library/alpine:latest"),
		"network": New(TypeNetwork, "create", "n1", nil), "nil attributes": {Type: TypeVolume, Time: -1},
	} {
		want, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		if got := ev.appendJSON(nil); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}
