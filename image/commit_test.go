package image

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestCommitBlobs(t *testing.T) {
	d := func(c string) string { return "sha256:" + strings.Repeat(c, 64) }
	baseCfg := `{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["` + d("1") + `"]},` +
		`"config":{"Cmd":["sh"]},"history":[{"created_by":"ADD x /"}]}`
	for _, mt := range []string{"application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json"} {
		baseMan := `{"schemaVersion":2,"mediaType":"` + mt + `","config":{"mediaType":"c","size":1,"digest":"` + d("2") + `"},` +
			`"layers":[{"mediaType":"l","size":5,"digest":"` + d("3") + `"}]}`
		at := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
		spec := CommitSpec{DiffID: d("4"), Digest: d("5"), Size: 77, Created: at, Author: "ann", Comment: "msg",
			CreatedBy: "sh -c touch /x", Container: "abc",
			Changes: func(c *v1.Config) error { return ApplyChanges(c, []string{`CMD ["true"]`}) }}
		cfg, man, err := CommitBlobs([]byte(baseCfg), []byte(baseMan), spec)
		if err != nil {
			t.Fatal(err)
		}
		var c v1.ConfigFile
		var m v1.Manifest
		if err := json.Unmarshal(cfg, &c); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(man, &m); err != nil {
			t.Fatal(err)
		}
		h := c.History[len(c.History)-1]
		if len(c.RootFS.DiffIDs) != 2 || c.RootFS.DiffIDs[1].String() != d("4") || c.Config.Cmd[0] != "true" ||
			len(c.History) != 2 || h.CreatedBy != spec.CreatedBy || h.Comment != "msg" || h.Author != "ann" ||
			c.Author != "ann" || c.Container != "abc" || !c.Created.Equal(at) {
			t.Errorf("config %s", cfg)
		}
		sum, size, _ := v1.SHA256(strings.NewReader(string(cfg)))
		wantLT := "application/vnd.docker.image.rootfs.diff.tar.gzip"
		if strings.Contains(mt, "oci") {
			wantLT = "application/vnd.oci.image.layer.v1.tar+gzip"
		}
		if m.Config.Digest != sum || m.Config.Size != size || len(m.Layers) != 2 || m.Layers[1].Digest.String() != d("5") ||
			m.Layers[1].Size != 77 || string(m.Layers[1].MediaType) != wantLT || string(m.MediaType) != mt {
			t.Errorf("manifest %s", man)
		}
	}
	bare := `{"rootfs":{"type":"layers","diff_ids":["` + d("1") + `","` + d("6") + `"]}}`
	cfg, _, err := CommitBlobs([]byte(bare), []byte(`{"schemaVersion":2}`), CommitSpec{DiffID: d("4"), Digest: d("5"), CreatedBy: "x"})
	var c v1.ConfigFile
	if err != nil || json.Unmarshal(cfg, &c) != nil || len(c.History) != 3 || c.History[2].CreatedBy != "x" {
		t.Errorf("commit of an image without history: %v\n%s", err, cfg)
	}
	if _, _, err := CommitBlobs([]byte(baseCfg), []byte(`{}`), CommitSpec{DiffID: "bad", Digest: d("5")}); err == nil {
		t.Error("bad diffID: no error")
	}
}
