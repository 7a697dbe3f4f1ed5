package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/random"

	"github.com/tent-dev/tent/image"
)

// TestPullBadDescriptors: a manifest whose config or layer descriptor has a
// negative size (which would lift the bound on the download) or a config
// over image.MaxConfigSize is refused before anything is fetched or stored.
func TestPullBadDescriptors(t *testing.T) {
	reg := testRegistry(t)
	img, err := random.Image(100, 1)
	if err != nil {
		t.Fatal(err)
	}
	push(t, reg+"/x/ok:1", img)
	raw, err := img.RawManifest()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		msg    string
	}{
		{"negative config size", func(m map[string]any) { m["config"].(map[string]any)["size"] = -1 }, "size -1 is not within"},
		{"config over the limit", func(m map[string]any) { m["config"].(map[string]any)["size"] = 100 << 20 }, "size 104857600 is not within"},
		{"negative layer size", func(m map[string]any) { m["layers"].([]any)[0].(map[string]any)["size"] = -1 }, "negative size -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			b, _ := json.Marshal(m)
			tag := strings.ReplaceAll(tt.name, " ", "-")
			req, _ := http.NewRequest(http.MethodPut, "http://"+reg+"/v2/x/bad/manifests/"+tag, bytes.NewReader(b))
			req.Header.Set("Content-Type", m["mediaType"].(string))
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != http.StatusCreated {
				t.Fatalf("put manifest: %v %v", err, resp)
			}
			resp.Body.Close()
			s := openStore(t)
			_, err = Pull(context.Background(), s, reg+"/x/bad:"+tag)
			if !errors.Is(err, image.ErrBadDescriptor) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want ErrBadDescriptor with %q", err, tt.msg)
			}
			if imgs, _ := s.List(); len(imgs) != 0 {
				t.Errorf("%d images stored", len(imgs))
			}
		})
	}
}
