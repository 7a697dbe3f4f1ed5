package registry

import (
	"io"
	"net/http"
	"path"
	"sync"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/debuglog"
)

// pushed is a stored image whose layers report upload progress and, when
// the store knows another repository of the target registry holding them,
// are mountable from it (ggcr's remote.Write then asks for a mount first).
type pushed struct {
	v1.Image
	layers []v1.Layer
	ids    map[string]string // layer digest → short id shown
	p      image.Progress
}

func (i *pushed) Layers() ([]v1.Layer, error) { return i.layers, nil }

func pushImage(stored v1.Image, sources map[string][]string, target name.Repository, p image.Progress) (*pushed, error) {
	if p == nil {
		p = nopProgress{}
	}
	ls, err := stored.Layers()
	if err != nil {
		return nil, err
	}
	img := &pushed{Image: stored, ids: map[string]string{}, p: p}
	for _, l := range ls {
		d, err := l.Digest()
		if err != nil {
			return nil, err
		}
		id := short(d.Hex)
		img.ids[d.String()] = id
		var wrapped v1.Layer = &progressLayer{Layer: l, id: id, p: p}
		if from, ok := mountFrom(sources[d.String()], target); ok {
			wrapped = &remote.MountableLayer{Layer: wrapped, Reference: from.Tag("latest")}
		}
		img.layers = append(img.layers, wrapped)
	}
	return img, nil
}

// progressLayer reports the bytes read from its blob as they are sent.
type progressLayer struct {
	v1.Layer
	id string
	p  image.Progress
}

func (l *progressLayer) Compressed() (io.ReadCloser, error) {
	rc, err := l.Layer.Compressed()
	if err != nil {
		return nil, err
	}
	size, err := l.Size()
	if err != nil {
		size = -1
	}
	l.p.Start(l.id, size)
	return &progressReader{ReadCloser: rc, id: l.id, p: l.p}, nil
}

type progressReader struct {
	io.ReadCloser
	id string
	p  image.Progress
}

func (r *progressReader) Read(b []byte) (int, error) {
	n, err := r.ReadCloser.Read(b)
	if n > 0 {
		r.p.Add(r.id, int64(n))
	}
	return n, err
}

// observer watches the registry's answers under ggcr's writer to tell each
// layer's fate as docker push prints it: a HEAD of the blob answered 200
// ("Layer already exists"), an upload started with ?mount= answered 201
// ("Mounted from <repo>"), an upload finished with ?digest= answered 201
// ("Pushed").
type observer struct {
	base http.RoundTripper
	ids  map[string]string
	p    image.Progress
	log  debuglog.Log
	mu   sync.Mutex
	done map[string]bool
}

// finish reports the layers ggcr never touched (a tag already pointing at
// the same manifest is not pushed again) as existing.
func (o *observer) finish() {
	for d, id := range o.ids {
		if !o.done[d] {
			o.p.Done(id, "Layer already exists")
		}
	}
}

func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	digest, status := blobFate(req, resp.StatusCode)
	if id, ok := o.ids[digest]; ok {
		if o.log.On() {
			o.log.Debugf("push: layer %s: %s", digest, status)
		}
		o.mu.Lock()
		o.done[digest] = true
		o.mu.Unlock()
		o.p.Done(id, status)
	}
	return resp, nil
}

// blobFate tells which blob a request finished and how ("" if none).
func blobFate(req *http.Request, code int) (digest, status string) {
	q := req.URL.Query()
	switch {
	case req.Method == http.MethodHead && code == http.StatusOK && path.Base(path.Dir(req.URL.Path)) == "blobs":
		return path.Base(req.URL.Path), "Layer already exists"
	case req.Method == http.MethodPost && code == http.StatusCreated && q.Get("mount") != "":
		return q.Get("mount"), "Mounted from " + q.Get("from")
	case req.Method == http.MethodPut && code == http.StatusCreated && q.Get("digest") != "":
		return q.Get("digest"), "Pushed"
	}
	return "", ""
}

type nopProgress struct{}

func (nopProgress) Start(string, int64) {}
func (nopProgress) Add(string, int64)   {}
func (nopProgress) Done(string, string) {}
