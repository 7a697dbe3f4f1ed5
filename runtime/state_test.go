package runtime

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// stateFile.marshal must write what json.Marshal writes, byte for byte:
// other tent processes (and older ones) read state.json with encoding/json.
func TestStateMarshalMatchesEncodingJSON(t *testing.T) {
	timeout := 5
	tricky := "a\"b\\c\n\t\x01<>&\u2028\u2029é\xff\xfe日本"
	tests := []struct {
		name string
		s    stateFile
	}{
		{"zero", stateFile{}},
		{"runc run", stateFile{OCIVersion: specs.Version, ID: "bench-tent-runc-1", Bundle: "/var/lib/b", Rootfs: "/var/lib/b/rootfs",
			Pid: 4242, StartTime: 1<<63 + 5, CgroupPath: "/tent-runc/x", Created: time.Date(2026, 12, 7, 4, 5, 6, 7, time.UTC),
			Namespaces: []specs.LinuxNamespaceType{specs.PIDNamespace, specs.NetworkNamespace}}},
		{"empty namespaces and annotations", stateFile{Namespaces: []specs.LinuxNamespaceType{}, Annotations: map[string]string{}}},
		{"escapes everywhere", stateFile{ID: tricky, Bundle: tricky, Rootfs: tricky, CgroupPath: tricky,
			Annotations: map[string]string{tricky: tricky, "b": "", "a": "1", "": "empty key"},
			Namespaces:  []specs.LinuxNamespaceType{specs.LinuxNamespaceType(tricky)}}},
		{"hooks and seccomp", stateFile{ID: "h", Pid: -1, Created: time.Date(1999, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 5*3600+30*60)),
			Hooks: &specs.Hooks{Poststart: []specs.Hook{{Path: "/bin/true", Args: []string{"true", tricky}, Timeout: &timeout}},
				Poststop: []specs.Hook{{Path: "/p"}}},
			Seccomp: []byte{0, 1, 2, 0xff, 0xfe, '<'}}},
		{"empty hooks", stateFile{Hooks: &specs.Hooks{}, Seccomp: []byte{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(&tt.s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.s.marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("marshal:\n got %s\nwant %s", got, want)
			}
			if _, ok := unmarshalStateFast(got); !ok {
				t.Errorf("state %s left to encoding/json", got)
			}
			checkStateSameAsJSON(t, got)
		})
	}
}

// checkStateSameAsJSON fails unless unmarshalState gives what
// json.Unmarshal gives: the same state, or the same error.
func checkStateSameAsJSON(t *testing.T, b []byte) {
	t.Helper()
	var want stateFile
	wantErr := json.Unmarshal(b, &want)
	got, err := unmarshalState(b)
	switch {
	case (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()):
		t.Errorf("%s: error %v, encoding/json's %v", b, err, wantErr)
	case err == nil && !reflect.DeepEqual(*got, want):
		t.Errorf("%s: decoded\n%+v\nencoding/json\n%+v", b, *got, want)
	}
}

// State files of another writer: pretty-printed, nulls, unknown fields,
// an escaped time, garbage.
func TestStateUnmarshalOtherWriters(t *testing.T) {
	for _, doc := range []string{
		`{}`, ` { "id" : "x" , "pid" : 7 } `, `{"namespaces":null,"annotations":null,"hooks":null,"seccomp":null}`,
		`{"namespaces":[]}`, `{"created":"2026-12-07T04:05:06.000000007Z"}`, `{"created":"2026-12-07T04:05:06+05:30"}`,
		`{"created":"2026-12-07T04:05:06\u002b05:30"}`, `{"created":"yesterday"}`, `{"created":null}`,
		`{"seccomp":"AAEC/w=="}`, `{"seccomp":"AAE\nC/w=="}`, `{"seccomp":"!!"}`, `{"startTime":-1}`, `{"pid":1.5}`,
		`{"Pid":3}`, `{"unknown":{"a":[1,2]}}`, `{"id":"a","id":"b"}`, `{"hooks":{"poststop":[{"path":"/p","timeout":3}]}}`,
		`{"id":"\u00e9\ud83d\ude00"}`, ``, `[]`, `{"id":}`, `{} {}`,
	} {
		checkStateSameAsJSON(t, []byte(doc))
	}
}

func TestStateMarshalRefusesWhatEncodingJSONRefuses(t *testing.T) {
	s := stateFile{Created: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := json.Marshal(&s); err == nil {
		t.Fatal("encoding/json took a year 10000")
	}
	if _, err := s.marshal(); err == nil {
		t.Error("marshal took a year 10000")
	}
}
