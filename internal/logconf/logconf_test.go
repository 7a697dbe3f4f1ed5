package logconf

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

func TestConfigure(t *testing.T) {
	for _, tc := range []struct {
		level   string
		debug   bool
		want    logrus.Level
		wantErr bool
	}{
		{"info", false, logrus.InfoLevel, false},
		{"debug", false, logrus.DebugLevel, false},
		{"warn", false, logrus.WarnLevel, false},
		{"ERROR", false, logrus.ErrorLevel, false},
		{"fatal", false, logrus.FatalLevel, false},
		{"error", true, logrus.DebugLevel, false},
		{"trace", false, 0, true},
		{"", false, 0, true},
	} {
		l := logrus.New()
		err := Configure(l, &bytes.Buffer{}, tc.level, tc.debug, time.Now())
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: err %v", tc.level, err)
			continue
		}
		if err == nil && l.GetLevel() != tc.want {
			t.Errorf("%q debug=%v: level %v, want %v", tc.level, tc.debug, l.GetLevel(), tc.want)
		}
	}
}

func TestDebugOnlyWhenEnabled(t *testing.T) {
	l := logrus.New()
	l.SetLevel(logrus.InfoLevel)
	if Debug(l, "image") != nil {
		t.Fatal("a logger at info gave a debug logger")
	}
	if Debug(nil, "image") != nil {
		t.Fatal("nil gave a debug logger")
	}
	var out bytes.Buffer
	start := time.Now()
	if err := Configure(l, &out, "info", true, start); err != nil {
		t.Fatal(err)
	}
	d := Debug(l, "image")
	if d == nil {
		t.Fatal("no debug logger at debug level")
	}
	d.Debugf("resolved %s", "busybox")
	l.WithField("n", 2).Warn("careful")
	re := regexp.MustCompile(`^DEBU \+\d+\.\d{3}ms image: resolved busybox\nWARN \+\d+\.\d{3}ms careful n=2\n$`)
	if !re.MatchString(out.String()) {
		t.Fatalf("output %q", out.String())
	}
}
