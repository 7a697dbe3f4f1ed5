package image

import (
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestApplyChanges(t *testing.T) {
	base := func() v1.Config {
		return v1.Config{Env: []string{"PATH=/bin", "A=old"}, WorkingDir: "/srv", Cmd: []string{"sh"}}
	}
	tests := []struct {
		changes []string
		check   func(c v1.Config) bool
		wantErr string
	}{
		{[]string{`CMD ["httpd","-f"]`}, func(c v1.Config) bool { return reflect.DeepEqual(c.Cmd, []string{"httpd", "-f"}) }, ""},
		{[]string{`cmd echo hi`}, func(c v1.Config) bool { return reflect.DeepEqual(c.Cmd, []string{"/bin/sh", "-c", "echo hi"}) }, ""},
		{[]string{`ENTRYPOINT ["/init"]`}, func(c v1.Config) bool { return c.Entrypoint[0] == "/init" }, ""},
		{[]string{`ENV A=new B="two words" C=x\ y`}, func(c v1.Config) bool {
			return reflect.DeepEqual(c.Env, []string{"PATH=/bin", "A=new", "B=two words", "C=x y"})
		}, ""},
		{[]string{`ENV D legacy value`}, func(c v1.Config) bool { return c.Env[2] == "D=legacy value" }, ""},
		{[]string{`LABEL org.x=1 "k 2"=v`}, func(c v1.Config) bool { return c.Labels["org.x"] == "1" && c.Labels["k 2"] == "v" }, ""},
		{[]string{`EXPOSE 80 53/udp`}, func(c v1.Config) bool { return len(c.ExposedPorts) == 2 && has(c.ExposedPorts, "80/tcp") }, ""},
		{[]string{`USER 1000:1000`, `WORKDIR app`}, func(c v1.Config) bool { return c.User == "1000:1000" && c.WorkingDir == "/srv/app" }, ""},
		{[]string{`WORKDIR /abs/../x`}, func(c v1.Config) bool { return c.WorkingDir == "/x" }, ""},
		{[]string{`VOLUME ["/data"]`, `VOLUME /a /b`}, func(c v1.Config) bool { return len(c.Volumes) == 3 }, ""},
		{[]string{`STOPSIGNAL SIGINT`, `ONBUILD RUN x`}, func(c v1.Config) bool { return c.StopSignal == "SIGINT" && c.OnBuild[0] == "RUN x" }, ""},
		{[]string{`RUN rm -rf /`}, nil, "RUN is not a valid change command"},
		{[]string{`CMD`}, nil, "needs an argument"},
		{[]string{`CMD ["x"`}, nil, "JSON array"},
		{[]string{`ENV A="open`}, nil, "unterminated"},
		{[]string{`LABEL =v`}, nil, "not key=value"},
	}
	for _, tt := range tests {
		c := base()
		err := ApplyChanges(&c, tt.changes)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: error %v, want %q", tt.changes, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !tt.check(c) {
			t.Errorf("%q: %v, config %+v", tt.changes, err, c)
		}
	}
}

func has(m map[string]struct{}, k string) bool { _, ok := m[k]; return ok }

// FuzzApplyChanges: any -c text is applied or refused with an error, never
// a panic, and a refused change names itself.
func FuzzApplyChanges(f *testing.F) {
	for _, s := range []string{`CMD ["a","b"]`, `ENV A="x y" B=z\ w`, `LABEL 'k'=v`, `EXPOSE 80/udp`,
		`VOLUME ["/d"]`, `WORKDIR ../x`, `ENV A="open`, `RUN x`, `ONBUILD RUN y`, "ENV \\", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, change string) {
		var c v1.Config
		if err := ApplyChanges(&c, []string{change}); err != nil && !strings.Contains(err.Error(), "change ") {
			t.Errorf("%q: error %v does not name the change", change, err)
		}
	})
}
