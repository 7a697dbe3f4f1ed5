package image

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ApplyChanges edits c with Dockerfile instructions, as docker commit -c:
// CMD, ENTRYPOINT (JSON or shell form), ENV, LABEL (key=value..., or ENV's
// legacy "key value"), EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL, ONBUILD.
// Any other instruction is refused by name.
func ApplyChanges(c *v1.Config, changes []string) error {
	for _, ch := range changes {
		instr, args, _ := strings.Cut(strings.TrimSpace(ch), " ")
		args = strings.TrimSpace(args)
		if err := applyChange(c, strings.ToUpper(instr), args); err != nil {
			return fmt.Errorf("change %q: %w", ch, err)
		}
	}
	return nil
}

func applyChange(c *v1.Config, instr, args string) error {
	if args == "" {
		return fmt.Errorf("%s needs an argument", instr)
	}
	var err error
	switch instr {
	case "CMD":
		c.Cmd, err = commandForm(c, args)
	case "ENTRYPOINT":
		c.Entrypoint, err = commandForm(c, args)
	case "ENV":
		err = setPairs(args, func(k, v string) { c.Env = setEnv(c.Env, k, v) })
	case "LABEL":
		err = setPairs(args, func(k, v string) {
			if c.Labels == nil {
				c.Labels = map[string]string{}
			}
			c.Labels[k] = v
		})
	case "EXPOSE":
		for _, p := range strings.Fields(args) {
			if !strings.Contains(p, "/") {
				p += "/tcp"
			}
			if c.ExposedPorts == nil {
				c.ExposedPorts = map[string]struct{}{}
			}
			c.ExposedPorts[p] = struct{}{}
		}
	case "USER":
		c.User = args
	case "WORKDIR":
		c.WorkingDir = path.Join("/", c.WorkingDir, args)
		if strings.HasPrefix(args, "/") {
			c.WorkingDir = path.Clean(args)
		}
	case "VOLUME":
		err = addVolumes(c, args)
	case "STOPSIGNAL":
		c.StopSignal = args
	case "ONBUILD":
		c.OnBuild = append(c.OnBuild, args)
	default:
		return fmt.Errorf("%s is not a valid change command (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)", instr)
	}
	return err
}

// commandForm is ["a","b"] (exec form) or a shell command run by the
// image's SHELL (default /bin/sh -c).
func commandForm(c *v1.Config, args string) ([]string, error) {
	if strings.HasPrefix(args, "[") {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			return nil, fmt.Errorf("exec form is a JSON array of strings: %w", err)
		}
		return argv, nil
	}
	shell := c.Shell
	if len(shell) == 0 {
		shell = []string{"/bin/sh", "-c"}
	}
	return append(append([]string{}, shell...), args), nil
}

func addVolumes(c *v1.Config, args string) error {
	vols := strings.Fields(args)
	if strings.HasPrefix(args, "[") {
		if err := json.Unmarshal([]byte(args), &vols); err != nil {
			return fmt.Errorf("VOLUME: %w", err)
		}
	}
	if c.Volumes == nil {
		c.Volumes = map[string]struct{}{}
	}
	for _, v := range vols {
		c.Volumes[v] = struct{}{}
	}
	return nil
}

// setPairs calls set for each key=value word (quotes and backslashes as a
// shell reads them), or for the one legacy "key value".
func setPairs(args string, set func(k, v string)) error {
	words, err := shellWords(args)
	if err != nil {
		return err
	}
	if !strings.Contains(words[0], "=") {
		k, v, _ := strings.Cut(args, " ")
		set(k, strings.TrimSpace(v))
		return nil
	}
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return fmt.Errorf("%q is not key=value", w)
		}
		set(k, v)
	}
	return nil
}

// shellWords splits s on blanks outside quotes, removing quotes and
// backslash escapes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	var quote rune
	inWord, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// setEnv sets k=v in env, replacing an earlier k.
func setEnv(env []string, k, v string) []string {
	out := make([]string, 0, len(env)+1)
	for _, e := range env {
		if name, _, _ := strings.Cut(e, "="); name != k {
			out = append(out, e)
		}
	}
	return append(out, k+"="+v)
}
