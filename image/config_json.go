package image

import (
	"encoding/json"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tent-dev/tent/internal/jsonlite"
)

// An image's config is read field by field (internal/jsonlite), as the
// index is (index_json.go): every run reads it, and encoding/json's first
// Unmarshal of v1.ConfigFile in a new process builds its decoder by
// reflection. What the field by field read refuses (a key it does not
// know or in another case, a float, an escaped time, a bad digest) goes to
// encoding/json; config_json_test.go compares the two.

// decodeConfig is json.Unmarshal(b, &c): same result, same errors.
func decodeConfig(b []byte) (v1.ConfigFile, error) {
	if c, ok := decodeConfigFast(b); ok {
		return c, nil
	}
	var c v1.ConfigFile
	err := json.Unmarshal(b, &c)
	return c, err
}

func decodeConfigFast(b []byte) (v1.ConfigFile, bool) {
	var c v1.ConfigFile
	d := jsonlite.NewDecoder(b)
	ok := true
	d.Object(func(k string) bool {
		if p := configFileString(&c, k); p != nil {
			optString(d, p)
			return true
		}
		switch k {
		case "created":
			c.Created = v1.Time{Time: decodeTime(d, c.Created.Time)}
		case "history":
			c.History = nil
			if !d.Null() {
				c.History = []v1.History{}
				d.Array(func() { c.History = append(c.History, decodeHistory(d)) })
			}
		case "os.features":
			c.OSFeatures = d.NullStrings()
		case "rootfs":
			ok = decodeRootFS(d, &c.RootFS) && ok
		case "config":
			if !d.Null() {
				d.Object(func(k string) bool { return decodeConfigField(d, &c.Config, k) })
			}
		default:
			return false
		}
		return true
	})
	return c, ok && d.OK()
}

func configFileString(c *v1.ConfigFile, k string) *string {
	switch k {
	case "architecture":
		return &c.Architecture
	case "author":
		return &c.Author
	case "container":
		return &c.Container
	case "docker_version":
		//lint:ignore SA1019 deprecated, but encoding/json still reads it: the two must agree
		return &c.DockerVersion
	case "os":
		return &c.OS
	case "os.version":
		return &c.OSVersion
	case "variant":
		return &c.Variant
	}
	return nil
}

// optString reads a string into p; null leaves p as it is (encoding/json).
func optString(d *jsonlite.Decoder, p *string) {
	if !d.Null() {
		*p = d.String()
	}
}

// decodeTime reads a time as time.Time's UnmarshalJSON: null leaves t.
func decodeTime(d *jsonlite.Decoder, t time.Time) time.Time {
	if d.Null() {
		return t
	}
	return d.Time()
}

func decodeHistory(d *jsonlite.Decoder) v1.History {
	var h v1.History
	d.Object(func(k string) bool {
		switch k {
		case "author":
			optString(d, &h.Author)
		case "created":
			h.Created = v1.Time{Time: decodeTime(d, h.Created.Time)}
		case "created_by":
			optString(d, &h.CreatedBy)
		case "comment":
			optString(d, &h.Comment)
		case "empty_layer":
			h.EmptyLayer = d.Bool()
		default:
			return false
		}
		return true
	})
	return h
}

// decodeRootFS reads rootfs; false: a diff id that is no digest (the
// caller then leaves the whole to encoding/json, for its error).
func decodeRootFS(d *jsonlite.Decoder, r *v1.RootFS) bool {
	ok := true
	if d.Null() {
		return true
	}
	d.Object(func(k string) bool {
		switch k {
		case "type":
			optString(d, &r.Type)
		case "diff_ids":
			r.DiffIDs = nil
			if d.Null() {
				return true
			}
			r.DiffIDs = []v1.Hash{}
			d.Array(func() {
				h, err := v1.NewHash(d.String())
				ok = ok && err == nil
				r.DiffIDs = append(r.DiffIDs, h)
			})
		default:
			return false
		}
		return true
	})
	return ok
}

