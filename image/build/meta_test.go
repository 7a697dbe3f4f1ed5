package build

import (
	"reflect"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// applyAll parses a stage's instructions and applies them to a fresh
// state, the way a build does (expansion first).
func applyAll(t *testing.T, src string, o *Options) *state {
	t.Helper()
	df, err := ParseDockerfile("Dockerfile", []byte("FROM scratch\n"+src))
	if err != nil {
		t.Fatal(err)
	}
	if o.used == nil {
		o.used = map[string]bool{}
	}
	b := &builder{o: o, lex: shell.NewLex('\\')}
	s := &state{args: map[string]string{}, cfg: v1.ConfigFile{Config: v1.Config{Cmd: []string{"inherited"}}}}
	for _, c := range df.Stages[0].Commands {
		if err := b.expand(s, c); err != nil {
			t.Fatal(err)
		}
		if _, err := applyMeta(s, c, o); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestApplyMeta(t *testing.T) {
	o := &Options{BuildArgs: map[string]string{"FROMCLI": "cli"}, globals: map[string]string{"G": "global"}}
	s := applyAll(t, `ARG FROMCLI=default
ARG G
ARG D=dflt
ENV A=1 B="two words"
ENV C=${A}-$D-$FROMCLI-$G
LABEL version="1.0" maintainer=me
EXPOSE 80 53/udp 8000-8001
USER app:app
VOLUME ["/data", "/logs"]
WORKDIR /ignored-here
SHELL ["/bin/bash", "-c"]
ENTRYPOINT ["/entry"]
CMD echo $A
HEALTHCHECK --interval=5s --timeout=2s --start-period=1s --retries=4 CMD curl -f http://localhost/
STOPSIGNAL SIGQUIT
ONBUILD RUN echo child
`, o)
	c := s.cfg.Config
	checks := []struct {
		name      string
		got, want any
	}{
		{"env", c.Env, []string{"A=1", "B=two words", "C=1-dflt-cli-global"}},
		{"labels", c.Labels, map[string]string{"version": "1.0", "maintainer": "me"}},
		{"ports", len(c.ExposedPorts), 4},
		{"udp", has(c.ExposedPorts, "53/udp") && has(c.ExposedPorts, "8001/tcp"), true},
		{"user", c.User, "app:app"},
		{"volumes", has(c.Volumes, "/data") && has(c.Volumes, "/logs"), true},
		{"entrypoint", c.Entrypoint, []string{"/entry"}},
		{"cmd", c.Cmd, []string{"/bin/bash", "-c", "echo $A"}},
		{"health", c.Healthcheck.Test, []string{"CMD-SHELL", "curl -f http://localhost/"}},
		{"health retries", c.Healthcheck.Retries, 4},
		{"stopsignal", c.StopSignal, "SIGQUIT"},
		{"onbuild", c.OnBuild, []string{"RUN echo child"}},
		{"used", o.used["FROMCLI"], true},
	}
	for _, ck := range checks {
		if !reflect.DeepEqual(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.name, ck.got, ck.want)
		}
	}
}

func has(m map[string]struct{}, k string) bool { _, ok := m[k]; return ok }

func TestApplyMetaEntrypointResetsInheritedCmd(t *testing.T) {
	s := applyAll(t, "ENTRYPOINT /bin/app\n", &Options{})
	if s.cfg.Config.Cmd != nil || !reflect.DeepEqual(s.cfg.Config.Entrypoint, []string{"/bin/sh", "-c", "/bin/app"}) {
		t.Errorf("config %+v", s.cfg.Config)
	}
	s = applyAll(t, "CMD [\"x\"]\nENTRYPOINT [\"/e\"]\n", &Options{})
	if !reflect.DeepEqual(s.cfg.Config.Cmd, []string{"x"}) {
		t.Errorf("a CMD of the stage is kept: %+v", s.cfg.Config)
	}
	s = applyAll(t, "HEALTHCHECK NONE\n", &Options{})
	if !reflect.DeepEqual(s.cfg.Config.Healthcheck.Test, []string{"NONE"}) {
		t.Errorf("HEALTHCHECK NONE: %+v", s.cfg.Config.Healthcheck)
	}
}

func TestExposeErrors(t *testing.T) {
	for _, p := range []string{"0", "70000", "80/xyz", "90-80", "abc"} {
		if err := expose(&v1.Config{}, []string{p}); err == nil {
			t.Errorf("EXPOSE %s: no error", p)
		}
	}
}

func TestRunEnvAndChain(t *testing.T) {
	s := &state{args: map[string]string{"Z": "1", "A": "arg"}, cfg: v1.ConfigFile{Config: v1.Config{Env: []string{"A=env"}}}}
	if got := s.runEnv(); !reflect.DeepEqual(got, []string{"A=env", "Z=1"}) {
		t.Errorf("runEnv = %v", got)
	}
	a, b := &state{key: "k"}, &state{key: "k"}
	a.chain("RUN", "x")
	b.chain("RUNx")
	if a.key == b.key || a.key == "k" {
		t.Errorf("chain keys collide: %s", a.key)
	}
}

func TestParseChmodAndPlatform(t *testing.T) {
	if m, err := parseChmod("0755"); err != nil || *m != 0o755 {
		t.Errorf("parseChmod: %v %v", m, err)
	}
	for _, bad := range []string{"9", "u+x", "77777"} {
		if _, err := parseChmod(bad); err == nil {
			t.Errorf("parseChmod(%s): no error", bad)
		}
	}
	if CheckPlatform("") != nil || CheckPlatform("windows/amd64") == nil {
		t.Error("CheckPlatform")
	}
}

func TestHeredocCmdLine(t *testing.T) {
	df, err := ParseDockerfile("Dockerfile", []byte("FROM a\nRUN <<EOF\necho one\necho two\nEOF\nRUN cat <<A > /f\nx\nA\nRUN <<EOF\n#!/bin/sh\nEOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range df.Stages[0].Commands {
		cl, err := heredocCmdLine(c.(*instructions.RunCommand).ShellDependantCmdLine)
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, strings.Join(cl.CmdLine, "|"))
	}
	want := []string{"echo one\necho two\n", "cat <<A > /f\nx\nA", "error"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
