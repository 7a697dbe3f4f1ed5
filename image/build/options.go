package build

import (
	"context"
	"io"
	"os"

	"github.com/tent-dev/tent/image"
)

// Options are tent build's flags.
type Options struct {
	File       string            // the Dockerfile's name in messages ("Dockerfile")
	ContextDir string            // the build context
	Tags       []string          // -t, normalized by Build
	BuildArgs  map[string]string // --build-arg
	Target     string            // --target: the last stage built
	NoCache    bool
	Pull       bool              // --pull: pull base images even when present
	Platform   string            // --platform: the host's only
	Labels     map[string]string // --label
	Network    string            // bridge (default), none, host
	Progress   string            // auto, plain, quiet
	Out        io.Writer         // progress and RUN output
	globals    map[string]string // ARGs before FROM, expanded
	used       map[string]bool   // build args some ARG took
}

// Deps are what Build works with: the image store, the build's dirs and
// the parts that run things.
type Deps struct {
	Store    *image.Store
	Dir      string // the builder's dir: cache/, tmp/
	Pull     func(ctx context.Context, ref string) error
	Run      Runner
	Download func(ctx context.Context, url string, w io.Writer) error // ADD URL
}

// Runner runs a RUN step: a container of the image with the args, the
// environment, the user and workdir given, on the build's network. It
// returns the container's upper dir and a cleanup that removes the
// container; a command that fails returns an error.
type Runner interface {
	Run(ctx context.Context, r RunRequest) (upper string, cleanup func(), err error)
}

// RunRequest is one RUN.
type RunRequest struct {
	Image   string
	Args    []string
	Env     []string
	User    string
	Workdir string
	Network string
	Out     *os.File
}
