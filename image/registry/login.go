package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/tent-dev/tent/image"
)

// Login checks user and password against server's registry, as docker
// login does (GET /v2/ with them: basic auth, or a token fetched with them),
// and only then stores them in c. It returns the server's key.
func Login(ctx context.Context, c *Credentials, server, user, password string, opts ...Option) (string, error) {
	key, reg, err := ServerKey(server)
	if err != nil {
		return "", err
	}
	if user == "" || password == "" {
		return "", fmt.Errorf("login to %s: a username and a password are needed", key)
	}
	o := makeOptions(opts)
	if o.log.On() {
		o.log.Debugf("login %s as %s: verify at %s://%s/v2/", key, user, reg.Scheme(), reg.RegistryStr())
	}
	if err := verify(ctx, reg, &authn.Basic{Username: user, Password: password}, o.transport); err != nil {
		return "", err
	}
	return key, c.Store(key, user, password)
}

// verify GETs /v2/ with auth: 200 is a login, 401 or 403 a wrong password.
func verify(ctx context.Context, reg name.Registry, auth authn.Authenticator, base http.RoundTripper) error {
	what := "login to " + reg.RegistryStr()
	tr, err := transport.NewWithContext(ctx, reg, auth, transport.NewUserAgent(base, "tent"), nil)
	if err != nil {
		return loginErr(what, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, reg.Scheme()+"://"+reg.RegistryStr()+"/v2/", nil)
	if err != nil {
		return err
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return loginErr(what, err)
	}
	defer resp.Body.Close()
	return loginErr(what, transport.CheckError(resp, http.StatusOK))
}

func loginErr(what string, err error) error {
	e := registryErr(what, err)
	if errors.Is(e, image.ErrUnauthorized) {
		return fmt.Errorf("%s: %w: incorrect username or password", what, image.ErrUnauthorized)
	}
	return e
}
