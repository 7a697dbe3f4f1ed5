package spec

import (
	"errors"
	"fmt"
	"slices"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// ErrNoCommand is returned when neither the image nor the options give a command.
var ErrNoCommand = errors.New("no command specified")

// New builds the spec of a container of an image whose config is img, as
// `docker run` would with the flags that opts stand for.
func New(img v1.Config, opts ...Option) (*specs.Spec, error) {
	o := collect(opts)
	s, err := build(&img, &o)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return s, nil
}

// Default builds a spec with Docker's defaults and no image: its process
// runs what WithCmd gives (none: no args), as root in /, with PATH set.
// It is the base of a bundle's config.json made without an image.
func Default(opts ...Option) (*specs.Spec, error) {
	o := collect(opts)
	o.noCmdOK = true
	s, err := build(nil, &o)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return s, nil
}

// Namespaces are the namespaces New and Default give a container with
// opts; only WithNamespace and WithoutNamespace change them. It is what a
// caller that clones the init ahead of the rest of the spec needs.
func Namespaces(opts ...Option) []specs.LinuxNamespace {
	o := collect(opts)
	return namespaces(&o)
}

// Capabilities is the capability set New and Default give a container
// with opts (only the capability and privileged options matter).
func Capabilities(opts ...Option) ([]string, error) {
	o := collect(opts)
	return capabilities(&o)
}

func build(img *v1.Config, o *options) (*specs.Spec, error) {
	if err := o.resources.Validate(); err != nil {
		return nil, err
	}
	if img == nil {
		img = &v1.Config{}
	}
	sec, err := securityOf(o.securityOpts)
	if err != nil {
		return nil, err
	}
	caps, err := capabilities(o)
	if err != nil {
		return nil, err
	}
	proc, err := process(img, o)
	if err != nil {
		return nil, err
	}
	proc.Capabilities = &specs.LinuxCapabilities{Bounding: caps, Effective: caps, Permitted: caps}
	proc.NoNewPrivileges = sec.noNewPrivs
	mounts, err := mounts(o)
	if err != nil {
		return nil, err
	}
	l := linux(o)
	if l.Sysctl, err = sysctls(o); err != nil {
		return nil, err
	}
	if l.Seccomp, err = seccompOf(o, sec, caps); err != nil {
		return nil, err
	}
	if o.privileged || sec.noMasks {
		l.MaskedPaths, l.ReadonlyPaths = nil, nil
	}
	if o.privileged {
		l.Resources.Devices = []specs.LinuxDeviceCgroup{{Allow: true, Access: "rwm"}}
		if o.hostDevices != nil {
			l.Devices = slices.Clone(o.hostDevices)
		}
	}
	if err := addDevices(l, o); err != nil {
		return nil, err
	}
	hostname := o.hostname
	if o.hostNS[specs.UTSNamespace] {
		hostname = "" // the host's, as Docker with --uts host
	}
	return &specs.Spec{
		Version:  specs.Version,
		Process:  proc,
		Root:     &specs.Root{Path: o.rootPath, Readonly: o.readonly},
		Hostname: hostname,
		Mounts:   mounts,
		Linux:    l,
	}, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
