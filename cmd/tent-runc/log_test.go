package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestLogFormats(t *testing.T) {
	at := time.Date(2026, 12, 6, 23, 0, 0, 5, time.UTC)
	var buf bytes.Buffer
	l := &logger{w: &buf, stderr: &buf, json: true, now: func() time.Time { return at }}
	l.errorf("container %q does not exist", "c1")
	want := `{"level":"error","msg":"container \"c1\" does not exist","time":"2026-12-06T23:00:00.000000005Z"}` + "\n"
	if buf.String() != want {
		t.Errorf("json line\n%s want\n%s", buf.String(), want)
	}
	var m map[string]string
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil || len(m) != 3 {
		t.Errorf("json line does not decode to level, msg, time: %v %v", m, err)
	}
	buf.Reset()
	l.json = false
	l.warnf("a \"b\"")
	if want := `time="2026-12-06T23:00:00.000000005Z" level=warning msg="a \"b\""` + "\n"; buf.String() != want {
		t.Errorf("text line %q, want %q", buf.String(), want)
	}
	buf.Reset()
	l.Debugf("off")
	if buf.Len() != 0 {
		t.Errorf("debug line without --debug: %q", buf.String())
	}
	l.debug = true
	l.Debugf("on %d", 1)
	if !bytes.Contains(buf.Bytes(), []byte(`level=debug msg="on 1"`)) {
		t.Errorf("debug line %q", buf.String())
	}
}
