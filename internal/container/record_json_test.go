package container

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fullRecord sets every field (TestFullRecordIsFull checks), with strings
// json.Marshal escapes.
func fullRecord() Record {
	t0 := time.Date(2026, 12, 7, 4, 34, 35, 172894107, time.UTC)
	t1 := time.Date(2026, 12, 7, 5, 0, 0, 1, time.FixedZone("", 3600))
	return Record{
		ID: "ee7a89ec5748e41e7cf51f6f708c0958000b8054d9ffadbfad6ee3848e4e15ce", Name: "web<1>&é",
		Image: "demo/busybox", ImageID: "sha256:865024ea", Created: t0, Path: "sh",
		Args: []string{"-c", "echo \"hi\"\n\\ \u2028 \x01"},
		State: State{Status: StatusRunning, Pid: 9213, ExitCode: 137, OOMKilled: true, Error: "monitor <died>",
			StartedAt: t0, FinishedAt: t1,
			Health: &Health{Status: HealthUnhealthy, FailingStreak: 3,
				Log: []HealthResult{{Start: t0, End: t1, ExitCode: 1, Output: "curl: (7) <fail>\n"}}},
			MonitorPid: 9207, PidStart: 2778718, MonitorStart: 2778716, StoppedByUser: true, Paused: true},
		RestartCount: 2, Opts: []byte(`{"image":"demo/busybox"}`), Network: []byte{0, 1, 2, 0xff},
		Mounts: []Mount{{Type: "volume", Name: "data", Source: "/var/lib/tent/volumes/data/_data",
			Destination: "/data", RW: true, Propagation: "rprivate", Data: []string{"size=64m"}, CopyUp: true}},
		Healthcheck: &Healthcheck{Test: []string{"CMD", "true"}, Interval: time.Second, Timeout: 2 * time.Second,
			StartPeriod: 3 * time.Second, Retries: 4, StartInterval: 5 * time.Second},
	}
}

func TestFullRecordIsFull(t *testing.T) {
	var zero func(v reflect.Value, path string)
	zero = func(v reflect.Value, path string) {
		switch {
		case v.IsZero():
			t.Errorf("fullRecord leaves %s zero: set it, and decode it in record_json.go", path)
		case v.Kind() == reflect.Pointer:
			zero(v.Elem(), path)
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
			zero(v.Index(0), path+"[0]")
		case v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[time.Time]():
			for i := 0; i < v.NumField(); i++ {
				zero(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
	zero(reflect.ValueOf(fullRecord()), "Record")
}

// The records tent writes decode field by field, as encoding/json decodes them.
func TestUnmarshalRecordFast(t *testing.T) {
	full := fullRecord()
	sparse := Record{ID: full.ID, Args: []string{}, Mounts: []Mount{{Type: "tmpfs", Destination: "/t"}},
		State: State{Health: &Health{Status: HealthStarting}}, Healthcheck: &Healthcheck{}}
	for name, r := range map[string]Record{"zero": {}, "full": full, "sparse": sparse} {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := unmarshalRecordFast(b)
		if !ok {
			t.Errorf("%s: refused %s", name, b)
			continue
		}
		var want Record
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, *got, want)
		}
	}
}

// What the field by field read refuses goes to encoding/json: the same
// record, the same error.
func TestUnmarshalRecordRefused(t *testing.T) {
	docs := []string{
		`{"Id":"a","Extra":1}`, `{"id":"a"}`, `{"Id":"a","Id":"b"}`, `{"Name":null}`,
		`{"RestartCount":1.0}`, `{"RestartCount":1e2}`, `{"Created":"2026-12-07T04:34:35\u005a"}`,
		`{"State":{"Paused":"yes"}}`, `{"State":{"Pid":-1,"PidStart":-1}}`, `{"Opts":"!!"}`,
		`{"Mounts":[{"Type":"bind","X":1}]}`, `{"Healthcheck":{"Interval":"1s"}}`,
		`{"Id":`, `{} x`, `[]`, ``, `null`, `{"State":null}`,
	}
	for _, doc := range docs {
		if _, ok := unmarshalRecordFast([]byte(doc)); ok && doc != `{}` {
			t.Errorf("%s: taken by the fast path", doc)
		}
		got, err := unmarshalRecord([]byte(doc))
		var want Record
		werr := json.Unmarshal([]byte(doc), &want)
		if fmt.Sprint(err) != fmt.Sprint(werr) || (err == nil && !reflect.DeepEqual(*got, want)) {
			t.Errorf("%s: got %+v, %v; want %+v, %v", doc, got, err, want, werr)
		}
	}
}

// Records are written field by field, byte for byte as json.Marshal
// writes them.
func TestMarshalRecord(t *testing.T) {
	full := fullRecord()
	sparse := Record{ID: full.ID, Args: []string{}, Mounts: []Mount{{Type: "tmpfs", Destination: "/t"}, {Type: "bind"}},
		State: State{Health: &Health{Status: HealthStarting, Log: []HealthResult{}}}, Healthcheck: &Healthcheck{}}
	running := Record{ID: full.ID, Opts: []byte{}, Network: []byte(`{"ip":"10.1.0.2"}`),
		State: State{Status: StatusRunning, Pid: 7, StartedAt: time.Now(), MonitorPid: 6, MonitorStart: 1}}
	for name, r := range map[string]Record{"zero": {}, "full": full, "sparse": sparse, "running": running} {
		want, err := json.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalRecord(&r)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s:\n got %s, %v\nwant %s", name, got, err, want)
		}
	}
	bad := Record{State: State{FinishedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if _, err := marshalRecord(&bad); err == nil {
		t.Error("a time past year 9999 was written")
	}
}
