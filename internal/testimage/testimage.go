package testimage

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Epoch is the mtime of every file and the Created time of every image.
var Epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// Option configures an image.
type Option func(*options)

type options struct {
	busybox string // path of a static busybox, default /bin/busybox
	zstd    bool   // zstd-compressed layers (OCI manifest)
	oci     bool   // OCI media types instead of Docker schema2
	arch    string // config architecture, default amd64
	seed    int64  // Big: seed of the last layer (the first four are shared)
	bigMB   int    // Big: approximate compressed size in MB
}

// WithBusybox sets the static busybox binary to use.
func WithBusybox(path string) Option { return func(o *options) { o.busybox = path } }

// WithZstd compresses layers with zstd; the manifest is then OCI.
func WithZstd() Option { return func(o *options) { o.zstd, o.oci = true, true } }

// WithOCI uses OCI media types for the manifest, config and layers.
func WithOCI() Option { return func(o *options) { o.oci = true } }

// WithArch sets the architecture recorded in the config.
func WithArch(arch string) Option { return func(o *options) { o.arch = arch } }

// WithSeed changes the content of Big's last layer only, so images made with
// different seeds share their first four layers.
func WithSeed(seed int64) Option { return func(o *options) { o.seed = seed } }

// WithSizeMB sets Big's approximate compressed size (default 200).
func WithSizeMB(mb int) Option { return func(o *options) { o.bigMB = mb } }

func makeOptions(opts []Option) options {
	o := options{busybox: "/bin/busybox", arch: "amd64", bigMB: 200}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Busybox returns a multi-layer busybox image: applets, /etc/passwd and group,
// a layer with hardlinks, a layer with a whiteout and an opaque dir; Cmd ["sh"].
func Busybox(opts ...Option) (v1.Image, error) {
	o := makeOptions(opts)
	applets, err := listApplets(o.busybox)
	if err != nil {
		return nil, err
	}
	base, err := baseLayer(o.busybox, applets, o.arch)
	if err != nil {
		return nil, err
	}
	return build(o, [][]entry{base, hardlinkLayer(), whiteoutLayer()}, "sh")
}

// Index returns a multi-arch index: the real linux/amd64 busybox and a
// linux/arm64 variant (same files, config says arm64, /etc/arch says arm64).
func Index(opts ...Option) (v1.ImageIndex, error) {
	amd, err := Busybox(append(opts, WithArch("amd64"))...)
	if err != nil {
		return nil, err
	}
	arm, err := Busybox(append(opts, WithArch("arm64"))...)
	if err != nil {
		return nil, err
	}
	o := makeOptions(opts)
	mt := types.DockerManifestList
	if o.oci {
		mt = types.OCIImageIndex
	}
	idx := mutate.IndexMediaType(empty.Index, mt)
	return mutate.AppendManifests(idx,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}}},
	), nil
}

// build puts layers and a config together.
func build(o options, layers [][]entry, cmd ...string) (v1.Image, error) {
	img := empty.Image
	if o.oci {
		img = mutate.MediaType(img, types.OCIManifestSchema1)
		img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	}
	var ls []v1.Layer
	for i, es := range layers {
		l, err := newLayer(es, o)
		if err != nil {
			return nil, fmt.Errorf("testimage: layer %d: %w", i+1, err)
		}
		ls = append(ls, l)
	}
	return finish(img, ls, o, cmd)
}

func finish(img v1.Image, ls []v1.Layer, o options, cmd []string) (v1.Image, error) {
	img, err := mutate.AppendLayers(img, ls...)
	if err != nil {
		return nil, fmt.Errorf("testimage: append layers: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("testimage: config: %w", err)
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS = o.arch, "linux"
	if o.arch == "arm64" {
		cf.Variant = "v8"
	}
	cf.Created = v1.Time{Time: Epoch}
	cf.Config.Cmd = cmd
	cf.Config.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	cf.Config.ExposedPorts = map[string]struct{}{}
	return mutate.ConfigFile(img, cf)
}

// listApplets runs `busybox --list`.
func listApplets(busybox string) ([]string, error) {
	out, err := exec.Command(busybox, "--list").Output()
	if err != nil {
		return nil, fmt.Errorf("testimage: %s --list: %w (install busybox-static)", busybox, err)
	}
	var applets []string
	for _, a := range strings.Fields(string(bytes.TrimSpace(out))) {
		if a != "busybox" && !strings.Contains(a, "/") {
			applets = append(applets, a)
		}
	}
	return applets, nil
}
