package main

import (
	"testing"
	"time"
)

func TestImageSizeAndAgo(t *testing.T) {
	for n, want := range map[int64]string{0: "0B", 512: "512B", 4_260_000: "4.26MB", 1_234_567_890: "1.23GB"} {
		if got := imageSize(n); got != want {
			t.Errorf("imageSize(%d) = %q, want %q", n, got, want)
		}
	}
	if got := imageAgo(time.Time{}); got != "N/A" {
		t.Errorf("imageAgo(zero) = %q", got)
	}
	if got := imageAgo(time.Now().Add(-3 * time.Hour)); got != "3 hours ago" {
		t.Errorf("imageAgo(3h) = %q", got)
	}
}
