package registry

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/docker/cli/cli/config"
	"github.com/docker/cli/cli/config/configfile"
	"github.com/docker/cli/cli/config/credentials"
	"github.com/docker/cli/cli/config/types"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"

	"github.com/tent-dev/tent/internal/atomicfile"
)

// ErrNotLoggedIn is returned (wrapped) by Logout for a server with no
// credentials.
var ErrNotLoggedIn = errors.New("not logged in")

// Credentials is Docker's config.json ($DOCKER_CONFIG/config.json, or
// ~/.docker/config.json) and the credential stores it names: credHelpers
// per registry, else credsStore, else the file itself (auths, base64
// user:password). The keychain pulls and pushes use (ggcr's
// authn.DefaultKeychain) reads the same file through the same docker/cli
// code, so what Login stores is what they send.
type Credentials struct {
	cf *configfile.ConfigFile
}

// LoadCredentials reads config.json in dir ("": $DOCKER_CONFIG or
// ~/.docker). A missing file is an empty config; a malformed one an error,
// so that a login never overwrites it.
func LoadCredentials(dir string) (*Credentials, error) {
	cf, err := config.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	return &Credentials{cf: cf}, nil
}

// Path is the config file's path.
func (c *Credentials) Path() string { return c.cf.Filename }

// Helper is the credential helper that keeps key's credentials
// ("ecr-login" for docker-credential-ecr-login), "" for the file.
func (c *Credentials) Helper(key string) string {
	if h, ok := c.cf.CredentialHelpers[key]; ok {
		return h
	}
	return c.cf.CredentialsStore
}

// store is where key's credentials go: its helper, or the file.
func (c *Credentials) store(key string) credentials.Store {
	f := fileOf{c.cf}
	if h := c.Helper(key); h != "" {
		return credentials.NewNativeStore(f, h)
	}
	return credentials.NewFileStore(f)
}

// fileOf saves the config as docker does, but always with mode 0600 and
// through a synced temp file renamed over it (symlinks followed).
type fileOf struct{ *configfile.ConfigFile }

func (f fileOf) Save() error {
	var b bytes.Buffer
	if err := f.SaveToWriter(&b); err != nil {
		return fmt.Errorf("encode %s: %w", f.Filename, err)
	}
	path := f.Filename
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	return atomicfile.WriteFile(path, b.Bytes(), 0o600)
}

// ServerKey is the config.json key of a registry as docker login names it
// (https://index.docker.io/v1/ for Docker Hub, else host[:port], a scheme or
// path dropped), and the registry to verify against.
func ServerKey(server string) (string, name.Registry, error) {
	host := credentials.ConvertToHostname(server)
	switch host {
	case "", "docker.io", "index.docker.io", "registry-1.docker.io":
		reg, err := name.NewRegistry(name.DefaultRegistry)
		return authn.DefaultAuthKey, reg, err
	}
	r, err := ParseReference(host + "/x") // plain HTTP for loopback, as pulls
	if err != nil {
		return "", name.Registry{}, fmt.Errorf("invalid registry %q: %w", server, err)
	}
	return host, r.Context().Registry, nil
}

// Store saves user and password for key in its store. The file store
// prints docker's warning that the password is stored unencrypted.
func (c *Credentials) Store(key, user, password string) error {
	if err := c.dir(); err != nil {
		return err
	}
	err := c.store(key).Store(types.AuthConfig{Username: user, Password: password, ServerAddress: key})
	if err != nil {
		return fmt.Errorf("store credentials for %s in %s: %w", key, c.where(key), err)
	}
	return nil
}

// Erase removes key's credentials from its store and from the file.
func (c *Credentials) Erase(key string) error {
	if _, ok := c.cf.AuthConfigs[key]; !ok {
		return fmt.Errorf("%s: %w", key, ErrNotLoggedIn)
	}
	if err := c.store(key).Erase(key); err != nil {
		return fmt.Errorf("remove credentials for %s from %s: %w", key, c.where(key), err)
	}
	return nil
}

// dir makes the config dir (0700) before a first save.
func (c *Credentials) dir() error {
	if err := os.MkdirAll(filepath.Dir(c.cf.Filename), 0o700); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	return nil
}

func (c *Credentials) where(key string) string {
	if h := c.Helper(key); h != "" {
		return "docker-credential-" + h
	}
	return c.cf.Filename
}
