package spec

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// DefaultPath is the PATH a container gets when its image sets none (Docker's).
const DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// environment merges, later wins: HOSTNAME, the image's Env, --env-file
// lines, -e flags; then PATH, HOME and (with -t) TERM when still unset.
func environment(imageEnv []string, o *options, home string) ([]string, error) {
	var e Env
	if o.hostname != "" {
		e.Set("HOSTNAME=" + o.hostname)
	}
	for _, kv := range imageEnv {
		e.Set(kv)
	}
	for _, group := range [][]string{o.envFile, o.env} {
		for _, kv := range group {
			kv, ok, err := expandEnv(kv, o.lookupEnv)
			if err != nil {
				return nil, err
			}
			if ok {
				e.Set(kv)
			}
		}
	}
	e.SetDefault("PATH", DefaultPath)
	e.SetDefault("HOME", firstNonEmpty(home, "/"))
	if o.terminal {
		e.SetDefault("TERM", "xterm")
	}
	return e.List(), nil
}

// expandEnv turns `K` into `K=<value from lookup>`; ok=false when K is unset there.
func expandEnv(kv string, lookup func(string) (string, bool)) (string, bool, error) {
	k, _, hasValue := strings.Cut(kv, "=")
	if k == "" || strings.ContainsAny(k, " \t\n") {
		return "", false, fmt.Errorf("invalid environment variable %q", kv)
	}
	if hasValue {
		return kv, true, nil
	}
	if lookup == nil {
		return "", false, nil
	}
	v, ok := lookup(k)
	return k + "=" + v, ok, nil
}

// ParseEnvFile reads Docker's --env-file format: one K=V or K a line,
// blank lines and lines starting with # ignored, no quoting.
func ParseEnvFile(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), " \t")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// Env is an ordered K=V list where setting a key replaces it in place.
// The zero value is empty and ready to use.
type Env struct {
	list []string
	idx  map[string]int
}

// Set sets kv ("K=V"), in place when K is already set.
func (e *Env) Set(kv string) {
	k, _, _ := strings.Cut(kv, "=")
	if e.idx == nil {
		e.idx = map[string]int{}
	}
	if i, ok := e.idx[k]; ok {
		e.list[i] = kv
		return
	}
	e.idx[k] = len(e.list)
	e.list = append(e.list, kv)
}

// SetDefault sets k=v when k is not set yet.
func (e *Env) SetDefault(k, v string) {
	if _, ok := e.idx[k]; !ok {
		e.Set(k + "=" + v)
	}
}

// List is the K=V list, in order (not a copy).
func (e *Env) List() []string { return e.list }
