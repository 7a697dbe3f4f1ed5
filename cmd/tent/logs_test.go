package main

import (
	"testing"
	"time"
)

func TestParseTailAndSince(t *testing.T) {
	for in, want := range map[string]int{"all": -1, "": -1, "0": 0, "25": 25, "-3": -1} {
		if got, err := parseTail(in); err != nil || got != want {
			t.Errorf("parseTail(%q) = %d, %v", in, got, err)
		}
	}
	if _, err := parseTail("ten"); err == nil {
		t.Error("parseTail(ten) accepted")
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"10m", now.Add(-10 * time.Minute)},
		{"2026-11-25T11:00:00Z", now.Add(-time.Hour)},
		{"1795000000", time.Unix(1795000000, 0)},
	}
	for _, tt := range tests {
		if got, err := parseSince(tt.in, now); err != nil || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q) = %v, %v", tt.in, got, err)
		}
	}
	if _, err := parseSince("yesterday", now); err == nil {
		t.Error("parseSince(yesterday) accepted")
	}
}
