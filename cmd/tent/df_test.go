package main

import (
	"reflect"
	"testing"

	"github.com/tent-dev/tent/internal/engine"
)

func TestDfRows(t *testing.T) {
	du := engine.DiskUsage{
		Images:     []engine.ImageUsage{{Size: 300, Containers: 1}, {Size: 100}},
		Containers: []engine.ContainerUsage{{Size: 10, Running: true}, {Size: 30}},
		Volumes:    []engine.VolumeUsage{{Size: 5, Links: 1}},
		BuildCache: 7,
	}
	var got []string
	for _, r := range dfRows(du) {
		got = append(got, r.String())
	}
	want := []string{"Images\t2\t1\t400B\t100B (25%)", "Containers\t2\t1\t40B\t30B (75%)",
		"Local Volumes\t1\t1\t5B\t0B (0%)", "Build Cache\t0\t0\t7B\t7B"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows\n%q\nwant\n%q", got, want)
	}
}
