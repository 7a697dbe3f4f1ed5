package main

import (
	"testing"
	"time"
)

func TestParseEventTime(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"now", now},
		{"10m", now.Add(-10 * time.Minute)},
		{"1700000000", time.Unix(1700000000, 0)},
		{"1700000000.5", time.Unix(1700000000, 500000000)},
		{"2026-01-02T03:00:00Z", time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)},
		{"2026-01-02T03:00:00.25+01:00", time.Date(2026, 1, 2, 2, 0, 0, 250000000, time.UTC)},
	} {
		got, err := parseEventTime(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"yesterday", "2026-13-01", "1.x"} {
		if _, err := parseEventTime(bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
