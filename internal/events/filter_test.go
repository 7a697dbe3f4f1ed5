package events

import "testing"

func TestFilter(t *testing.T) {
	die := Container("die", "0123456789abcdef", "web", "alpine:latest", "exitCode", "0", "com.x", "y")
	health := Container("health_status: unhealthy", "0123456789abcdef", "web", "alpine")
	pull := Image("pull", "docker.io/library/alpine:latest", "docker.io/library/alpine:latest")
	for _, tc := range []struct {
		args []string
		ev   Event
		want bool
	}{
		{nil, die, true},
		{[]string{"type=container"}, die, true},
		{[]string{"type=image"}, die, false},
		{[]string{"event=die"}, die, true},
		{[]string{"event=start", "event=die"}, die, true},
		{[]string{"event=start"}, die, false},
		{[]string{"event=health_status"}, health, true},
		{[]string{"container=web"}, die, true},
		{[]string{"container=0123"}, die, true},
		{[]string{"container=db"}, die, false},
		{[]string{"container=web", "event=start"}, die, false},
		{[]string{"image=alpine"}, die, true},
		{[]string{"image=alpine"}, pull, true},
		{[]string{"image=busybox"}, pull, false},
		{[]string{"label=com.x"}, die, true},
		{[]string{"label=com.x=y"}, die, true},
		{[]string{"label=com.x=z"}, die, false},
	} {
		f, err := ParseFilter(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Match(tc.ev); got != tc.want {
			t.Errorf("%v on %s %s: %v, want %v", tc.args, tc.ev.Type, tc.ev.Action, got, tc.want)
		}
	}
	for _, bad := range []string{"event", "foo=bar", "type="} {
		if _, err := ParseFilter([]string{bad}); err == nil {
			t.Errorf("filter %q accepted", bad)
		}
	}
}
