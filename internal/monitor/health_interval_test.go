package monitor

import (
	"testing"
	"time"
)

func TestHealthNextInterval(t *testing.T) {
	h := HealthConfig{Interval: 30 * time.Second, StartPeriod: 10 * time.Second, StartInterval: time.Second}
	for _, tc := range []struct {
		h     HealthConfig
		since time.Duration
		want  time.Duration
	}{
		{h, 0, time.Second},
		{h, 9 * time.Second, time.Second},
		{h, 10 * time.Second, 30 * time.Second},
		{HealthConfig{Interval: 30 * time.Second, StartPeriod: 10 * time.Second}, 0, 30 * time.Second},
	} {
		if got := tc.h.nextInterval(tc.since); got != tc.want {
			t.Errorf("%+v after %v: %v, want %v", tc.h, tc.since, got, tc.want)
		}
	}
}