// decodeConfigField reads the runtime config's field k.
func decodeConfigField(d *jsonlite.Decoder, c *v1.Config, k string) bool {
	if p := configString(c, k); p != nil {
		optString(d, p)
		return true
	}
	if p := configStrings(c, k); p != nil {
		*p = d.NullStrings()
		return true
	}
	if p := configBool(c, k); p != nil {
		*p = d.Bool()
		return true
	}
	switch k {
	case "Labels":
		if d.Null() {
			c.Labels = nil
		} else {
			c.Labels = mergeInto(c.Labels, d.StringMap())
		}
	case "Volumes":
		c.Volumes = decodeSet(d, c.Volumes)
	case "ExposedPorts":
		c.ExposedPorts = decodeSet(d, c.ExposedPorts)
	case "Healthcheck":
		if d.Null() {
			c.Healthcheck = nil
		} else {
			if c.Healthcheck == nil { // a second one fills the first, as encoding/json
				c.Healthcheck = &v1.HealthConfig{}
			}
			d.Object(func(k string) bool { return decodeHealth(d, c.Healthcheck, k) })
		}
	default:
		return false
	}
	return true
}

func configString(c *v1.Config, k string) *string {
	switch k {
	case "Domainname":
		return &c.Domainname
	case "Hostname":
		return &c.Hostname
	case "Image":
		return &c.Image
	case "User":
		return &c.User
	case "WorkingDir":
		return &c.WorkingDir
	case "MacAddress":
		return &c.MacAddress
	case "StopSignal":
		return &c.StopSignal
	}
	return nil
}

func configStrings(c *v1.Config, k string) *[]string {
	switch k {
	case "Cmd":
		return &c.Cmd
	case "Entrypoint":
		return &c.Entrypoint
	case "Env":
		return &c.Env
	case "OnBuild":
		return &c.OnBuild
	case "Shell":
		return &c.Shell
	}
	return nil
}

func configBool(c *v1.Config, k string) *bool {
	switch k {
	case "AttachStderr":
		return &c.AttachStderr
	case "AttachStdin":
		return &c.AttachStdin
	case "AttachStdout":
		return &c.AttachStdout
	case "OpenStdin":
		return &c.OpenStdin
	case "StdinOnce":
		return &c.StdinOnce
	case "Tty":
		return &c.Tty
	case "ArgsEscaped":
		return &c.ArgsEscaped
	case "NetworkDisabled":
		return &c.NetworkDisabled
	}
	return nil
}

// mergeInto adds m's entries to into (nil: m), as encoding/json fills a
// map it finds made (a key seen twice).
func mergeInto[V any](into, m map[string]V) map[string]V {
	if into == nil {
		return m
	}
	for k, v := range m {
		into[k] = v
	}
	return into
}

// decodeSet reads a map[string]struct{} ({"80/tcp": {}}) into m; null is
// nil.
func decodeSet(d *jsonlite.Decoder, m map[string]struct{}) map[string]struct{} {
	if d.Null() {
		return nil
	}
	if m == nil {
		m = map[string]struct{}{}
	}
	d.Object(func(k string) bool {
		m[k] = struct{}{}
		if !d.Null() {
			d.Object(func(string) bool { d.Skip(); return true })
		}
		return true
	})
	return m
}

func decodeHealth(d *jsonlite.Decoder, h *v1.HealthConfig, k string) bool {
	switch k {
	case "Test":
		h.Test = d.NullStrings()
	case "Interval":
		h.Interval = time.Duration(d.Int(64))
	case "Timeout":
		h.Timeout = time.Duration(d.Int(64))
	case "StartPeriod":
		h.StartPeriod = time.Duration(d.Int(64))
	case "Retries":
		h.Retries = int(d.Int(0))
	default:
		return false
	}
	return true
}
