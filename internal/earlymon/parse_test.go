package earlymon

import "testing"

func TestDetached(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"run", "-d", "img"}, true},
		{[]string{"run", "--detach", "img", "sleep", "1"}, true},
		{[]string{"run", "--detach=true", "img"}, true},
		{[]string{"run", "--detach=false", "img"}, false},
		{[]string{"run", "-dit", "img"}, true},
		{[]string{"run", "-itd", "--rm=false", "img"}, true},
		{[]string{"--root", "/r", "--state=/s", "-D", "run", "-d", "img"}, true},
		{[]string{"-ldebug", "run", "--name", "-d", "img"}, false}, // -d is the name
		{[]string{"run", "-e", "-d", "img"}, false},                // an env value
		{[]string{"run", "-e-d", "img"}, false},
		{[]string{"run", "-p", "80:80", "-d", "img"}, true},
		{[]string{"run", "--network", "none", "--detach", "img"}, true},
		{[]string{"run", "--net", "none", "-d", "img"}, true}, // pflag's alias of --network
		{[]string{"run", "--net=host", "-d", "img"}, true},
		{[]string{"run", "img", "ls", "-d"}, false}, // the command's flag
		{[]string{"run", "--", "-d"}, false},
		{[]string{"run", "--rm", "img"}, false},
		{[]string{"run"}, false},
		{[]string{"create", "-d", "img"}, false},
		{[]string{"exec", "-d", "c", "sh"}, false},
		{[]string{"--help", "run", "-d", "img"}, false},
		{[]string{"--bogus", "run", "-d", "img"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := Detached(tt.args); got != tt.want {
			t.Errorf("Detached(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
