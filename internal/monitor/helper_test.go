package monitor

import (
	"reflect"
	"testing"
)

func TestWithoutEnv(t *testing.T) {
	env := []string{"A=1", "GOMAXPROCS=1", "B=2", "GOGC=20", "GOGCX=3"}
	got := withoutEnv(env, "GOMAXPROCS", "GOGC")
	if !reflect.DeepEqual(got, []string{"A=1", "B=2", "GOGCX=3"}) || len(env) != 5 || env[1] != "GOMAXPROCS=1" {
		t.Errorf("withoutEnv = %q (input now %q)", got, env)
	}
}

func TestCappedBuffer(t *testing.T) {
	var c cappedBuffer
	for i := 0; i < 3; i++ {
		if n, err := c.Write(make([]byte, 3000)); n != 3000 || err != nil {
			t.Fatalf("write: %d, %v", n, err)
		}
	}
	if len(c.b) != 4096 {
		t.Errorf("kept %d bytes, want 4096", len(c.b))
	}
}
