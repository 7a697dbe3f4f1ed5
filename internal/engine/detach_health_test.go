package engine

import (
	"strings"
	"testing"
	"time"
)

func TestHealthFromOptions(t *testing.T) {
	h, err := healthFromOptions(nil, RunOptions{HealthCmd: "curl -f localhost", HealthInterval: "2s", HealthRetries: 5})
	if err != nil || strings.Join(h.Test, "|") != "/bin/sh|-c|curl -f localhost" || h.Interval != 2*time.Second || h.Retries != 5 {
		t.Fatalf("health: %+v, %v", h, err)
	}
	if h, _ := healthFromOptions(nil, RunOptions{}); h != nil {
		t.Fatalf("no health check expected: %+v", h)
	}
	if _, err := healthFromOptions(nil, RunOptions{HealthCmd: "x", HealthInterval: "soon"}); err == nil {
		t.Fatal("bad interval accepted")
	}
	for in, want := range map[string]string{"CMD|a|b": "a|b", "CMD-SHELL|x y": "/bin/sh|-c|x y", "NONE": ""} {
		if got := strings.Join(healthTest(strings.Split(in, "|")), "|"); got != want {
			t.Errorf("healthTest(%s) = %s", in, got)
		}
	}
}
