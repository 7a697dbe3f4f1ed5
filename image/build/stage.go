package build

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"sort"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Layer is one layer of a stage: its ids in the image store.
type Layer struct {
	DiffID    string `json:"diffID"`
	Digest    string `json:"digest"`
	Size      int64  `json:"size"`
	MediaType string `json:"mediaType"`
}

// state is a stage being built: the image config so far, its layers, the
// cache key of the chain of instructions that made it, the ARGs in scope.
type state struct {
	cfg    v1.ConfigFile
	layers []Layer
	key    string            // chain key: base image + every instruction so far
	image  string            // an image in the store with exactly these layers; "" for none
	args   map[string]string // ARGs in scope, with their values
	cmdSet bool              // CMD was set in this stage (ENTRYPOINT keeps it)
}

func (s *state) clone() *state {
	c := *s
	c.cfg = *s.cfg.DeepCopy()
	c.layers = append([]Layer(nil), s.layers...)
	c.args = map[string]string{}
	return &c
}

// chain advances the cache key by one instruction and what it depends on.
func (s *state) chain(parts ...string) {
	h := sha256.New()
	h.Write([]byte(s.key))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	s.key = hex.EncodeToString(h.Sum(nil))
}

// env is the environment for expansion and RUN: in-scope ARGs, then the
// config's ENV (ENV wins, as in Docker).
type env struct {
	vals map[string]string
	keys []string
}

func (s *state) env() *env {
	e := &env{vals: map[string]string{}}
	for k, v := range s.args {
		e.set(k, v)
	}
	for _, kv := range s.cfg.Config.Env {
		k, v, _ := strings.Cut(kv, "=")
		e.set(k, v)
	}
	return e
}

func (e *env) set(k, v string) {
	if _, ok := e.vals[k]; !ok {
		e.keys = append(e.keys, k)
	}
	e.vals[k] = v
}

func (e *env) Get(k string) (string, bool) { v, ok := e.vals[k]; return v, ok }
func (e *env) Keys() []string              { return e.keys }

var _ shell.EnvGetter = (*env)(nil)

// runEnv is RUN's environment: the config's Env plus in-scope ARGs not
// shadowed by it, sorted by name after the config's own.
func (s *state) runEnv() []string {
	out := append([]string(nil), s.cfg.Config.Env...)
	have := map[string]bool{}
	for _, kv := range out {
		k, _, _ := strings.Cut(kv, "=")
		have[k] = true
	}
	var extra []string
	for k, v := range s.args {
		if !have[k] {
			extra = append(extra, k+"="+v)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// setEnv sets K=V in the config's Env, replacing an earlier value.
func setEnv(envs []string, k, v string) []string {
	for i, kv := range envs {
		if name, _, _ := strings.Cut(kv, "="); name == k {
			envs[i] = k + "=" + v
			return envs
		}
	}
	return append(envs, k+"="+v)
}

// workdir resolves a WORKDIR or COPY destination against the current one.
func (s *state) abs(p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	wd := s.cfg.Config.WorkingDir
	if wd == "" {
		wd = "/"
	}
	return path.Join(wd, p)
}

// shellCmd is the stage's shell (SHELL) or /bin/sh -c.
func (s *state) shellCmd() []string {
	if len(s.cfg.Config.Shell) > 0 {
		return s.cfg.Config.Shell
	}
	return []string{"/bin/sh", "-c"}
}

// history appends one history entry.
func (s *state) history(createdBy string, empty bool, now v1.Time) {
	s.cfg.History = append(s.cfg.History, v1.History{Created: now, CreatedBy: createdBy, EmptyLayer: empty, Comment: "tent build"})
}
