package engine

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
func environment(imageEnv []string, o RunOptions, c SpecContext, home string) ([]string, error) {
	hostname := firstNonEmpty(o.Hostname, shortID(c.ID))
	var e envList
	if hostname != "" {
		e.set("HOSTNAME=" + hostname)
	}
	for _, kv := range imageEnv {
		e.set(kv)
	}
	for _, group := range [][]string{c.EnvFile, o.Env} {
		for _, kv := range group {
			kv, ok, err := expandEnv(kv, c.LookupEnv)
			if err != nil {
				return nil, err
			}
			if ok {
				e.set(kv)
			}
		}
	}
	e.setDefault("PATH", DefaultPath)
	e.setDefault("HOME", firstNonEmpty(home, "/"))
	if o.TTY {
		e.setDefault("TERM", "xterm")
	}
	return e.list, nil
}

// expandEnv turns `K` into `K=<value from tent's env>`; ok=false when K is unset there.
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

// envList is an ordered K=V list where setting a key replaces it in place.
type envList struct {
	list []string
	idx  map[string]int
}

func (e *envList) set(kv string) {
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

func (e *envList) setDefault(k, v string) {
	if _, ok := e.idx[k]; !ok {
		e.set(k + "=" + v)
	}
}

func shortID(id string) string {
	if len(id) < 12 {
		return id
	}
	return id[:12]
}
