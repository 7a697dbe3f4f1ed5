package image

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// checkIndexSameAsJSON fails unless decodeIndex gives what json.Unmarshal
// into a new index gives: the same index, or the same error.
func checkIndexSameAsJSON(t *testing.T, name string, b []byte) {
	t.Helper()
	want := newIndex()
	wantErr := json.Unmarshal(b, want)
	got, err := decodeIndex(b)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Errorf("%s: error %v, encoding/json's %v", name, err, wantErr)
	case err != nil && err.Error() != wantErr.Error():
		t.Errorf("%s: error %q, encoding/json's %q", name, err, wantErr)
	case err == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%s: decoded\n%+v\nencoding/json\n%+v", name, got, want)
	}
}

// fullIndex sets every field of the index (TestFullIndexIsFull checks).
func fullIndex() *index {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	t1 := time.Date(2026, 12, 7, 7, 1, 11, 279119382, time.FixedZone("", -7200))
	ix := newIndex()
	ix.Images["sha256:86"] = &record{ID: "sha256:86", ManifestDigest: "sha256:7a", RepoDigests: []string{"r@sha256:1", "<&>"},
		Layers: []layerRef{{Digest: "sha256:03", Size: 1087764, MediaType: "application/vnd.oci.image.layer.v1.tar+gzip", DiffID: "sha256:de"},
			{Digest: "sha256:30", Size: -1, MediaType: "m\u2028é", DiffID: "d\"\\"}},
		Size: 1 << 40, Created: t0, Added: t1}
	ix.Images["sha256:99"] = &record{ID: "sha256:99", Layers: []layerRef{}}
	ix.Names["docker.io/demo/busybox:latest"] = "sha256:86"
	ix.Names["localhost:5000/a/b:1"] = "sha256:99"
	return ix
}

func TestFullIndexIsFull(t *testing.T) {
	r := reflect.ValueOf(*fullIndex().Images["sha256:86"])
	for i := range r.NumField() {
		if r.Field(i).IsZero() {
			t.Errorf("fullIndex leaves record.%s zero: set it, and decode it in index_json.go", r.Type().Field(i).Name)
		}
	}
	l := reflect.ValueOf(fullIndex().Images["sha256:86"].Layers[0])
	for i := range l.NumField() {
		if l.Field(i).IsZero() {
			t.Errorf("fullIndex leaves layerRef.%s zero", l.Type().Field(i).Name)
		}
	}
}

// The index tent writes (indented, as update writes it) reads field by
// field, as encoding/json reads it.
func TestDecodeIndexFast(t *testing.T) {
	for name, ix := range map[string]*index{"empty": newIndex(), "full": fullIndex()} {
		for _, indent := range []string{"", " "} {
			b, err := json.MarshalIndent(ix, "", indent)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := decodeIndexFast(b); !ok {
				t.Errorf("%s: left to encoding/json:\n%s", name, b)
			}
			checkIndexSameAsJSON(t, name, b)
		}
	}
}

// What the fast path leaves to encoding/json, or encoding/json refuses:
// the result and the error must be encoding/json's.
func TestDecodeIndexEdgeCases(t *testing.T) {
	cases := []string{
		``, `null`, `{}`, `[]`, `{"images":null}`, `{"names":null}`, `{"images":{"a":null}}`, `{"images":{"a":{}}}`,
		`{"images":{"a":{"ID":"x"}}}`, `{"images":{"a":{"id":"x","id":"y"}}}`, `{"images":{"a":{}},"images":{"b":{}}}`,
		`{"images":{"a":{},"a":{"id":"2"}}}`, `{"names":{"n":"1","n":"2"}}`, `{"names":{"n":1}}`, `{"names":{"n":null}}`,
		`{"images":{"a":{"layers":null,"repoDigests":null}}}`, `{"images":{"a":{"layers":[{}],"repoDigests":[]}}}`,
		`{"images":{"a":{"layers":[{"size":1.5}]}}}`, `{"images":{"a":{"size":"1"}}}`, `{"images":{"a":{"created":"bad"}}}`,
		`{"images":{"a":{"created":"2024-01-02T03:04:05\u005a"}}}`, `{"images":{"a":{"added":null}}}`, `{"other":1}`,
		`{"images":{"a":{"layers":[{"digest":"d","x":1}]}}}`, `{"images":{}} x`, `{"names":{"\u00e9":"i"}}`,
	}
	for _, c := range cases {
		checkIndexSameAsJSON(t, c, []byte(c))
	}
}
