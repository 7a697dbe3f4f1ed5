package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/container"
)

func TestPsFilters(t *testing.T) {
	opts, _ := json.Marshal(RunOptions{HostOptions: HostOptions{Labels: map[string]string{"app": "web", "tier": ""}}})
	rec := &container.Record{ID: "abcdef0123456789", Name: "myweb", Image: "nginx", ImageID: "sha256:0123456789abcdef00",
		State: container.State{Status: container.StatusExited}, Opts: opts}
	for _, tc := range []struct {
		terms []string
		want  bool
	}{
		{nil, true},
		{[]string{"label=app"}, true},
		{[]string{"label=app=web"}, true},
		{[]string{"label=app=db"}, false},
		{[]string{"label=app", "label=tier="}, true},
		{[]string{"label=app", "label=nope"}, false},
		{[]string{"name=web"}, true},
		{[]string{"name=/myweb"}, true},
		{[]string{"name=db", "name=web"}, true},
		{[]string{"name=db"}, false},
		{[]string{"status=exited"}, true},
		{[]string{"status=running"}, false},
		{[]string{"id=abcdef"}, true},
		{[]string{"id=bcdef"}, false},
		{[]string{"ancestor=nginx"}, true},
		{[]string{"ancestor=nginx:latest"}, true},
		{[]string{"ancestor=sha256:0123456789ab"}, true},
		{[]string{"ancestor=alpine"}, false},
		{[]string{"name=web", "status=running"}, false},
	} {
		f, err := ParseFilters(tc.terms)
		if err != nil {
			t.Fatalf("%v: %v", tc.terms, err)
		}
		if got := f.match(rec); got != tc.want {
			t.Errorf("%v: match %v, want %v", tc.terms, got, tc.want)
		}
	}
	for _, bad := range []string{"nokey", "color=red", "status=sleeping"} {
		if _, err := ParseFilters([]string{bad}); err == nil || !strings.Contains(err.Error(), "invalid filter") {
			t.Errorf("%s: err %v", bad, err)
		}
	}
}
